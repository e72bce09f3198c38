import { ensureLocalSigningKeys } from './local-signing-keys';

/**
 * `node dist/scripts/signing-keys.js <folder> <deployment>[=<key id>] …`: makes the missing
 * signing keys of the deployments named (compose's setup container runs it), and writes the
 * public keys to <folder>/signing-keys.json for `vault seed <folder>` to register.
 */
async function main(argv: string[]): Promise<void> {
  const [folder, ...deployments] = argv;
  if (!folder || deployments.length === 0) throw new Error('usage: signing-keys.js <folder> <deployment>[=<key id>] …');
  const requested = Object.fromEntries(deployments.map((entry) => entry.split('=', 2) as [string, string | undefined]));
  const keys = await ensureLocalSigningKeys(folder, requested);
  process.stdout.write(`signing keys: ${keys.map((key) => `${key.deployment} (${key.keyId})`).join(', ')}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`signing keys: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
