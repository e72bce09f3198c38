import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `work` while holding `lockFile` (created with O_EXCL), so two processes making one
 * development PKI at once (the launcher and a test, two test files) do not issue two CAs
 * and leave leaves under the one that lost. The file holds the owner's pid: a lock left by a
 * process that died is taken over instead of waited for.
 */
export async function withDirectoryLock<T>(lockFile: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await lockOwner(lockFile);
    if (owner === 'stale') {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${lockFile} (held by pid ${owner})`);
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function lockOwner(lockFile: string): Promise<number | 'stale' | 'unknown'> {
  const text = await readFile(lockFile, 'utf8').catch(() => undefined);
  // Gone between our attempt and this read: try again at once.
  if (text === undefined) return 'stale';
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return isAlive(pid) ? pid : 'stale';
  // Created but not yet written by its owner; only an old empty file is abandoned.
  const info = await stat(lockFile).catch(() => undefined);
  return !info || Date.now() - info.mtimeMs > 10_000 ? 'stale' : 'unknown';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
