import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadRequest, OpenLoadOptions, OpenLoadResult } from './open-load';

/** An open-load step that can cross to another process: the requests are listed, not computed. */
export interface LoadPlan extends Omit<OpenLoadOptions, 'request' | 'onAnswer'> {
  /** Request i is `requests[i % requests.length]`. */
  readonly requests: readonly LoadRequest[];
  /** Also return when each request was answered (wall-clock ms, null if it failed). */
  readonly answerTimes?: boolean;
}

export interface PlannedLoadResult extends OpenLoadResult {
  readonly answeredAt?: readonly (number | null)[];
}

/** The compiled worker next to this module; under vitest (TypeScript sources) the build's copy. */
function workerModule(): string {
  const beside = resolve(__dirname, 'load-generator.worker.js');
  return existsSync(beside) ? beside : resolve('dist/bench/harness/load-generator.worker.js');
}

/**
 * The open-model generator in a process of its own, so the benchmark's bookkeeping (and the
 * services, which run elsewhere) do not steal its event loop, and a starved step shows as its
 * own scheduling lag. One process serves every step of a run.
 */
export class LoadGeneratorProcess {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadGeneratorProcess {
    const module = workerModule();
    if (!existsSync(module)) throw new Error(`the load generator is not built (${module}): run npm run build first`);
    return new LoadGeneratorProcess(fork(module, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  run(plan: LoadPlan): Promise<PlannedLoadResult> {
    return new Promise((done, fail) => {
      const exited = (code: number | null) => fail(new Error(`the load generator exited with ${code} during a step`));
      this.child.once('exit', exited);
      this.child.once('message', (answer: { result?: PlannedLoadResult; error?: string }) => {
        this.child.off('exit', exited);
        if (answer.result) done(answer.result);
        else fail(new Error(`the load generator failed: ${answer.error}`));
      });
      this.child.send(plan);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }
}
