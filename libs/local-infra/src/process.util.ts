import { execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

import { sleep } from './poll.util';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The executable itself is missing, as opposed to a command that ran and failed. */
export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`command not found: ${command}`);
  }
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion; a non-zero exit is a result, not an exception. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 0,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new CommandNotFoundError(command));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (e.g. the postgres user), so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Command line of a running process, used to tell our broker from an unrelated process that
 * inherited a stale pid. /proc where there is one, ps elsewhere (macOS).
 */
export async function processCommandLine(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').join(' ').trim();
  } catch {
    try {
      const result = await runCommand('ps', ['-o', 'command=', '-p', String(pid)], { timeoutMs: 5000 });
      return result.code === 0 ? result.stdout.trim() : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Resolves true once pid is gone, false if it is still there after timeoutMs. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

/** Resolves true once our own child has exited (and been reaped), false on timeout. */
export function waitForChildExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Runs a synchronous cleanup when this Node process exits normally (including process.exit).
 * Node does not emit 'exit' when it dies of an unhandled signal, so Ctrl-C is not covered
 * here: callers that want cleanup on signals install their own handlers and call stop().
 * Returns a function that unregisters the hook.
 */
export function onProcessExit(cleanup: () => void): () => void {
  const hook = (): void => {
    try {
      cleanup();
    } catch {
      // Best effort while exiting: nothing left to report to.
    }
  };
  process.once('exit', hook);
  return () => {
    process.off('exit', hook);
  };
}

/** POSIX shell quoting, for the one place a command line goes through /bin/sh (pg_ctl -o). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
