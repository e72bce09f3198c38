import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What a process costs, read from Linux's /proc: its resident memory and the CPU time it has
 * used. Processes are found by the port they listen on, which is how the launcher's summary
 * names them, so nothing has to be told their pids.
 */

/** The process listening on a TCP port on this machine, if any. */
export function listeningPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readLines(table).slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      // 0A is LISTEN; the local address ends in the port, in hex.
      if (state === '0A' && parseInt(local.split(':').at(-1)!, 16) === port) inodes.add(`socket:[${inode}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of processIds()) {
    let descriptors: string[];
    try {
      descriptors = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const descriptor of descriptors) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${descriptor}`))) return pid;
      } catch {
        // closed while we looked
      }
    }
  }
  return undefined;
}

/** The process and every process it started, and theirs (PostgreSQL's backends, say). */
export function withDescendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) {
    for (const task of safeReaddir(`/proc/${all[i]}/task`)) {
      const children = readLines(`/proc/${all[i]}/task/${task}/children`).join(' ').trim();
      if (children) all.push(...children.split(/\s+/).map(Number));
    }
  }
  return all;
}

/** Resident memory in MiB (VmRSS). */
export function residentMiB(pid: number): number {
  const line = readLines(`/proc/${pid}/status`).find((entry) => entry.startsWith('VmRSS:'));
  return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
}

/**
 * Proportional memory in MiB (Pss) of a group of processes: shared pages are split among
 * those that share them, so PostgreSQL's shared buffers count once, not once per backend.
 */
export function proportionalMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    const line = readLines(`/proc/${pid}/smaps_rollup`).find((entry) => entry.startsWith('Pss:'));
    if (line) kib += Number(line.split(/\s+/)[1]);
  }
  return kib / 1024;
}

/**
 * User plus system CPU seconds used so far by the processes; with `reaped`, also that of their
 * children that have exited and been waited for (PostgreSQL's closed backends), so a server's
 * total never goes down between two readings.
 */
export function cpuSeconds(pids: readonly number[], options: { reaped?: boolean } = {}): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readLines(`/proc/${pid}/stat`)[0];
    if (!stat) continue;
    // Fields after the command name, which is in parentheses and may hold spaces: utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + (options.reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  }
  return ticks / clockTicksPerSecond();
}

let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

function processIds(): number[] {
  return safeReaddir('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch {
    return [];
  }
}
