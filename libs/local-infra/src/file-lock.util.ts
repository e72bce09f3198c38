import { open, readFile, rm, stat } from 'node:fs/promises';

import { sleep } from './poll.util';
import { isProcessAlive } from './process.util';

/**
 * Serialises starts that share a stateDir (e.g. two test files starting the same broker),
 * which would otherwise format storage or spawn servers twice. The lock file holds the
 * owner's pid, so a lock left by a process that died is taken over instead of waited for.
 */
export async function withFileLock<T>(lockPath: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await lockOwner(lockPath);
    if (owner === 'stale') {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${lockPath} (held by pid ${owner})`);
    }
    await sleep(200);
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function lockOwner(lockPath: string): Promise<number | 'stale' | 'unknown'> {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (text === undefined) return 'stale';
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return isProcessAlive(pid) ? pid : 'stale';
  // Created but not yet written by its owner; only an old empty file is abandoned.
  const info = await stat(lockPath).catch(() => undefined);
  return !info || Date.now() - info.mtimeMs > 10_000 ? 'stale' : 'unknown';
}
