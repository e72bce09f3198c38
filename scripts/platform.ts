import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { PLATFORM_TOPICS } from '@app/contracts';
import { ensureDevelopmentPki, serveDevelopmentTsa, type DevelopmentPki } from '@app/dev-pki';
import { startDevMailbox, startDevSms, type RunningDevMailbox, type RunningDevSms } from '@app/dev-mailbox';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import {
  assertNodeRuntime,
  dropDatabasesCommand,
  ensureDatabase,
  localDatabaseName,
  localStateId,
  otherStatesDatabases,
  STATE_ID_FILE,
  StatelessDataError,
  startKafka,
  startPostgres,
  startZipkin,
  type KafkaHandle,
  type PostgresHandle,
  type ZipkinHandle,
} from '@app/local-infra';
import { createKafka, ensureTopics } from '@app/messaging';
import { PLATFORM_STATE_DIR, VAULT_ENV_FILE } from './local-platform-state';
import { ensureLocalSigningKeys } from './local-signing-keys';

/**
 * `npm run platform`: the whole platform on one machine. Kafka and PostgreSQL come from
 * KAFKA_BROKERS / DATABASE_URL when given, from Docker when an engine answers, otherwise
 * from the local launcher (Apache Kafka from Maven Central, the local PostgreSQL or a
 * private cluster). Then databases, topics, migrations, seed data, and every service.
 * The intakes sign electronic results under a development PKI kept in the state (no legal
 * validity) and stamp them at a development timestamp authority that runs in this process;
 * `npm run platform -- --pki` makes only that PKI, for docker-compose to mount.
 *
 * One local state: the broker's data lives under .state/platform, and the databases, which
 * may live on a server that outlives that folder, are named after the state id stored there
 * (`vault_3f9a2c`…). A new folder is a new broker and new databases, never one without the
 * other. `npm run platform -- --reset` deletes the folder; databases of other states are
 * listed, with the command that drops them, but never dropped here.
 */

interface Deployment {
  readonly name: string;
  readonly app: 'vault' | 'intake' | 'payment' | 'notification';
  readonly port: number;
  /** The database's name without the state id. */
  readonly database: string;
  /** Its CloudEvents source without the slash, which names its signing key. */
  readonly signer: string;
  /** What the summary shows next to the URL. */
  readonly label?: string;
  /** An intake's agency, whose development certificate signs its results. */
  readonly agency?: string;
  readonly env?: Record<string, string>;
}

const ISSUER_PORT = 3000;
const ISSUER_URL = `http://127.0.0.1:${ISSUER_PORT}`;
/** The citizen and officer portal: where browsers go, so verification links and payment returns point here too. */
const PORTAL_PORT = 8080;
const PORTAL_URL = `http://localhost:${PORTAL_PORT}`;
const ZIPKIN_PORT = 9411;
/** The development timestamp authority's port, unless something else holds it. */
const TSA_PORT = 3318;
/** The development payment gateway (a VNPay-style intermediary) the payment service pays through. */
const SANDBOX_GATEWAY_PORT = 3090;
const SANDBOX_TMN_CODE = 'ONCEONLY';
/** The state treasury-style receiving account VietQR transfers are made to (development values). */
const VIETQR_ACCOUNT = { bin: '970436', number: '0011004455667', name: 'KHO BAC NHA NUOC HA NOI' };
const SANDBOX_SECRET_FILE = resolve(PLATFORM_STATE_DIR, 'payment-sandbox.secret');
/** The development mailbox (a real SMTP server with a page to read what it received) and SMS sandbox. */
const MAILBOX = { smtpPort: 1025, httpPort: 8025, smsPort: 8026 };
const SMS_KEY_FILE = resolve(PLATFORM_STATE_DIR, 'sms-sandbox.key');
/** The portal's OIDC client secret, shared by the identity provider and the portal. */
const PORTAL_CLIENT_SECRET_FILE = resolve(PLATFORM_STATE_DIR, 'portal-client.secret');
/** The apps that load reference data: the vault's directory and document types, each intake's procedures. */
const SEEDED_APPS = new Set<Deployment['app']>(['vault', 'intake', 'notification']);
const VAULT_URL = 'http://127.0.0.1:3001';

/** The same agencies docker-compose runs: two siblings under Hà Nội (connected) and one in Đà Nẵng (not). */
const LOCAL_INTAKES = [
  { agency: '000.00.12.H26', label: 'Hanoi Department of Justice' },
  { agency: '000.00.15.H26', label: 'Hanoi Department of Health' },
  { agency: '000.00.12.H17', label: 'Da Nang Department of Justice' },
];

const DEPLOYMENTS: Deployment[] = [
  { name: 'vault', app: 'vault', port: 3001, database: 'vault', signer: 'vault' },
  {
    name: 'payment',
    app: 'payment',
    port: 3003,
    database: 'payment',
    signer: 'payment',
    env: {
      VAULT_URL,
      PUBLIC_URL: 'http://localhost:3003',
      PORTAL_URL,
      SANDBOX_GATEWAY_URL: `http://127.0.0.1:${SANDBOX_GATEWAY_PORT}`,
      SANDBOX_TMN_CODE,
      SANDBOX_HASH_SECRET_FILE: SANDBOX_SECRET_FILE,
      VIETQR_BANK_BIN: VIETQR_ACCOUNT.bin,
      VIETQR_ACCOUNT_NUMBER: VIETQR_ACCOUNT.number,
      VIETQR_ACCOUNT_NAME: VIETQR_ACCOUNT.name,
      // The sandbox plays the bank too, signing its credit notifications with the same secret.
      VIETQR_CREDIT_SECRET_FILE: SANDBOX_SECRET_FILE,
    },
  },
  {
    name: 'notification',
    app: 'notification',
    port: 3004,
    database: 'notification',
    signer: 'notification',
    env: {
      VAULT_URL,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(MAILBOX.smtpPort),
      SMS_PROVIDER: 'sandbox',
      SMS_SANDBOX_URL: `http://127.0.0.1:${MAILBOX.smsPort}`,
      SMS_SANDBOX_API_KEY_FILE: SMS_KEY_FILE,
      // The demo tells one citizen some twenty things within a minute; a deployment keeps the default 5.
      RATE_LIMIT_COUNT: '30',
    },
  },
  ...LOCAL_INTAKES.map(({ agency, label }, index) => ({
    name: `intake ${agency}`,
    label,
    agency,
    app: 'intake' as const,
    port: 3101 + index,
    database: `intake_${agency.toLowerCase().replaceAll('.', '_')}`,
    signer: `intake-${agency.toLowerCase()}`,
    env: { AGENCY_CODE: agency, VAULT_URL },
  })),
];

const stateDir = PLATFORM_STATE_DIR;
/** The development CA, the intakes' PKCS#12 files and the TSA's certificate; compose mounts it too. */
const pkiDir = resolve(stateDir, 'pki');
const logDir = resolve(stateDir, 'logs');
/** The launcher that owns this state while it runs; `--reset` refuses to pull the state from under it. */
const pidFile = resolve(stateDir, 'launcher.pid');
const children: ChildProcess[] = [];
/** What the summary must tell: a split the vault found, databases of other states. */
const notices: string[] = [];
let kafka: KafkaHandle | undefined;
let postgres: PostgresHandle | undefined;
let zipkin: ZipkinHandle | undefined;
let pki: DevelopmentPki | undefined;
let tsa: { url: string; close(): Promise<void> } | undefined;
let sandbox: RunningSandboxGateway | undefined;
let mailbox: RunningDevMailbox | undefined;
let sms: RunningDevSms | undefined;

const say = (line: string) => process.stdout.write(`${line}\n`);
const step = async <T>(label: string, work: () => Promise<T>, done: (result: T) => string): Promise<T> => {
  process.stdout.write(`▸ ${label.padEnd(19)} … `);
  const started = Date.now();
  const result = await work();
  say(`${done(result)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
};

async function main(): Promise<void> {
  assertNodeRuntime();
  mkdirSync(logDir, { recursive: true });
  claimState();
  const state = stateOrAdvice();
  say(`Once-only platform: starting local state ${state.id} (${state.created ? 'new' : 'kept'}, ${relative(process.cwd(), stateDir)}). Logs: ${logDir}`);
  const infra = { stateDir, kafkaPort: 9092, postgresPort: 55432, log: () => undefined };
  kafka = await step('Kafka', () => startKafka(infra), (k) => `${k.brokers.join(',')} (${k.source})`);
  postgres = await step('PostgreSQL', () => startPostgres(infra), (p) => `${redact(p.adminUrl)} (${p.source})`);
  zipkin = await step('trace viewer', () => startZipkin({ stateDir, port: ZIPKIN_PORT, log: () => undefined }), (z) => `${z.url} (Zipkin, ${z.source})`);
  const metricsToken = localSecret('metrics-token');

  const existing = await databasesOn(postgres.adminUrl);
  const databaseOf = (d: Deployment) => localDatabaseName(d.database, state.id);
  const kept = DEPLOYMENTS.filter((d) => existing.includes(databaseOf(d)));
  const databaseUrls = await step(
    'databases',
    async () => Object.fromEntries(await Promise.all(DEPLOYMENTS.map(async (d) => [d.name, await ensureDatabase(postgres!.adminUrl, databaseOf(d))] as const))),
    (urls) => `${Object.keys(urls).length} ready (${kept.length === 0 ? 'new' : `${kept.length} kept`}, *_${state.id})`,
  );
  const others = otherStatesDatabases(existing, [...new Set(DEPLOYMENTS.map((d) => d.database))], state.id);
  if (others.length > 0) {
    notices.push(
      `${others.length} databases of other local states are still on ${redact(postgres.adminUrl)}: ${others.join(', ')}.\n` +
        `    Nothing uses them; to remove them: ${dropDatabasesCommand(postgres.adminUrl, others)}`,
    );
  }
  const brokers = kafka.brokers.join(',');
  const launcherKafka = createKafka({ clientId: 'platform-launcher', brokers: kafka.brokers });
  const created = await step('topics', () => ensureTopics(launcherKafka, PLATFORM_TOPICS), (names) => (names.length === 0 ? 'all present' : `${names.length} created`));
  // A broker without the platform's topics is new: beside kept databases (an external or
  // throw-away broker, a lost .state/platform/kafka), the topics lack what the vault announced.
  if (created.length === PLATFORM_TOPICS.length && kept.some((d) => d.app === 'vault')) {
    notices.push(
      `Kafka (${kafka.source}) is new but the databases of local state ${state.id} are not: its availability topics lack what the vault announced.\n` +
        '    If the vault reports missing records, rebuild them with npm run republish -- --all, or start a wholly new state with npm run platform:reset.',
    );
  }
  if (state.created && kafka.source === 'env') {
    notices.push('This local state is new but Kafka (KAFKA_BROKERS) is not: its availability topics may still hold records of documents this vault has never seen.');
  }

  // Made once and kept: the vault's key directory already knows them on the next start.
  const keysDir = resolve(stateDir, 'keys');
  const signingKeys = await step(
    'signing keys',
    async () => new Map((await ensureLocalSigningKeys(keysDir, Object.fromEntries(DEPLOYMENTS.map((d) => [d.signer, undefined])))).map((key) => [key.deployment, key])),
    (keys) => `${keys.size} in ${keysDir}`,
  );
  // Kept like the keys: a PDF signed on an earlier run stays trusted by the CA already imported.
  pki = await step('development PKI', developmentPki, () => `CA and ${LOCAL_INTAKES.length} agency certificates in ${relative(process.cwd(), pkiDir)}`);
  tsa = await step('timestamp authority', () => startTsa(pki!), (running) => `${running.url} (RFC 3161, development only)`);
  sandbox = await step('payment gateway', startSandbox, (running) => `${running.url} (sandbox, development only)`);
  mailbox = await step('mailbox', () => startDevMailbox({ smtpPort: MAILBOX.smtpPort, httpPort: MAILBOX.httpPort }), (running) => `SMTP ${running.smtpHost}:${running.smtpPort}, read at ${running.url} (development only)`);
  sms = await step('SMS sandbox', () => startDevSms({ port: MAILBOX.smsPort, apiKey: localSecret('sms-sandbox.key') }), (running) => `${running.url} (development only)`);

  const envOf = (d: Deployment): Record<string, string> => ({
    HTTP_PORT: String(d.port),
    DATABASE_URL: databaseUrls[d.name],
    KAFKA_BROKERS: brokers,
    AUTH_ISSUER: ISSUER_URL,
    AUTH_JWKS_URL: `${ISSUER_URL}/.well-known/jwks.json`,
    METRICS_TOKEN: metricsToken,
    OTEL_TRACES_EXPORTER: 'zipkin',
    OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin!.spansEndpoint,
    SIGNING_KEY_FILE: signingKeys.get(d.signer)!.file,
    SIGNING_KEY_ID: signingKeys.get(d.signer)!.keyId,
    ...(d.agency === undefined ? {} : resultSigningEnv(d.agency)),
    ...d.env,
  });
  writeFileSync(VAULT_ENV_FILE, JSON.stringify(envOf(DEPLOYMENTS.find((d) => d.app === 'vault')!), null, 2), { mode: 0o600 });
  await step('migrations', () => Promise.all(DEPLOYMENTS.map((d) => runToCompletion(d, envOf(d), ['migrate']))), () => 'all applied');
  const seeded = DEPLOYMENTS.filter((d) => SEEDED_APPS.has(d.app));
  await step('seed data', () => Promise.all(seeded.map((d) => runToCompletion(d, envOf(d), ['seed', 'deploy/seed']))), () => 'loaded');
  // After the directory, whose agencies the intakes' keys belong to.
  const vault = DEPLOYMENTS.find((d) => d.app === 'vault')!;
  await step('key directory', () => runToCompletion(vault, envOf(vault), ['seed', keysDir]), () => `${signingKeys.size} public keys registered`);

  await step('identity provider', () => startDevIssuer(), () => ISSUER_URL);
  // Topics, schemas and seed data are in place, so the services have no order among themselves.
  await step('services', () => Promise.all(DEPLOYMENTS.map((deployment) => serve(deployment, envOf(deployment)))), () => `${DEPLOYMENTS.length} ready`);
  await step('portal', startPortal, () => PORTAL_URL);
  printSummary();
}

/**
 * `--reset`: forgets the local state, so the next start is wholly new (a new broker, new
 * databases). Only the state folder goes: running processes are not stopped, and databases
 * on a server outside it are listed by the next start, not dropped.
 */
function reset(): void {
  const owner = launcherAlive();
  if (owner !== undefined) {
    throw new Error(`the platform is running from this state (launcher pid ${owner}); stop it (Ctrl-C) before resetting, or delete ${relative(process.cwd(), pidFile)} if that process is not the launcher`);
  }
  if (!existsSync(stateDir)) {
    say(`Nothing to reset: ${relative(process.cwd(), stateDir)} does not exist. The next npm run platform starts a new local state.`);
    return;
  }
  const state = existsSync(resolve(stateDir, STATE_ID_FILE)) ? localStateId(stateDir).id : undefined;
  rmSync(stateDir, { recursive: true, force: true });
  say(`Deleted ${relative(process.cwd(), stateDir)}${state ? ` (local state ${state})` : ''}: its Kafka broker, logs, secrets and development PKI are gone.`);
  if (state) say(`Databases named *_${state} stay on a PostgreSQL server outside it; the next npm run platform lists them with the command that drops them.`);
}

function stateOrAdvice(): { id: string; created: boolean } {
  try {
    return localStateId(stateDir);
  } catch (error) {
    if (error instanceof StatelessDataError) throw new Error(`${error.message}: npm run platform:reset, then npm run platform`, { cause: error });
    throw error;
  }
}

/** Writes this launcher's pid into the state, unless another live launcher holds it. */
function claimState(): void {
  const owner = launcherAlive();
  if (owner !== undefined) throw new Error(`another launcher (pid ${owner}) runs the platform from ${relative(process.cwd(), stateDir)}`);
  writeFileSync(pidFile, String(process.pid));
}

function launcherAlive(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function databasesOn(adminUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((row) => row.datname);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Extra Node.js arguments for every service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`
 * to profile them under the benchmark (Node refuses --cpu-prof in NODE_OPTIONS).
 */
const SERVICE_NODE_ARGS = (process.env.SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

function launch(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const log = createWriteStream(resolve(logDir, `${name.replaceAll(' ', '-')}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

function developmentPki(): Promise<DevelopmentPki> {
  return ensureDevelopmentPki(pkiDir, agencyNames(LOCAL_INTAKES.map(({ agency }) => agency)));
}

/** The agencies' Vietnamese names from the seed directory: their certificates' CN is what a PDF reader shows as the signer. */
function agencyNames(codes: string[]): { code: string; nameVi: string }[] {
  const directory = JSON.parse(readFileSync(resolve('deploy/seed/directory.json'), 'utf8')) as { governingBodies: { agencies: { code: string; nameVi: string }[] }[] };
  const known = new Map(directory.governingBodies.flatMap((body) => body.agencies).map((agency) => [agency.code, agency.nameVi]));
  return codes.map((code) => {
    const nameVi = known.get(code);
    if (nameVi === undefined) throw new Error(`agency ${code} is not in deploy/seed/directory.json`);
    return { code, nameVi };
  });
}

/** On its own port when free; otherwise on any, since only the intakes (told its URL) call it. */
async function startTsa(developmentPki: DevelopmentPki): Promise<{ url: string; close(): Promise<void> }> {
  const options = { pki: developmentPki, stateDir: resolve(stateDir, 'tsa') };
  try {
    return await serveDevelopmentTsa({ ...options, port: TSA_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    notices.push(`port ${TSA_PORT} is taken, so the development timestamp authority runs on another; the intakes were told which.`);
    return serveDevelopmentTsa({ ...options, port: 0 });
  }
}

/**
 * The sandbox intermediary, in the launcher's process like the TSA. Its merchant secret is made
 * once and kept (0600), shared with the payment service through SANDBOX_HASH_SECRET_FILE.
 */
async function startSandbox(): Promise<RunningSandboxGateway> {
  if (!existsSync(SANDBOX_SECRET_FILE)) writeFileSync(SANDBOX_SECRET_FILE, randomBytes(32).toString('hex'), { mode: 0o600 });
  return startSandboxGateway({
    port: SANDBOX_GATEWAY_PORT,
    hashSecret: readFileSync(SANDBOX_SECRET_FILE, 'utf8').trim(),
    tmnCode: SANDBOX_TMN_CODE,
    ipnUrl: 'http://127.0.0.1:3003/gateways/sandbox/ipn',
    bank: { creditUrl: 'http://127.0.0.1:3003/gateways/vietqr/credits', accountNumber: VIETQR_ACCOUNT.number },
  });
}

/** Results' verification links and QR codes point at the portal's public check, where citizens are. */
function resultSigningEnv(agency: string): Record<string, string> {
  const files = pki!.agency(agency);
  return {
    PUBLIC_URL: PORTAL_URL,
    RESULT_SIGNING_P12_FILE: files.p12File,
    RESULT_SIGNING_P12_PASSWORD_FILE: files.p12PasswordFile,
    RESULT_TIMESTAMP_URL: tsa!.url,
  };
}

async function startDevIssuer(): Promise<void> {
  localSecret('portal-client.secret');
  const child = launch('dev-issuer', [mainOf('dev-issuer')], { HTTP_PORT: String(ISSUER_PORT), PORTAL_URL, PORTAL_CLIENT_SECRET_FILE });
  children.push(child);
  await waitUntilHealthy('dev-issuer', child, `${ISSUER_URL}/.well-known/openid-configuration`);
}

/** The portal logs people in at the development identity provider and calls the services with their tokens. */
async function startPortal(): Promise<void> {
  const sessionKeyFile = resolve(stateDir, 'portal-session.key');
  if (!existsSync(sessionKeyFile)) writeFileSync(sessionKeyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  const child = launch('portal', [mainOf('portal')], {
    HTTP_PORT: String(PORTAL_PORT),
    PUBLIC_URL: PORTAL_URL,
    OIDC_ISSUER: ISSUER_URL,
    OIDC_CLIENT_SECRET_FILE: PORTAL_CLIENT_SECRET_FILE,
    OIDC_ALLOW_HTTP: 'true',
    AUTH_JWKS_URL: `${ISSUER_URL}/.well-known/jwks.json`,
    SESSION_KEY_FILE: sessionKeyFile,
    VAULT_URL,
    PAYMENT_URL: 'http://127.0.0.1:3003',
    NOTIFICATION_URL: 'http://127.0.0.1:3004',
    INTAKE_URLS: DEPLOYMENTS.filter((d) => d.agency !== undefined).map((d) => `${d.agency}=http://127.0.0.1:${d.port}`).join(','),
  });
  children.push(child);
  await waitUntilHealthy('portal', child, `http://127.0.0.1:${PORTAL_PORT}/health/ready`);
}

async function serve(d: Deployment, env: Record<string, string>): Promise<void> {
  const child = launch(d.name, [mainOf(d.app)], env);
  children.push(child);
  const split = await waitUntilHealthy(d.name, child, `http://127.0.0.1:${d.port}/health/ready`);
  if (split) notices.push(`${d.name}: ${split}.\n    Rebuild the topics from the vault (safe to repeat, and while the platform runs): npm run republish -- --all`);
}

/**
 * Resolves once the service is ready, or serving with only its availability check failing:
 * the vault found its topics missing records (see AvailabilityTopicAudit). That is for the
 * operator to mend with the platform up, so the launcher says so (returns the finding)
 * instead of giving up.
 */
async function waitUntilHealthy(name: string, child: ChildProcess, url: string, timeoutMs = 60_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logDir}`);
    // Bounded: a server that accepted the connection but is not answering yet must not hang the start.
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (response?.ok) return undefined;
    if (response) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; details?: Record<string, { status?: string; message?: string }> } };
      const failing = Object.entries(body.error?.details ?? {}).filter(([, check]) => check.status === 'down');
      if (failing.length === 1 && failing[0][0] === 'availability') return failing[0][1].message ?? 'availability topics miss records';
      last = body.error?.message ?? `HTTP ${response.status}`;
    }
    await sleep(200);
  }
  throw new Error(`${name} was not healthy within ${timeoutMs / 1000} s (${last}); see ${logDir}`);
}

function printSummary(): void {
  say('\nThe platform is running. Ctrl-C stops everything.\n');
  const row = (name: string, url: string, note: string) => say(`  ${name.padEnd(22)} ${url.padEnd(30)} ${note}`);
  row('service', 'URL', 'notes');
  row('portal', PORTAL_URL, 'citizens, officers and admins log in here (demo people: deploy/seed/dev-identities.json)');
  row('identity provider', ISSUER_URL, 'OpenID Provider for the portal; POST /tokens for scripts, development only');
  for (const d of DEPLOYMENTS) row(d.name, `http://127.0.0.1:${d.port}`, `OpenAPI at /docs${d.label ? ` — ${d.label}` : ''}`);
  row('trace viewer', `${zipkin!.url}/zipkin/`, 'Zipkin: every request and event, one trace per citizen action');
  row('timestamp authority', tsa!.url, 'RFC 3161, development only: electronic results are PAdES-BASELINE-T');
  row('payment gateway', sandbox!.url, 'sandbox intermediary (VNPay protocol), development only: the payer clicks pay, cancel or lets it time out');
  row('mailbox', mailbox!.url, `every email the platform sends (SMTP on ${mailbox!.smtpPort}), development only`);
  row('SMS sandbox', sms!.url, 'every SMS the platform sends: GET /v1/messages, development only');
  const nssDir = resolve(stateDir, 'nss');
  say(`\n  Electronic results are signed under the development CA ${pki!.caFile} (no legal validity).`);
  say('  To see their signatures as trusted, trust that CA (never in a browser or system store you use for anything else):');
  say('    PDF reader (Adobe Acrobat Reader): Preferences › Signatures › Identities & Trusted Certificates › Trusted Certificates › Import the CA file,');
  say('      then Edit Trust › "Use this certificate as a trusted root"; Okular and Evince read an NSS database, as below.');
  say(`    pdfsig: mkdir -p ${nssDir} && certutil -d sql:${nssDir} -N --empty-password && certutil -d sql:${nssDir} -A -t "C,C,C" -n dev-ca -i ${pki!.caFile}`);
  say(`      then: pdfsig -nssdir sql:${nssDir} result.pdf`);
  say(`\n  Kafka ${kafka!.brokers.join(',')}   PostgreSQL ${redact(postgres!.adminUrl)}   logs ${logDir}`);
  say(`  Metrics (Prometheus): curl -H "Authorization: Bearer $(cat ${resolve(stateDir, 'metrics-token')})" http://127.0.0.1:3001/metrics`);
  say('  Try the once-only story: npm run demo');
  say('  A fresh local state next time: stop, then npm run platform:reset');
  for (const notice of notices) say(`\n  ! ${notice}`);
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
  await tsa?.close();
  await sandbox?.stop();
  await sms?.stop();
  await mailbox?.stop();
  await zipkin?.stop();
  await kafka?.stop();
  await postgres?.stop();
  if (existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile, { force: true });
  say('Stopped.');
  process.exit(code);
}

if (process.argv.includes('--reset')) {
  try {
    reset();
  } catch (error) {
    say(`Not reset: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
} else if (process.argv.includes('--pki')) {
  // For docker-compose, which mounts the development PKI but cannot make it from the production image.
  developmentPki().then(
    (made) => say(`Development PKI in ${relative(process.cwd(), pkiDir)}: CA ${relative(process.cwd(), made.caFile)}, PKCS#12 for ${LOCAL_INTAKES.map(({ agency }) => agency).join(', ')}.`),
    (error: unknown) => {
      say(`No development PKI: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
} else {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  main().catch((error: unknown) => {
    say(`\nThe platform could not start: ${error instanceof Error ? error.message : String(error)}`);
    void stop(1);
  });
}
