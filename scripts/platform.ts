import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PLATFORM_TOPICS } from '@app/contracts';
import { assertNodeRuntime, ensureDatabase, startKafka, startPostgres, startZipkin, type KafkaHandle, type PostgresHandle, type ZipkinHandle } from '@app/local-infra';
import { createKafka, ensureTopics } from '@app/messaging';
import { ensureLocalSigningKeys } from './local-signing-keys';

/**
 * `npm run platform`: the whole platform on one machine. Kafka and PostgreSQL come from
 * KAFKA_BROKERS / DATABASE_URL when given, from Docker when an engine answers, otherwise
 * from the local launcher (Apache Kafka from Maven Central, the local PostgreSQL or a
 * private cluster). Then databases, topics, migrations, seed data, and every service.
 */

interface Deployment {
  readonly name: string;
  readonly app: 'vault' | 'intake' | 'payment' | 'notification';
  readonly port: number;
  readonly database: string;
  /** Its CloudEvents source without the slash, which names its signing key. */
  readonly signer: string;
  /** What the summary shows next to the URL. */
  readonly label?: string;
  readonly env?: Record<string, string>;
}

const ISSUER_PORT = 3000;
const ZIPKIN_PORT = 9411;
/** The apps that load reference data: the vault's directory and document types, each intake's procedures. */
const SEEDED_APPS = new Set<Deployment['app']>(['vault', 'intake']);
const VAULT_URL = 'http://127.0.0.1:3001';

/** The same agencies docker-compose runs: two siblings under Hà Nội (connected) and one in Đà Nẵng (not). */
const LOCAL_INTAKES = [
  { agency: '000.00.12.H26', label: 'Hanoi Department of Justice' },
  { agency: '000.00.15.H26', label: 'Hanoi Department of Health' },
  { agency: '000.00.12.H17', label: 'Da Nang Department of Justice' },
];

const DEPLOYMENTS: Deployment[] = [
  { name: 'vault', app: 'vault', port: 3001, database: 'vault', signer: 'vault' },
  { name: 'payment', app: 'payment', port: 3003, database: 'payment', signer: 'payment' },
  { name: 'notification', app: 'notification', port: 3004, database: 'notification', signer: 'notification' },
  ...LOCAL_INTAKES.map(({ agency, label }, index) => ({
    name: `intake ${agency}`,
    label,
    app: 'intake' as const,
    port: 3101 + index,
    database: `intake_${agency.toLowerCase().replaceAll('.', '_')}`,
    signer: `intake-${agency.toLowerCase()}`,
    env: { AGENCY_CODE: agency, VAULT_URL },
  })),
];

const stateDir = resolve('.state/platform');
const logDir = resolve(stateDir, 'logs');
const children: ChildProcess[] = [];
let kafka: KafkaHandle | undefined;
let postgres: PostgresHandle | undefined;
let zipkin: ZipkinHandle | undefined;

const say = (line: string) => process.stdout.write(`${line}\n`);
const step = async <T>(label: string, work: () => Promise<T>, done: (result: T) => string): Promise<T> => {
  process.stdout.write(`▸ ${label.padEnd(12)} … `);
  const started = Date.now();
  const result = await work();
  say(`${done(result)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
};

async function main(): Promise<void> {
  assertNodeRuntime();
  mkdirSync(logDir, { recursive: true });
  say('Once-only platform: starting. Logs: ' + logDir);
  const infra = { stateDir, kafkaPort: 9092, postgresPort: 55432, log: () => undefined };
  kafka = await step('Kafka', () => startKafka(infra), (k) => `${k.brokers.join(',')} (${k.source})`);
  postgres = await step('PostgreSQL', () => startPostgres(infra), (p) => `${redact(p.adminUrl)} (${p.source})`);
  zipkin = await step('trace viewer', () => startZipkin({ stateDir, port: ZIPKIN_PORT, log: () => undefined }), (z) => `${z.url} (Zipkin, ${z.source})`);
  const metricsToken = localSecret('metrics-token');

  const databaseUrls = await step(
    'databases',
    async () => Object.fromEntries(await Promise.all(DEPLOYMENTS.map(async (d) => [d.name, await ensureDatabase(postgres!.adminUrl, d.database)] as const))),
    (urls) => `${Object.keys(urls).length} ready`,
  );
  const brokers = kafka.brokers.join(',');
  await step('topics', () => ensureTopics(createKafka({ clientId: 'platform-launcher', brokers: kafka!.brokers }), PLATFORM_TOPICS), (created) =>
    created.length === 0 ? 'all present' : `${created.length} created`,
  );

  // Made once and kept: the vault's key directory already knows them on the next start.
  const keysDir = resolve(stateDir, 'keys');
  const signingKeys = await step(
    'signing keys',
    async () => new Map((await ensureLocalSigningKeys(keysDir, Object.fromEntries(DEPLOYMENTS.map((d) => [d.signer, undefined])))).map((key) => [key.deployment, key])),
    (keys) => `${keys.size} in ${keysDir}`,
  );

  const envOf = (d: Deployment): Record<string, string> => ({
    HTTP_PORT: String(d.port),
    DATABASE_URL: databaseUrls[d.name],
    KAFKA_BROKERS: brokers,
    AUTH_ISSUER: `http://127.0.0.1:${ISSUER_PORT}`,
    AUTH_JWKS_URL: `http://127.0.0.1:${ISSUER_PORT}/.well-known/jwks.json`,
    METRICS_TOKEN: metricsToken,
    OTEL_TRACES_EXPORTER: 'zipkin',
    OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin!.spansEndpoint,
    SIGNING_KEY_FILE: signingKeys.get(d.signer)!.file,
    SIGNING_KEY_ID: signingKeys.get(d.signer)!.keyId,
    ...d.env,
  });
  await step('migrations', () => Promise.all(DEPLOYMENTS.map((d) => runToCompletion(d, envOf(d), ['migrate']))), () => 'all applied');
  const seeded = DEPLOYMENTS.filter((d) => SEEDED_APPS.has(d.app));
  await step('seed data', () => Promise.all(seeded.map((d) => runToCompletion(d, envOf(d), ['seed', 'deploy/seed']))), () => 'loaded');
  // After the directory, whose agencies the intakes' keys belong to.
  const vault = DEPLOYMENTS.find((d) => d.app === 'vault')!;
  await step('key directory', () => runToCompletion(vault, envOf(vault), ['seed', keysDir]), () => `${signingKeys.size} public keys registered`);

  await step('dev issuer', () => startDevIssuer(), () => `http://127.0.0.1:${ISSUER_PORT}`);
  // Topics, schemas and seed data are in place, so the services have no order among themselves.
  await step('services', () => Promise.all(DEPLOYMENTS.map((deployment) => serve(deployment, envOf(deployment)))), () => `${DEPLOYMENTS.length} ready`);
  printSummary();
}

function launch(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const log = createWriteStream(resolve(logDir, `${name.replaceAll(' ', '-')}.log`), { flags: 'a' });
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return child;
}

function mainOf(app: string): string {
  return resolve('dist/apps', app, 'src/main.js');
}

async function runToCompletion(d: Deployment, env: Record<string, string>, args: string[]): Promise<void> {
  const child = launch(`${d.name}-${args[0]}`, [mainOf(d.app), ...args], env);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`${d.name} ${args[0]} failed; see ${logDir}`);
}

async function startDevIssuer(): Promise<void> {
  const child = launch('dev-issuer', [mainOf('dev-issuer')], { HTTP_PORT: String(ISSUER_PORT) });
  children.push(child);
  await waitUntilHealthy('dev-issuer', child, `http://127.0.0.1:${ISSUER_PORT}/.well-known/jwks.json`);
}

async function serve(d: Deployment, env: Record<string, string>): Promise<void> {
  const child = launch(d.name, [mainOf(d.app)], env);
  children.push(child);
  await waitUntilHealthy(d.name, child, `http://127.0.0.1:${d.port}/health/ready`);
}

async function waitUntilHealthy(name: string, child: ChildProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logDir}`);
    const healthy = await fetch(url).then((response) => response.ok, () => false);
    if (healthy) return;
    await sleep(200);
  }
  throw new Error(`${name} was not healthy within ${timeoutMs / 1000} s; see ${logDir}`);
}

function printSummary(): void {
  say('\nThe platform is running. Ctrl-C stops everything.\n');
  const row = (name: string, url: string, note: string) => say(`  ${name.padEnd(22)} ${url.padEnd(24)} ${note}`);
  row('service', 'URL', 'notes');
  row('dev token issuer', `http://127.0.0.1:${ISSUER_PORT}`, 'POST /tokens');
  for (const d of DEPLOYMENTS) row(d.name, `http://127.0.0.1:${d.port}`, `OpenAPI at /docs${d.label ? ` — ${d.label}` : ''}`);
  row('trace viewer', `${zipkin!.url}/zipkin/`, 'Zipkin: every request and event, one trace per citizen action');
  say(`\n  Kafka ${kafka!.brokers.join(',')}   PostgreSQL ${redact(postgres!.adminUrl)}   logs ${logDir}`);
  say(`  Metrics (Prometheus): curl -H "Authorization: Bearer $(cat ${resolve(stateDir, 'metrics-token')})" http://127.0.0.1:3001/metrics`);
  say('  Try the once-only story: npm run demo');
}

/** A secret generated once per local state (never committed), so restarts keep working with it. */
function localSecret(name: string): string {
  const file = resolve(stateDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]+@/, '//$1:***@');
}

let stopping = false;
async function stop(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  say('\nStopping…');
  for (const child of children) child.kill('SIGTERM');
  const running = children.filter((child) => child.exitCode === null);
  await Promise.all(running.map((child) => new Promise((done) => child.once('exit', done))));
  await zipkin?.stop();
  await kafka?.stop();
  await postgres?.stop();
  say('Stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  say(`\nThe platform could not start: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
