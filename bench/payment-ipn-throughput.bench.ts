import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Consumer, Producer } from 'kafkajs';
import { Client } from 'pg';
import { newCloudEvent, PAYMENT_OUTCOME_TOPIC, PaymentRequested, PLATFORM_TOPICS, toKafkaHeaders, type PaymentRequestedV1 } from '@app/contracts';
import { serveDevIssuer } from '@app/dev-issuer';
import { ensureDatabase, findFreePort, startKafka, startPostgres } from '@app/local-infra';
import { createKafka, ensureTopics, generateSigningKey, SIGNATURE_HEADER, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { startSandboxGateway, vnpaySign } from '@app/payment-sandbox';
// The sandbox's own signing, not the merchant's: the IPNs are what a gateway would send.

/**
 * `npm run bench:payment-ipn`: how many payments per second the payment service settles from
 * gateway IPNs. The service runs as its own process (the built main.js, its own event loop and
 * core), the sandbox and the load in this one. For each concurrency, each run gets
 * BENCH_ORDERS fresh orders, created from signed `PaymentRequested` events and checked out at
 * the sandbox by their citizen; then one signed IPN per order is fired at
 * `GET /gateways/sandbox/ipn` by that many workers. Measured: IPNs answered `00` per second,
 * IPN latency, and the time until every `PaymentCompleted` is on Kafka (the relay included).
 * Checked: every answer `00`, every order paid, one event per order, the outbox empty.
 */

const ORDERS = positive('BENCH_ORDERS', 500);
const RUNS = positive('BENCH_RUNS', 3);
const CONCURRENCY = [1, 8, 32];
const AGENCY = '000.00.12.H26';
const TMN_CODE = 'BENCHIPN';
const AMOUNT_VND = 150_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Order {
  readonly orderId: string;
  readonly dossierId: string;
}

interface RunResult {
  readonly acceptedPerSecond: number;
  readonly endToEndPerSecond: number;
  readonly allOnKafkaMs: number;
  readonly latenciesMs: number[];
}

async function main(): Promise<void> {
  // KAFKA_BROKERS and a PostgreSQL on 5432 are used when there; otherwise a broker and a cluster of the bench's own.
  const infra = { stateDir: resolve('.state/bench-payment-ipn'), kafkaPort: 39192, postgresPort: 55472, log: (line: string) => say(`  infra: ${line}`) };
  const [kafkaHandle, postgres] = await Promise.all([startKafka(infra), startPostgres(infra)]);
  const kafka = createKafka({ clientId: 'bench-payment-ipn', brokers: kafkaHandle.brokers });
  await ensureTopics(kafka, PLATFORM_TOPICS);
  const database = `bench_payment_ipn_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await ensureDatabase(postgres.adminUrl, database);
  const secretDir = await mkdtemp(join(tmpdir(), 'bench-payment-ipn-'));
  const secret = randomBytes(24).toString('hex');
  await writeFile(join(secretDir, 'hash-secret'), secret);
  const intake = SigningIdentity.load(await generateSigningKey(`intake-${AGENCY.toLowerCase()}-bench`));
  const citizenRef = randomUUID();
  const vault = await serveVault(intake, citizenRef);
  const issuer = await serveDevIssuer();
  const [sandboxPort, paymentPort] = [await findFreePort(), await findFreePort()];
  const paymentUrl = `http://127.0.0.1:${paymentPort}`;
  const sandbox = await startSandboxGateway({ port: sandboxPort, hashSecret: secret, tmnCode: TMN_CODE, ipnUrl: `${paymentUrl}/gateways/sandbox/ipn` });
  const env = {
    HTTP_PORT: String(paymentPort),
    PUBLIC_URL: paymentUrl,
    // A log line per request would be measured too.
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafkaHandle.brokers.join(','),
    AUTH_ISSUER: issuer.url,
    AUTH_JWKS_URL: issuer.jwksUrl,
    VAULT_URL: vault.url,
    PENDING_POLL_INTERVAL_MS: '0',
    SANDBOX_GATEWAY_URL: sandbox.url,
    SANDBOX_TMN_CODE: TMN_CODE,
    SANDBOX_HASH_SECRET_FILE: join(secretDir, 'hash-secret'),
    ...signingKeyEnv(await generateSigningKey('bench-payment-ipn')),
  };
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const outcomes = await OutcomeWatch.start(kafka.consumer({ groupId: `bench-payment-ipn-${randomUUID()}` }));
  const db = new Client({ connectionString: env.DATABASE_URL });
  let service: ChildProcess | undefined;
  try {
    await runToEnd(spawnPayment(env, ['migrate']));
    service = spawnPayment(env);
    await untilReady(service, paymentUrl);
    await db.connect();
    const token = await issuer.issuer.issue({ role: 'citizen', subject: 'bench-citizen', personalId: '001099012345' });
    const ipnFor = (orderId: string) => {
      const params = {
        vnp_TmnCode: TMN_CODE,
        vnp_Amount: `${AMOUNT_VND}00`,
        vnp_CurrCode: 'VND',
        vnp_BankCode: 'NCB',
        vnp_OrderInfo: `Thanh toan ${orderId}`,
        vnp_TxnRef: orderId,
        vnp_TransactionNo: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
        vnp_ResponseCode: '00',
        vnp_TransactionStatus: '00',
        vnp_PayDate: '20261202120000',
      };
      return `${paymentUrl}/gateways/sandbox/ipn?${new URLSearchParams({ ...params, vnp_SecureHash: vnpaySign(params, secret) }).toString()}`;
    };

    const all: Order[] = [];
    const results = new Map<number, RunResult[]>();
    const prepareMs: number[] = [];
    for (const concurrency of CONCURRENCY) {
      for (let run = 1; run <= RUNS; run += 1) {
        const preparing = Date.now();
        const orders = await prepareOrders(producer, db, intake, citizenRef, paymentUrl, token);
        prepareMs.push(Date.now() - preparing);
        all.push(...orders);
        const result = await fireIpns(orders, concurrency, ipnFor, outcomes);
        results.set(concurrency, [...(results.get(concurrency) ?? []), result]);
        say(
          `concurrency ${String(concurrency).padStart(2)} run ${run}/${RUNS}: ${result.acceptedPerSecond.toFixed(0)} IPNs/s accepted, ` +
            `all ${ORDERS} PaymentCompleted on Kafka after ${result.allOnKafkaMs.toFixed(0)} ms (${result.endToEndPerSecond.toFixed(0)}/s)`,
        );
      }
    }

    const checks = await checkCorrectness(all, db, outcomes);
    report(results, checks, kafkaHandle.source, median(prepareMs));
  } finally {
    if (service && service.exitCode === null) {
      service.kill('SIGTERM');
      await new Promise((done) => service!.once('exit', done));
    }
    await db.end().catch(() => undefined);
    await outcomes.stop();
    await producer.disconnect();
    await sandbox.stop();
    await issuer.stop();
    await new Promise((done) => vault.server.close(done));
    await rm(secretDir, { recursive: true, force: true });
    await withClient(postgres.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await kafkaHandle.stop();
    await postgres.stop();
  }
}

/** ORDERS fee requests as the agency's intake signs them, then each order checked out at the sandbox and its payment page opened. */
async function prepareOrders(producer: Producer, db: Client, intake: SigningIdentity, citizenRef: string, paymentUrl: string, token: string): Promise<Order[]> {
  const requests: PaymentRequestedV1[] = Array.from({ length: ORDERS }, () => ({
    dossierId: randomUUID(),
    agencyCode: AGENCY,
    procedureCode: 'BENCH-CRIMINAL-RECORD',
    citizenRef,
    feeCode: 'DOSSIER',
    amountVnd: AMOUNT_VND,
    channel: 'online',
    requestedAt: new Date().toISOString(),
  }));
  const messages = await Promise.all(
    requests.map(async (payload) => {
      const event = newCloudEvent({ source: `/intake-${AGENCY.toLowerCase()}`, type: PaymentRequested.type, subject: PaymentRequested.subject?.(payload) });
      const value = JSON.stringify(payload);
      return { key: PaymentRequested.key(payload), value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await intake.sign(event, Buffer.from(value)) } };
    }),
  );
  await producer.send({ topic: PaymentRequested.topic(requests[0]), acks: -1, messages });
  const dossierIds = requests.map((request) => request.dossierId);
  const orders = await until(`${ORDERS} orders created from PaymentRequested`, 60_000, async () => {
    const { rows } = await db.query<{ id: string; dossier_id: string }>(`SELECT id, dossier_id FROM payment_order WHERE dossier_id = ANY($1::uuid[]) AND status = 'created'`, [dossierIds]);
    return rows.length === ORDERS ? rows.map((row) => ({ orderId: row.id, dossierId: row.dossier_id })) : undefined;
  });
  await inParallel(orders, 8, async ({ orderId }) => {
    const checkout = await fetch(`${paymentUrl}/orders/${orderId}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ gateway: 'sandbox' }),
    });
    if (checkout.status !== 200) throw new Error(`checkout of ${orderId} answered ${checkout.status}: ${await checkout.text()}`);
    const { redirectUrl } = (await checkout.json()) as { redirectUrl: string };
    const page = await fetch(redirectUrl);
    await page.arrayBuffer();
    if (page.status !== 200) throw new Error(`the sandbox's payment page for ${orderId} answered ${page.status}`);
  });
  return orders;
}

async function fireIpns(orders: Order[], concurrency: number, ipnFor: (orderId: string) => string, outcomes: OutcomeWatch): Promise<RunResult> {
  const urls = orders.map(({ orderId }) => ipnFor(orderId));
  const latenciesMs: number[] = [];
  const allOnKafka = outcomes.whenAllSeen(orders.map((order) => order.dossierId));
  const started = process.hrtime.bigint();
  await inParallel(urls, concurrency, async (url) => {
    const sent = process.hrtime.bigint();
    const response = await fetch(url);
    const body = (await response.json()) as { RspCode?: string };
    latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
    if (body.RspCode !== '00') throw new Error(`an IPN was answered ${JSON.stringify(body)}, not 00`);
  });
  const acceptedMs = Number(process.hrtime.bigint() - started) / 1e6;
  await Promise.race([allOnKafka, new Promise((_, fail) => setTimeout(() => fail(new Error('not every PaymentCompleted reached Kafka within 60 s')), 60_000).unref())]);
  const allOnKafkaMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { acceptedPerSecond: (orders.length * 1_000) / acceptedMs, endToEndPerSecond: (orders.length * 1_000) / allOnKafkaMs, allOnKafkaMs, latenciesMs };
}

interface Checks {
  readonly orders: number;
  readonly paid: number;
  readonly distinctOutcomeEvents: number;
  readonly redeliveredCopies: number;
  readonly ordersWithoutOutcome: number;
  readonly ordersWithTwoEvents: number;
  readonly outboxLeft: number;
}

/** After a pause longer than the relay's poll: every order paid, one PaymentCompleted each, nothing left behind. */
async function checkCorrectness(orders: Order[], db: Client, outcomes: OutcomeWatch): Promise<Checks> {
  await new Promise((done) => setTimeout(done, 2_000));
  const [paid] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment_order WHERE id = ANY($1::uuid[]) AND status = 'paid'`, [orders.map((order) => order.orderId)])).rows;
  const [outbox] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message')).rows;
  const events = orders.map(({ dossierId }) => outcomes.eventsOf(dossierId));
  const checks: Checks = {
    orders: orders.length,
    paid: paid.n,
    distinctOutcomeEvents: events.reduce((sum, seen) => sum + new Set(seen.map((event) => event.id)).size, 0),
    redeliveredCopies: events.reduce((sum, seen) => sum + seen.length - new Set(seen.map((event) => event.id)).size, 0),
    ordersWithoutOutcome: events.filter((seen) => seen.length === 0).length,
    ordersWithTwoEvents: events.filter((seen) => new Set(seen.map((event) => event.id)).size > 1).length,
    outboxLeft: outbox.n,
  };
  const wrongType = events.flat().filter((event) => event.type !== 'vn.gov.payment.completed.v1');
  if (checks.paid !== checks.orders || checks.distinctOutcomeEvents !== checks.orders || checks.ordersWithoutOutcome > 0 || checks.ordersWithTwoEvents > 0 || checks.outboxLeft > 0 || wrongType.length > 0) {
    throw new Error(`incorrect: ${JSON.stringify({ ...checks, wrongTypes: wrongType.length })}`);
  }
  return checks;
}

/** Every event on the outcome topic, by dossier (the topic's key). */
class OutcomeWatch {
  private readonly seen = new Map<string, { id: string; type: string }[]>();
  private readonly waiting = new Set<{ missing: Set<string>; done: () => void }>();

  private constructor(private readonly consumer: Consumer) {}

  static async start(consumer: Consumer): Promise<OutcomeWatch> {
    const watch = new OutcomeWatch(consumer);
    const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
    await consumer.connect();
    await consumer.subscribe({ topics: [PAYMENT_OUTCOME_TOPIC], fromBeginning: false });
    await consumer.run({
      eachMessage: ({ message }) => {
        const dossierId = message.key?.toString();
        if (dossierId) watch.record(dossierId, message.headers?.ce_id?.toString() ?? '', message.headers?.ce_type?.toString() ?? '');
        return Promise.resolve();
      },
    });
    // No outcome of this run exists before the orders do, so reading from the join on misses none.
    await joined;
    return watch;
  }

  eventsOf(dossierId: string): readonly { id: string; type: string }[] {
    return this.seen.get(dossierId) ?? [];
  }

  whenAllSeen(dossierIds: readonly string[]): Promise<void> {
    const missing = new Set(dossierIds.filter((id) => !this.seen.has(id)));
    if (missing.size === 0) return Promise.resolve();
    return new Promise((done) => this.waiting.add({ missing, done }));
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private record(dossierId: string, id: string, type: string): void {
    this.seen.set(dossierId, [...(this.seen.get(dossierId) ?? []), { id, type }]);
    for (const waiter of this.waiting) {
      waiter.missing.delete(dossierId);
      if (waiter.missing.size === 0) {
        this.waiting.delete(waiter);
        waiter.done();
      }
    }
  }
}

function report(results: Map<number, RunResult[]>, checks: Checks, kafkaSource: string, prepareMedianMs: number): void {
  const rows = [...results].map(([concurrency, runs]) => {
    const latencies = runs.flatMap((run) => run.latenciesMs);
    return {
      concurrency,
      ipnsAcceptedPerSecond: round(median(runs.map((run) => run.acceptedPerSecond))),
      ipnLatencyP50Ms: round(percentile(latencies, 0.5)),
      ipnLatencyP99Ms: round(percentile(latencies, 0.99)),
      endToEndPaymentsPerSecond: round(median(runs.map((run) => run.endToEndPerSecond))),
      allOnKafkaMedianMs: round(median(runs.map((run) => run.allOnKafkaMs))),
      runs: runs.map((run) => ({ acceptedPerSecond: round(run.acceptedPerSecond), endToEndPerSecond: round(run.endToEndPerSecond), allOnKafkaMs: round(run.allOnKafkaMs) })),
    };
  });
  const machine = {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30),
    kafka: kafkaSource,
    loadAverageAtEnd: loadavg().map(round),
  };
  const at = new Date().toISOString();
  say('');
  say(`# Payments per second from IPNs (${at})`);
  say('');
  say(`payment service as a process; ${ORDERS} fresh orders per run, ${RUNS} runs per concurrency; one signed IPN per order`);
  say(`Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, Kafka ${machine.kafka}, load average at the end ${machine.loadAverageAtEnd.join(' ')}`);
  say('');
  say('| concurrency | IPNs accepted/s (median) | IPN p50 ms | IPN p99 ms | until all PaymentCompleted on Kafka, ms (median) | end-to-end payments/s (median) |');
  say('|---|---|---|---|---|---|');
  for (const row of rows) {
    say(`| ${row.concurrency} | ${row.ipnsAcceptedPerSecond.toFixed(0)} | ${row.ipnLatencyP50Ms.toFixed(1)} | ${row.ipnLatencyP99Ms.toFixed(1)} | ${row.allOnKafkaMedianMs.toFixed(0)} | ${row.endToEndPaymentsPerSecond.toFixed(0)} |`);
  }
  say('');
  say(
    `correct: ${checks.paid}/${checks.orders} orders paid, ${checks.distinctOutcomeEvents} distinct PaymentCompleted, ${checks.ordersWithoutOutcome} order(s) without, ` +
      `${checks.ordersWithTwoEvents} with two, ${checks.redeliveredCopies} redelivered copy(ies), outbox ${checks.outboxLeft}; preparing ${ORDERS} orders took ${prepareMedianMs} ms (median)`,
  );
  const folder = resolve('bench/results');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, `payment-ipn-${at.replace(/[:.]/g, '-').slice(0, 19)}Z.json`);
  const setup = { service: 'process (dist/apps/payment/src/main.js, LOG_LEVEL=warn)', ordersPerRun: ORDERS, runsPerConcurrency: RUNS, amountVnd: AMOUNT_VND, latency: 'pooled over the runs of a concurrency' };
  writeFileSync(file, `${JSON.stringify({ benchmark: 'payment-ipn', at, machine, setup, results: rows, correctness: checks, prepareMedianMs }, null, 2)}\n`);
  say(`written to ${file}`);
}

/** The two vault routes the payment service calls: the intake's public key and `POST /citizens/me`. */
async function serveVault(intake: SigningIdentity, citizenRef: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'GET' && request.url === `/directory/agencies/${AGENCY}/jwks.json`) return reply(200, { keys: [intake.publicJwk()] });
    if (request.method === 'GET' && request.url?.startsWith('/directory/agencies/')) return reply(200, { keys: [] });
    if (request.method === 'POST' && request.url === '/citizens/me') return reply(200, { citizenRef });
    reply(404, { error: { code: 'NOT_FOUND', message: 'The bench vault has only POST /citizens/me and the agencies’ JWKS.' } });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function inParallel<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * The service's last warnings and errors, shown only if the bench fails: at start-up it
 * dead-letters other runs' requests on the shared topic (signed by keys no vault knows), which is noise here.
 */
let serviceLog = '';

function spawnPayment(env: Record<string, string>, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [resolve('dist/apps/payment/src/main.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => (serviceLog = (serviceLog + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return child;
}

async function runToEnd(child: ChildProcess): Promise<void> {
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`payment migrate exited ${code}`);
}

async function untilReady(child: ChildProcess, url: string): Promise<void> {
  await until('the payment service to be ready', 60_000, async () => {
    if (child.exitCode !== null) throw new Error(`the payment service exited with ${child.exitCode}`);
    return (await fetch(`${url}/health/ready`).then((response) => response.ok, () => false)) || undefined;
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const round = (value: number): number => Math.round(value * 100) / 100;

main().catch((error: unknown) => {
  process.stderr.write(`payment IPN benchmark failed: ${error instanceof Error ? error.stack : String(error)}\nthe payment service's last lines:\n${serviceLog.slice(-5_000)}\n`);
  process.exit(1);
});
