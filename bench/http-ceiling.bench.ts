import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describeMachine, writeResults } from './harness/results';
import { stepRates } from './harness/rate-steps';

/**
 * `npm run bench:http-ceiling`: the highest rate a bare Node HTTP server in its own process
 * answers with p99 ≤ 100 ms on this machine, stepped with the open-model generator. It is the
 * ceiling the platform's HTTP figures will be set against. Writes bench/results/<date>-<host>/.
 */
const RATES = (process.env.BENCH_RATES ?? '2000,4000,8000,16000,24000,32000').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 5_000);
const BOUND = { p99Ms: 100 };
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const startedAt = new Date();
  const server = spawn(process.execPath, [resolve(__dirname, 'harness/constant-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    server.stdout.on('data', (chunk: Buffer) => {
      const match = /on (\d+)/.exec(chunk.toString());
      if (match) done(Number(match[1]));
    });
    server.once('exit', (code) => fail(new Error(`the constant server exited with ${code}`)));
  });
  try {
    say(`Bare Node HTTP server (pid ${server.pid}), ${RATES.join(', ')} requests/s for ${STEP_MS / 1000} s each:`);
    const load = await stepRates(RATES, { target: `http://127.0.0.1:${port}`, durationMs: STEP_MS, request: () => ({ method: 'GET', path: '/' }), connections: 64 }, BOUND, ({ result, discarded }) => {
      const errors = Object.entries(result.errors).map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'no errors';
      say(`  ${String(result.offeredRate).padStart(6)}/s → ${result.achievedRate.toFixed(0).padStart(6)}/s  p50 ${result.latencyMs.p50.toFixed(2)} ms  p99 ${result.latencyMs.p99.toFixed(2)} ms  max ${result.latencyMs.max.toFixed(1)} ms  ${errors}${discarded ? `  (discarded: generator ${result.schedulingLagMs.p99.toFixed(1)} ms late at p99)` : ''}`);
    });
    const folder = await writeResults(resolve('bench/results'), {
      startedAt,
      machine: describeMachine(),
      scenarios: [{ id: 'http-ceiling', title: 'Ceiling: a bare Node HTTP server answering a constant', steps: load.steps, sustainedRate: load.sustainedRate, boundP99Ms: BOUND.p99Ms }],
    });
    say(load.sustainedRate === undefined ? 'No step stayed within the bound.' : `Sustained: ${load.sustainedRate}/s with p99 ≤ ${BOUND.p99Ms} ms.`);
    say(`Results: ${folder}`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  say(`The benchmark stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
