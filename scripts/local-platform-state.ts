import { resolve } from 'node:path';

/**
 * The launcher's local state (Kafka, logs, secrets, the state id), deleted whole by `npm run
 * platform:reset`. PLATFORM_STATE_DIR moves it, so the portal's browser tests run a platform of
 * their own beside a developer's.
 */
export const PLATFORM_STATE_DIR = resolve(process.env.PLATFORM_STATE_DIR ?? '.state/platform');

/** The vault's environment as the launcher last started it, for `npm run republish` (it holds the metrics token: owner-only). */
export const VAULT_ENV_FILE = resolve(PLATFORM_STATE_DIR, 'vault.env.json');
