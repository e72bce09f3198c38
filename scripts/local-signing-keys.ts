import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { signerOfSource } from '@app/contracts';
import { generateSigningKey, SigningIdentity } from '@app/messaging';

export interface LocalSigningKey {
  /** The deployment, named as its CloudEvents source without the slash: `vault`, `intake-000.00.12.h26`. */
  readonly deployment: string;
  readonly keyId: string;
  /** The private key's file: what SIGNING_KEY_FILE names. */
  readonly file: string;
}

/**
 * One signing key per deployment, made once and kept in `folder` (the launcher's
 * `.state/platform/keys`, compose's `signing-keys` volume), and `signing-keys.json` beside
 * them: the public halves in the shape the vault's seeder registers. An existing key is kept,
 * so a restart signs with the key the vault already knows.
 *
 * `requested`: deployment → key id; a key id left empty is derived from the key's thumbprint.
 */
export async function ensureLocalSigningKeys(folder: string, requested: Readonly<Record<string, string | undefined>>): Promise<LocalSigningKey[]> {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const keys: LocalSigningKey[] = [];
  const signingKeys = [];
  for (const [deployment, wantedId] of Object.entries(requested)) {
    const signer = signerOfSource(`/${deployment}`);
    if (!signer) throw new Error(`${deployment} is not a deployment that signs events (vault, payment, notification, intake-<agency code>)`);
    const file = join(folder, `${deployment}.key`);
    const idFile = join(folder, `${deployment}.kid`);
    if (!existsSync(file)) {
      const generated = await generateSigningKey('pending');
      const keyId = wantedId || `${deployment}-${(await calculateJwkThumbprint(generated.publicJwk)).slice(0, 12)}`;
      writeFileSync(file, generated.privateKey, { mode: 0o600 });
      chmodSync(file, 0o600);
      writeFileSync(idFile, keyId);
    }
    const keyId = readFileSync(idFile, 'utf8').trim();
    if (wantedId && wantedId !== keyId) throw new Error(`${file} holds key ${keyId}, not ${wantedId}: delete it to make a new one`);
    const identity = SigningIdentity.load({ privateKey: readFileSync(file, 'utf8'), keyId, variable: file });
    keys.push({ deployment, keyId, file });
    signingKeys.push({
      kid: keyId,
      ownerKind: signer.kind,
      ownerCode: signer.kind === 'agency' ? signer.code : signer.name,
      jwk: identity.publicJwk(),
    });
  }
  writeFileSync(join(folder, 'signing-keys.json'), `${JSON.stringify({ _note: 'public keys only; written by scripts/local-signing-keys.ts', signingKeys }, null, 2)}\n`);
  return keys;
}
