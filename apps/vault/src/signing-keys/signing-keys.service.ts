import { Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, MoreThan, LessThanOrEqual, type EntityManager } from 'typeorm';
import type { JWK } from 'jose';
import { AGENCY_CODE_PATTERN, SIGNING_SERVICES } from '@app/contracts';
import { Agency } from '../directory/agency.entity';
import type { WriteOutcome } from '../common/write-outcome';
import { normalisePublicJwk, sameKey } from './public-jwk.util';
import { SigningKey, type KeyOwnerKind } from './signing-key.entity';
import { invalidKeyOwner, invalidKeyWindow, invalidPublicKey, keyIdTaken, keyRetired, signingKeyNotFound } from './signing-key.errors';
import type { RegisterSigningKeyDto, SigningKeyView } from './signing-keys.dto';

/** The key directory: which public keys each agency's intake and each service sign with. */
@Injectable()
export class SigningKeysService {
  private readonly logger = new Logger(SigningKeysService.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Registers a key, or moves the window of one already registered for the same owner. A key
   * id never changes hands or key material: a signature names its key by id, so reusing an
   * id would let old evidence point at a new key.
   */
  async register(kid: string, input: RegisterSigningKeyDto, now = new Date()): Promise<{ outcome: WriteOutcome; key: SigningKeyView }> {
    const normalised = await normalisePublicJwk(input.jwk, kid);
    if ('problem' in normalised) throw invalidPublicKey(normalised.problem);
    await this.assertOwner(input.ownerKind, input.ownerCode);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(SigningKey, { where: { kid }, lock: { mode: 'pessimistic_write' } });
      // A bound left out keeps what is registered: re-running a setup must not move a key's
      // start past events it already signed.
      const notBefore = input.notBefore ? new Date(input.notBefore) : (existing?.notBefore ?? now);
      const notAfter = input.notAfter ? new Date(input.notAfter) : (existing?.notAfter ?? null);
      if (notAfter && notAfter.getTime() <= notBefore.getTime()) throw invalidKeyWindow();
      if (existing) {
        if (existing.ownerKind !== input.ownerKind || existing.ownerCode !== input.ownerCode || !sameKey(existing.jwk, normalised.jwk)) throw keyIdTaken(kid);
        if (existing.retiredAt) throw keyRetired(kid);
        if (existing.notBefore.getTime() === notBefore.getTime() && (existing.notAfter?.getTime() ?? null) === (notAfter?.getTime() ?? null)) {
          return { outcome: 'unchanged' as const, key: toView(existing) };
        }
        await manager.update(SigningKey, { kid }, { notBefore, notAfter });
        return { outcome: 'changed' as const, key: toView({ ...existing, notBefore, notAfter }) };
      }
      const key = manager.create(SigningKey, { kid, ownerKind: input.ownerKind, ownerCode: input.ownerCode, jwk: normalised.jwk, notBefore, notAfter, retiredAt: null, registeredAt: now });
      await manager.insert(SigningKey, key);
      this.logger.log(`Registered signing key ${kid} of ${input.ownerKind} ${input.ownerCode}`);
      return { outcome: 'created' as const, key: toView(key) };
    });
  }

  /** For good: a retired key verifies nothing any more (see keyUsableAt). */
  async retire(kid: string, now = new Date()): Promise<SigningKeyView> {
    const key = await this.dataSource.manager.findOne(SigningKey, { where: { kid } });
    if (!key) throw signingKeyNotFound(kid);
    if (!key.retiredAt) {
      await this.dataSource.manager.update(SigningKey, { kid }, { retiredAt: now });
      key.retiredAt = now;
      this.logger.warn(`Retired signing key ${kid} of ${key.ownerKind} ${key.ownerCode}`);
    }
    return toView(key);
  }

  /** The keys in force now, as a JWK Set: what consumers outside the vault verify against. */
  async jwks(ownerKind: KeyOwnerKind, ownerCode: string, now = new Date()): Promise<{ keys: JWK[] }> {
    const keys = await this.dataSource.manager.find(SigningKey, {
      where: [
        { ownerKind, ownerCode, retiredAt: IsNull(), notBefore: LessThanOrEqual(now), notAfter: IsNull() },
        { ownerKind, ownerCode, retiredAt: IsNull(), notBefore: LessThanOrEqual(now), notAfter: MoreThan(now) },
      ],
      order: { notBefore: 'DESC', kid: 'ASC' },
    });
    return { keys: keys.map((key) => key.jwk) };
  }

  /**
   * The vault's own key, which it knows from its configuration: registered at start-up so
   * intakes can check availability records without a manual step. A different key already
   * holding the id stops the start-up rather than be replaced.
   */
  async registerOwn(jwk: JWK, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const kid = jwk.kid!;
    const existing = await manager.findOne(SigningKey, { where: { kid } });
    if (existing && (existing.ownerKind !== 'service' || existing.ownerCode !== 'vault' || !sameKey(existing.jwk, jwk))) {
      throw new Error(`SIGNING_KEY_ID ${kid} is registered in the key directory for another key or owner`);
    }
    if (existing?.retiredAt) throw new Error(`SIGNING_KEY_ID ${kid} is a retired key: configure a new one`);
    if (!existing) await this.register(kid, { ownerKind: 'service', ownerCode: 'vault', jwk });
  }

  private async assertOwner(kind: KeyOwnerKind, code: string): Promise<void> {
    if (kind === 'service') {
      if (!(SIGNING_SERVICES as readonly string[]).includes(code)) throw invalidKeyOwner(`${code} is not a service that signs events (${SIGNING_SERVICES.join(', ')})`);
      return;
    }
    if (!AGENCY_CODE_PATTERN.test(code)) throw invalidKeyOwner(`${code} is not an electronic identifier code such as 000.00.12.H26`);
    if (!(await this.dataSource.manager.exists(Agency, { where: { code } }))) throw invalidKeyOwner(`No agency has the code ${code}; create it first.`);
  }
}

function toView(key: SigningKey): SigningKeyView {
  return {
    kid: key.kid,
    ownerKind: key.ownerKind,
    ownerCode: key.ownerCode,
    jwk: key.jwk,
    notBefore: key.notBefore.toISOString(),
    notAfter: key.notAfter?.toISOString() ?? null,
    retiredAt: key.retiredAt?.toISOString() ?? null,
  };
}
