import type { DataSource } from 'typeorm';
import { signerOfSource } from '@app/contracts';
import type { EventKeyResolver, VerificationKey } from '@app/messaging';
import { keyUsableAt } from './key-validity.policy';
import { SigningKey } from './signing-key.entity';

/**
 * The vault checks what it consumes against its own key directory: no network hop, and a
 * retirement takes effect for the very next event.
 */
export class DirectoryKeyResolver implements EventKeyResolver {
  constructor(private readonly dataSource: DataSource) {}

  async keyFor(source: string, key: { kid: string; alg: string }, at: Date): Promise<VerificationKey | undefined> {
    const signer = signerOfSource(source);
    if (!signer) return undefined;
    const ownerCode = signer.kind === 'agency' ? signer.code : signer.name;
    const found = await this.dataSource.manager.findOne(SigningKey, { where: { kid: key.kid, ownerKind: signer.kind, ownerCode } });
    if (!found || !keyUsableAt(found, at) || (found.jwk.alg !== undefined && found.jwk.alg !== key.alg)) return undefined;
    return found.jwk;
  }
}
