import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds, listeningPid, proportionalMiB, residentMiB, withDescendants } from '../harness/process-footprint';

/** One process of the launched platform, or a server with its children (PostgreSQL and its backends). */
export interface PlatformProcess {
  readonly name: string;
  readonly kind: 'service' | 'kafka' | 'postgres';
  readonly pid: number;
}

/** The launcher's services by the ports its summary gives. */
const SERVICES: readonly [string, number][] = [
  ['identity provider', 3000],
  ['vault', 3001],
  ['payment', 3003],
  ['notification', 3004],
  ['intake 000.00.12.H26', 3101],
  ['intake 000.00.15.H26', 3102],
  ['intake 000.00.12.H17', 3103],
  ['portal', 8080],
];

export function platformProcesses(kafkaBrokers: readonly string[], postgresUrl: string): PlatformProcess[] {
  const found: PlatformProcess[] = [];
  const add = (name: string, kind: PlatformProcess['kind'], port: number) => {
    const pid = listeningPid(port);
    if (pid === undefined) throw new Error(`nothing listens on port ${port}, where ${name} should be`);
    found.push({ name, kind, pid });
  };
  for (const [name, port] of SERVICES) add(name, 'service', port);
  add('Kafka', 'kafka', Number(kafkaBrokers[0].split(':').at(-1)));
  add('PostgreSQL', 'postgres', Number(new URL(postgresUrl).port || 5432));
  return found;
}

/** Resident memory: VmRSS for a process, Pss summed over PostgreSQL's processes (its shared buffers count once). */
export function memoryMiB(process: PlatformProcess): number {
  return process.kind === 'postgres' ? proportionalMiB(withDescendants(process.pid)) : residentMiB(process.pid);
}

/** For PostgreSQL: the postmaster with the backends it has reaped, and the live backends. */
export function cpuOf(process: PlatformProcess): number {
  if (process.kind !== 'postgres') return cpuSeconds([process.pid]);
  return cpuSeconds([process.pid], { reaped: true }) + cpuSeconds(withDescendants(process.pid).slice(1));
}

/** The highest memory of each process while it runs, sampled twice a second. */
export class MemorySampler {
  private readonly peak = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly processes: readonly PlatformProcess[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 500);
  }

  private sample(): void {
    for (const process of this.processes) this.peak.set(process.name, Math.max(this.peak.get(process.name) ?? 0, memoryMiB(process)));
  }

  stop(): Map<string, number> {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/** Cores each process uses when nothing is asked of it (timers, polls, the broker's own work), sampled over `ms`. */
export async function idleCores(processes: readonly PlatformProcess[], ms = 5_000): Promise<Map<string, number>> {
  const before = new Map(processes.map((process) => [process.name, cpuOf(process)]));
  await sleep(ms);
  return new Map(processes.map((process) => [process.name, Math.max(0, (cpuOf(process) - before.get(process.name)!) / (ms / 1000))]));
}

/**
 * CPU seconds each process used while `work` ran, beyond what it uses at idle: the cost of
 * the work itself, not of the time it took.
 */
export async function cpuDuring<T>(processes: readonly PlatformProcess[], idle: ReadonlyMap<string, number>, work: () => Promise<T>): Promise<{ value: T; cpu: Map<string, number> }> {
  const started = Date.now();
  const before = new Map(processes.map((process) => [process.name, cpuOf(process)]));
  const value = await work();
  const seconds = (Date.now() - started) / 1000;
  return { value, cpu: new Map(processes.map((process) => [process.name, Math.max(0, cpuOf(process) - before.get(process.name)! - idle.get(process.name)! * seconds)])) };
}

/**
 * Waits until the platform has done what earlier load left it (consumers, relays, mail): until
 * it uses no more than its idle cores and `marginCores` over a second, or for at most `maxMs`;
 * returns the milliseconds waited. A step that starts on a busy platform measures the last
 * one's backlog, and a step's CPU counted before the platform is quiet again leaves out its own.
 */
export async function untilQuiet(processes: readonly PlatformProcess[], idle: ReadonlyMap<string, number>, { marginCores = 0.1, maxMs = 60_000 } = {}): Promise<number> {
  const started = Date.now();
  const quiet = [...idle.values()].reduce((a, b) => a + b, 0) + marginCores;
  const total = () => processes.reduce((sum, process) => sum + cpuOf(process), 0);
  for (let before = total(); Date.now() - started < maxMs; ) {
    await sleep(1_000);
    const now = total();
    if (now - before <= quiet) break;
    before = now;
  }
  return Date.now() - started;
}
