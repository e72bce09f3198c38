import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A service started as its real deployable: the compiled main.js in a child process, so a
 * test can SIGKILL it, or watch it refuse to start, exactly as an orchestrator would.
 */
export class ServiceProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(app: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
    const main = resolve('dist', 'apps', app, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" before the integration tests`);
    const child = spawn(process.execPath, [main, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  get log(): string {
    return this.output;
  }

  /** Resolves once a line matching `pattern` was printed; rejects if the process exits first. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (!pattern.test(this.output)) {
      if (exited) throw new Error(`process exited before printing ${pattern}:\n${this.output.slice(-2_000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${this.output.slice(-2_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}
