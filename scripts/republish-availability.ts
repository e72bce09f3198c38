import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { VAULT_ENV_FILE } from './local-platform-state';

/**
 * `npm run republish -- --body <code> | --all`: the vault's republish-availability command
 * against the local platform's vault database and Kafka, as the launcher last started them.
 * Run it while `npm run platform` runs (the launcher's Kafka stops with it). Anywhere else,
 * run `node dist/apps/vault/src/main.js republish-availability …` with the vault's own
 * environment; see docs/runbook-republish-availability.md.
 */
function main(): void {
  if (!existsSync(VAULT_ENV_FILE)) {
    process.stderr.write(
      `No local platform state (${relative(process.cwd(), VAULT_ENV_FILE)} is missing): start it with npm run platform, then run this in another terminal.\n`,
    );
    process.exit(1);
  }
  const env = JSON.parse(readFileSync(VAULT_ENV_FILE, 'utf8')) as Record<string, string>;
  const args = process.argv.slice(2);
  const child = spawn(process.execPath, [resolve('dist/apps/vault/src/main.js'), 'republish-availability', ...args], {
    // Progress lines, not the service's JSON log, unless asked for.
    env: { ...process.env, ...env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: 'inherit',
  });
  child.once('exit', (code, signal) => {
    if (code !== 0) process.stderr.write('The republication did not finish. Is the platform running (npm run platform, in another terminal)?\n');
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main();
