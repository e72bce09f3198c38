import { resolve } from 'node:path';

/** The launcher's local state (Kafka, logs, secrets, the state id), deleted whole by `npm run platform:reset`. */
export const PLATFORM_STATE_DIR = resolve('.state/platform');

/** The vault's environment as the launcher last started it, for `npm run republish` (it holds the metrics token: owner-only). */
export const VAULT_ENV_FILE = resolve(PLATFORM_STATE_DIR, 'vault.env.json');
