import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { PLATFORM_TOPICS } from '@app/contracts';
import { ensureDatabase, findFreePort, startKafka, startPostgres, startZipkin } from '@app/local-infra';
import { createKafka, ensureTopics, generateSigningKey, signingKeyEnv } from '@app/messaging';
import { serveDevIssuer } from '@app/dev-issuer';

/**
 * `npm run bench:tracing`: what OpenTelemetry costs one request. The vault runs as its own
 * process three ways: with the SDK disabled, with spans made but not exported (the default
 * when no exporter is configured), and exporting every span to a real Zipkin. The same
 * authenticated request that touches PostgreSQL (`POST /citizens/me`) is sent one at a time,
 * and the modes take turns across rounds so a noisy neighbour hits them alike.
 */

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 200;
const stateDir = resolve('.state/bench-tracing');

const MODES = {
  'SDK disabled': { OTEL_SDK_DISABLED: 'true' },
  'spans, no exporter': {},
  'spans exported to Zipkin': { OTEL_TRACES_EXPORTER: 'zipkin' },
} as const;
type Mode = keyof typeof MODES;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const infra = { stateDir, kafkaPort: 39092, postgresPort: 55462, log: (line: string) => say(`  infra: ${line}`) };
  const [kafka, postgres, zipkin] = await Promise.all([startKafka(infra), startPostgres(infra), startZipkin({ stateDir, log: infra.log })]);
  const issuer = await serveDevIssuer();
  try {
    await ensureTopics(createKafka({ clientId: 'bench-tracing', brokers: kafka.brokers }), PLATFORM_TOPICS);
    const env = {
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: await ensureDatabase(postgres.adminUrl, 'bench_tracing_vault'),
      KAFKA_BROKERS: kafka.brokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansEndpoint,
      ...signingKeyEnv(await generateSigningKey('bench-tracing-vault')),
    };
    await runToEnd(spawnVault(env, ['migrate']));
    const token = await issuer.issuer.issue({ role: 'citizen', subject: 'bench-citizen', personalId: '001099012345' });

    const samples = new Map<Mode, number[]>(Object.keys(MODES).map((mode) => [mode as Mode, []]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Rotate the order each round, so no mode always runs first (cold) or last.
      const order = (Object.keys(MODES) as Mode[]).map((_, index, modes) => modes[(index + round) % modes.length]);
      for (const mode of order) {
        const latencies = await measure({ ...env, ...MODES[mode] }, token);
        samples.get(mode)!.push(...latencies);
        say(`round ${round}/${ROUNDS}  ${mode.padEnd(26)} median ${percentile(latencies, 0.5).toFixed(3)} ms`);
      }
    }
    report(samples, kafka.source);
  } finally {
    await issuer.stop();
    await zipkin.stop();
    await kafka.stop();
    await postgres.stop();
  }
}

async function measure(env: Record<string, string>, token: string): Promise<number[]> {
  // LOG_LEVEL stays at warn (a request line each would be measured too), so readiness, not the log, says it is up.
  const port = await findFreePort();
  const vault = spawnVault({ ...env, HTTP_PORT: String(port) });
  try {
    const url = `http://127.0.0.1:${port}`;
    await untilReady(vault, url);
    const call = () => fetch(`${url}/citizens/me`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(async (response) => {
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`POST /citizens/me answered ${response.status}`);
    });
    for (let i = 0; i < WARM_UP; i += 1) await call();
    const latencies: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const started = process.hrtime.bigint();
      await call();
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return latencies;
  } finally {
    vault.kill('SIGTERM');
    await new Promise((done) => vault.once('exit', done));
  }
}

function report(samples: Map<Mode, number[]>, kafkaSource: string): void {
  const baseline = percentile(samples.get('SDK disabled')!, 0.5);
  const rows = [...samples].map(([mode, latencies]) => {
    const median = percentile(latencies, 0.5);
    return { mode, median, p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), extra: median - baseline };
  });
  const table = [
    '| mode | median (ms) | p90 (ms) | p99 (ms) | median cost of tracing (ms) |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.mode} | ${row.median.toFixed(3)} | ${row.p90.toFixed(3)} | ${row.p99.toFixed(3)} | ${row.mode === 'SDK disabled' ? '—' : `${row.extra >= 0 ? '+' : ''}${row.extra.toFixed(3)}`} |`),
  ].join('\n');
  // The load average tells a reader whether something else shared the machine during the run.
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Kafka ${kafkaSource}, load average at the end ${loadavg().map((load) => load.toFixed(2)).join(' / ')}`;
  say(`\nPOST /citizens/me on the vault, one at a time: ${ROUNDS} rounds × ${REQUESTS} requests per mode (after ${WARM_UP} warm-up each)\n${machine}\n\n${table}`);
  const folder = resolve('bench/results');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, `tracing-cost-${new Date().toISOString().slice(0, 10)}.md`);
  writeFileSync(file, `# Cost of tracing per request\n\nCommand: \`npm run bench:tracing\`\n\n${machine}\n\n${ROUNDS} rounds × ${REQUESTS} sequential \`POST /citizens/me\` per mode.\n\n${table}\n`);
  say(`\nWritten to ${file}`);
}

function spawnVault(env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [resolve('dist/apps/vault/src/main.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function runToEnd(child: ChildProcess): Promise<void> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`vault migrate exited ${code}: ${output}`);
}

async function untilReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the vault exited with ${child.exitCode}`);
    if (await fetch(`${url}/health/ready`).then((response) => response.ok, () => false)) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error('the vault was not ready within 60 s');
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

main().catch((error: unknown) => {
  say(`The tracing benchmark stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
