import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { PERSONAL_ID_PATTERN, type Principal } from '@app/platform';

/** A demo person who can log in at the development identity provider. */
export interface DevIdentity {
  /** What they type to log in: a citizen's personal identification number, an officer's user name. */
  readonly username: string;
  readonly name: string;
  readonly principal: Principal;
}

/**
 * The demo people of the local platform and the tests, from `deploy/seed/dev-identities.json`.
 * They all share the file's demo password, which protects nothing: the development identity
 * provider is never deployed, and production logs in at VNeID.
 */
export class DevIdentities {
  private readonly byUsername: Map<string, DevIdentity>;
  private readonly bySubject: Map<string, DevIdentity>;

  constructor(
    identities: readonly DevIdentity[],
    private readonly password: string,
  ) {
    this.byUsername = new Map(identities.map((identity) => [identity.username, identity]));
    this.bySubject = new Map(identities.map((identity) => [identity.principal.subject, identity]));
  }

  static fromFile(file: string): DevIdentities {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { password?: unknown; accounts?: unknown };
    if (typeof parsed.password !== 'string' || !Array.isArray(parsed.accounts)) throw new Error(`${file}: expected { password, accounts: [...] }`);
    return new DevIdentities(parsed.accounts.map((account, index) => toIdentity(account, `${file} accounts[${index}]`)), parsed.password);
  }

  get all(): readonly DevIdentity[] {
    return [...this.byUsername.values()];
  }

  /** The identity these credentials log in as, or undefined: the caller says only that they are wrong. */
  authenticate(username: string, password: string): DevIdentity | undefined {
    const identity = this.byUsername.get(username.trim());
    const given = Buffer.from(password);
    const expected = Buffer.from(this.password);
    const matches = given.length === expected.length && timingSafeEqual(given, expected);
    return identity && matches ? identity : undefined;
  }

  bySubjectId(subject: string): DevIdentity | undefined {
    return this.bySubject.get(subject);
  }
}

function toIdentity(raw: unknown, where: string): DevIdentity {
  const { username, name, role, personalId, agencyCode } = (raw ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof name !== 'string') throw new Error(`${where}: username and name are required`);
  if (role === 'citizen' && typeof personalId === 'string' && PERSONAL_ID_PATTERN.test(personalId)) {
    return { username, name, principal: { role, personalId, subject: `citizen-${personalId}` } };
  }
  if (role === 'officer' && typeof agencyCode === 'string' && agencyCode) {
    return { username, name, principal: { role, agencyCode, subject: `officer-${username}` } };
  }
  if (role === 'admin') return { username, name, principal: { role, subject: `admin-${username}` } };
  throw new Error(`${where}: role must be citizen (with a 12-digit personalId), officer (with agencyCode) or admin`);
}
