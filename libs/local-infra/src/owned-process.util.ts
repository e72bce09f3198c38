import { readFile, rm } from 'node:fs/promises';

import { isProcessAlive, onProcessExit } from './process.util';

const GRACEFUL_STOP_MS = 15_000;

/**
 * Takes charge of a server process by pid, whether we spawned it or found it from an earlier
 * run: stop() ends it (SIGTERM, then SIGKILL if it hangs) and a normal exit of Node without
 * stop() sends it SIGTERM. waitForExit differs: our own child is awaited through its exit
 * event (a pid check would see it as a zombie until Node reaps it), a stranger by polling.
 */
export function ownProcess(
  pid: number,
  pidFile: string,
  waitForExit: (ms: number) => Promise<boolean>,
): { stop: () => Promise<void>; kill: () => Promise<void> } {
  const removeExitHook = onProcessExit(() => process.kill(pid, 'SIGTERM'));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      removeExitHook();
      if (isProcessAlive(pid)) {
        signal(pid, 'SIGTERM');
        // A clean shutdown takes a few seconds; a wedged process gets SIGKILL.
        if (!(await waitForExit(GRACEFUL_STOP_MS))) {
          signal(pid, 'SIGKILL');
          await waitForExit(5000);
        }
      }
      if ((await readPidFile(pidFile)) === pid) await rm(pidFile, { force: true });
    })();
    return stopping;
  };
  // A crash, not a stop: no SIGTERM and no grace, as when the machine loses power (the fault matrix).
  const kill = async (): Promise<void> => {
    removeExitHook();
    signal(pid, 'SIGKILL');
    await waitForExit(5000);
    if ((await readPidFile(pidFile)) === pid) await rm(pidFile, { force: true });
  };
  return { stop, kill };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

export async function readPidFile(pidFile: string): Promise<number | undefined> {
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
