import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** What Kubernetes allows a pod between SIGTERM and SIGKILL (terminationGracePeriodSeconds in deploy/k8s). */
const TERMINATION_GRACE_MS = 45_000;

/**
 * One deployment of a service as its own process: the compiled main.js, with its environment.
 * It can be killed without warning and started again, as an orchestrator would, and its output
 * is appended to one log file across restarts.
 */
export class ServiceDeployment {
  private child: ChildProcess | undefined;
  private stopping = false;
  /** Exits nobody asked for, with their codes: each is a crash the matrix reports. */
  readonly crashes: string[] = [];

  constructor(
    readonly name: string,
    readonly app: 'vault' | 'intake' | 'payment' | 'notification',
    readonly port: number,
    readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** `migrate` or `seed <folder>`, to completion. */
  async run(args: string[]): Promise<void> {
    const child = this.spawn(args);
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    if (code !== 0) throw new Error(`${this.name} ${args.join(' ')} exited with ${code}; see ${this.logFile}`);
  }

  async start(): Promise<void> {
    this.stopping = false;
    const child = this.spawn([]);
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.crashes.push(`${this.name} exited by itself (${signal ?? `code ${code}`}); see ${this.logFile}`);
    });
    this.child = child;
    await this.waitUntilReady();
  }

  /** Whether it is running; false after a crash. */
  get running(): boolean {
    return this.pid !== undefined;
  }

  /**
   * SIGKILL, or SIGTERM for an orderly stop, which gets Kubernetes' 45 s before a SIGKILL.
   * Resolves once the process is gone: false when an orderly stop had to be forced.
   */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<boolean> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return true;
    this.stopping = true;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    const graceful = await Promise.race([exited.then(() => true), sleep(TERMINATION_GRACE_MS).then(() => false)]);
    if (!graceful) {
      child.kill('SIGKILL');
      await exited;
    }
    return graceful;
  }

  async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.child && this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}; see ${this.logFile}`);
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (response?.ok) return;
      if (response) last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
      await sleep(200);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s (${last}); see ${this.logFile}`);
  }

  async isReady(): Promise<boolean> {
    const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    return response?.ok ?? false;
  }

  get logFile(): string {
    return resolve(this.logDir, `${this.name}.log`);
  }

  private spawn(args: string[]): ChildProcess {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [resolve('dist/apps', this.app, 'src/main.js'), ...args], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    return child;
  }
}
