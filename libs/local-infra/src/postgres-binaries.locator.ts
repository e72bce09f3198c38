import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface PostgresBinCandidate {
  dir: string;
  /** Major version when the install layout tells it (e.g. /usr/lib/postgresql/15/bin). */
  major?: number;
  fromPath: boolean;
}

/**
 * Chooses where initdb/pg_ctl come from. An existing cluster must be run by its own major
 * version (a newer server refuses older data files), so a matching install wins; otherwise
 * the one on PATH, which is what the user chose, then the newest packaged one.
 */
export function pickPostgresBinDir(
  candidates: readonly PostgresBinCandidate[],
  existingMajor?: number,
): PostgresBinCandidate | undefined {
  if (existingMajor !== undefined) {
    const matching = candidates.find((candidate) => candidate.major === existingMajor);
    if (matching) return matching;
  }
  const onPath = candidates.find((candidate) => candidate.fromPath);
  if (onPath) return onPath;
  return [...candidates].sort((a, b) => (b.major ?? 0) - (a.major ?? 0))[0];
}

export function majorFromInstallPath(path: string): number | undefined {
  const match = /postgresql[@/-](\d+)(?:[./]|$)|pgsql-(\d+)/.exec(path);
  const digits = match?.[1] ?? match?.[2];
  return digits === undefined ? undefined : Number(digits);
}

/** Install locations of Debian/Ubuntu, RHEL (PGDG) and Homebrew, plus PATH. */
export function listPostgresBinCandidates(env: NodeJS.ProcessEnv = process.env): PostgresBinCandidate[] {
  const found = new Map<string, PostgresBinCandidate>();
  const add = (dir: string, fromPath: boolean): void => {
    if (!isExecutable(join(dir, 'initdb')) || !isExecutable(join(dir, 'pg_ctl'))) return;
    // PATH often holds symlinks (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb);
    // the real location tells the version and avoids listing one install twice.
    const realDir = dirname(realpathSync(join(dir, 'initdb')));
    const existing = found.get(realDir);
    if (existing) {
      existing.fromPath ||= fromPath;
      return;
    }
    const major = majorFromInstallPath(realDir);
    found.set(realDir, { dir: realDir, fromPath, ...(major === undefined ? {} : { major }) });
  };
  for (const dir of (env['PATH'] ?? '').split(delimiter)) if (dir) add(dir, true);
  for (const [root, pattern] of [
    ['/usr/lib/postgresql', /^\d+$/],
    ['/usr', /^pgsql-\d+$/],
    ['/opt/homebrew/opt', /^postgresql@\d+$/],
    ['/usr/local/opt', /^postgresql@\d+$/],
  ] as const) {
    for (const name of safeReaddir(root)) if (pattern.test(name)) add(join(root, name, 'bin'), false);
  }
  return [...found.values()];
}

export function findPostgresBinDir(existingMajor?: number): string | undefined {
  return pickPostgresBinDir(listPostgresBinCandidates(), existingMajor)?.dir;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
