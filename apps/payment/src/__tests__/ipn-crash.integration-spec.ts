import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, type Producer } from 'kafkajs';
import { Client, Pool } from 'pg';
import { newCloudEvent, PAYMENT_OUTCOME_TOPIC, PaymentRequested, PLATFORM_TOPICS, toKafkaHeaders, type PaymentRequestedV1 } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics, generateSigningKey, RELAY_LOCK_KEY, SIGNATURE_HEADER, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import { eventually, freePort, freshDatabase, providedInfrastructure, ServiceProcess, TopicRecorder } from '@app/testing';
import { vnpaySign } from '../gateways/sandbox/vnpay-signature';
import { FakeVault } from '@app/testing';

const SECRET = `sandbox-secret-${randomUUID()}`;
const TMN_CODE = 'ONCEONLY';
/** Random kills; each one lands somewhere in the handling of a few IPNs sent at once. */
const KILLS = Number(process.env.IPN_CRASH_KILLS ?? 10);
const ORDERS_PER_KILL = 4;

/**
 * The IPN boundary with the deployable itself in a child process, the sandbox in-process, real
 * Kafka and PostgreSQL: an IPN answered `00` has committed its outcome, so a SIGKILL after
 * the answer and before the relay published loses nothing and duplicates nothing.
 */
describe('payment service killed around an IPN', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'ipn-crash-test', brokers: kafkaBrokers, logLevel: 0 });
  // An agency of the test's own, so no other run's requests are counted.
  const agencyCode = `000.00.12.${String.fromCharCode(65 + randomInt(16))}${String(randomInt(100)).padStart(2, '0')}`;
  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let sandbox: RunningSandboxGateway;
  let producer: Producer;
  let recorder: TopicRecorder;
  let intakeSigner: SigningIdentity;
  let database: Pool;
  let env: Record<string, string>;
  let paymentUrl: string;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    // The topics the service consumes exist before it starts, as the platform's topic setup makes them.
    await ensureTopics(kafka, PLATFORM_TOPICS);
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    intakeSigner = SigningIdentity.load(await generateSigningKey(`intake-${agencyCode.toLowerCase()}-${randomUUID().slice(0, 8)}`));
    vault.registerAgency(agencyCode, intakeSigner);
    const secretFile = join(await mkdtemp(join(tmpdir(), 'ipn-crash-')), 'hash-secret');
    await writeFile(secretFile, `${SECRET}\n`);
    const [sandboxPort, paymentPort] = [await freePort(), await freePort()];
    paymentUrl = `http://127.0.0.1:${paymentPort}`;
    env = {
      HTTP_PORT: String(paymentPort),
      PUBLIC_URL: paymentUrl,
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: vault.url,
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'payment_ipn_crash'),
      PENDING_POLL_INTERVAL_MS: '0',
      SANDBOX_GATEWAY_URL: `http://127.0.0.1:${sandboxPort}`,
      SANDBOX_TMN_CODE: TMN_CODE,
      SANDBOX_HASH_SECRET_FILE: secretFile,
      ...signingKeyEnv(await generateSigningKey('payment-ipn-crash-test')),
    };
    const migrate = ServiceProcess.start('payment', env, ['migrate']);
    expect(await migrate.exited).toBe(0);
    // The retries span a restart, as VNPay's (1, 2, 4, 8, 16 s) do.
    sandbox = await startSandboxGateway({ port: sandboxPort, hashSecret: SECRET, tmnCode: TMN_CODE, ipnUrl: `${paymentUrl}/gateways/sandbox/ipn`, ipnRetryDelaysMs: [250, 500, 1_000, 2_000, 4_000, 8_000] });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    recorder = await TopicRecorder.start(kafka, [PAYMENT_OUTCOME_TOPIC]);
    database = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
  });

  afterAll(async () => {
    await service?.kill('SIGTERM');
    await database?.end();
    await recorder?.stop();
    await producer?.disconnect();
    await sandbox?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  async function startService(overrides: Record<string, string> = {}): Promise<ServiceProcess> {
    const started = ServiceProcess.start('payment', { ...env, ...overrides });
    await started.waitFor(/ready on/);
    service = started;
    return started;
  }

  async function killService(): Promise<void> {
    expect(await service!.kill('SIGKILL')).toBeNull();
    service = undefined;
  }

  const outcomesOf = (dossierId: string) => recorder.on(PAYMENT_OUTCOME_TOPIC).filter((message) => message.key === dossierId);
  const statusOf = async (orderId: string) => (await database.query<{ status: string }>('SELECT status FROM payment_order WHERE id = $1', [orderId])).rows[0]?.status;
  const outboxRowsOf = async (dossierId: string) =>
    (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message WHERE message_key = $1', [dossierId])).rows[0]?.n ?? 0;

  /** A fee asked for by the agency's intake, checked out at the sandbox by its citizen: a pending order. */
  async function pendingOrder(): Promise<{ orderId: string; dossierId: string }> {
    const personalId = `0010990${String(randomInt(100_000)).padStart(5, '0')}`;
    const payload: PaymentRequestedV1 = {
      dossierId: randomUUID(),
      agencyCode,
      procedureCode: 'TEST-CRIMINAL-RECORD',
      citizenRef: vault.citizenRefOf(personalId),
      feeCode: 'DOSSIER',
      amountVnd: 150_000,
      channel: 'online',
      requestedAt: new Date().toISOString(),
    };
    const event = newCloudEvent({ source: `/intake-${agencyCode.toLowerCase()}`, type: PaymentRequested.type, subject: PaymentRequested.subject?.(payload) });
    const value = JSON.stringify(payload);
    await producer.send({
      topic: PaymentRequested.topic(payload),
      acks: -1,
      messages: [{ key: PaymentRequested.key(payload), value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await intakeSigner.sign(event, Buffer.from(value)) } }],
    });
    const orderId = await eventually(async () => {
      const { rows } = await database.query<{ id: string }>('SELECT id FROM payment_order WHERE dossier_id = $1', [payload.dossierId]);
      expect(rows).toHaveLength(1);
      return rows[0].id;
    }, 30_000);
    const token = await issuer.issuer.issue({ role: 'citizen', subject: `citizen-${randomUUID()}`, personalId });
    const checkout = await fetch(`${paymentUrl}/orders/${orderId}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ gateway: 'sandbox' }),
    });
    expect(checkout.status).toBe(200);
    const { redirectUrl } = (await checkout.json()) as { redirectUrl: string };
    expect((await fetch(redirectUrl)).status).toBe(200);
    return { orderId, dossierId: payload.dossierId };
  }

  /** The citizen presses "Thanh toán"; the sandbox starts its IPN. Answers the browser's return URL, which carries the IPN's signed parameters. */
  async function pressPay(orderId: string): Promise<string> {
    const pressed = await fetch(`${sandbox.url}/paymentv2/pay`, { method: 'POST', body: new URLSearchParams({ vnp_TxnRef: orderId }), redirect: 'manual' });
    expect(pressed.status).toBe(302);
    return pressed.headers.get('location')!;
  }

  /** A paid IPN for an order of 150 000 ₫, signed as the sandbox signs it. */
  const signedIpn = (orderId: string) => {
    const params = {
      vnp_TmnCode: TMN_CODE,
      vnp_Amount: '15000000',
      vnp_CurrCode: 'VND',
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: `Thanh toan ${orderId}`,
      vnp_TxnRef: orderId,
      vnp_TransactionNo: '87654321',
      vnp_ResponseCode: '00',
      vnp_TransactionStatus: '00',
      vnp_PayDate: '20261202120000',
    };
    return `${paymentUrl}/gateways/sandbox/ipn?${new URLSearchParams({ ...params, vnp_SecureHash: vnpaySign(params, SECRET) }).toString()}`;
  };

  const answersFor = (orderId: string) => sandbox.deliveries.filter((delivery) => delivery.txnRef === orderId).map((delivery) => delivery.answer);

  it('killed after answering 00 and before publishing: the outcome arrives once after the restart', async () => {
    // A relay "replica" that leads and never publishes: the service's own relay stays a follower.
    const fence = new Client({ connectionString: env.DATABASE_URL, application_name: 'ipn-crash-relay-fence' });
    await fence.connect();
    expect((await fence.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY])).rows[0].locked).toBe(true);
    let fenced = true;
    try {
      await startService();
      const { orderId, dossierId } = await pendingOrder();
      const back = await pressPay(orderId);
      await sandbox.ipnSettled(orderId);
      expect(answersFor(orderId)).toEqual(['00']);
      await killService();

      // The kill landed in the window: committed (paid, outcome in the outbox), not published.
      expect(await statusOf(orderId)).toBe('paid');
      expect(await outboxRowsOf(dossierId)).toBe(1);
      expect(outcomesOf(dossierId)).toEqual([]);

      await fence.end();
      fenced = false;
      await startService();
      await eventually(() => expect(outcomesOf(dossierId)).toHaveLength(1), 30_000);
      const [outcome] = outcomesOf(dossierId);
      expect(outcome.headers.ce_type).toBe('vn.gov.payment.completed.v1');
      expect(JSON.parse(outcome.value!)).toMatchObject({ orderId, dossierId, amountVnd: 150_000, channel: 'online' });
      expect(await statusOf(orderId)).toBe('paid');

      // The sandbox's IPN again, byte for byte (the return URL carries the same signed parameters).
      const retried = await fetch(back.replace(`${paymentUrl}/gateways/sandbox/return?`, `${paymentUrl}/gateways/sandbox/ipn?`));
      expect(await retried.json()).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
      // Longer than the relay's poll interval (1 s): anything the retry had written would be out by now.
      await sleep(2_500);
      expect(outcomesOf(dossierId)).toHaveLength(1);
      expect(await outboxRowsOf(dossierId)).toBe(0);
      const journal = await database.query<{ to_status: string }>('SELECT to_status FROM order_transition WHERE order_id = $1 ORDER BY id', [orderId]);
      expect(journal.rows.map((row) => row.to_status)).toEqual(['created', 'pending', 'paid']);
    } finally {
      if (fenced) await fence.end();
    }
  });

  it(`killed at ${KILLS} random instants across IPN handling: no outcome lost, none twice after dedupe`, async () => {
    if (!service) await startService();
    const orders: { orderId: string; dossierId: string }[] = [];
    const landed = { beforeCommit: 0, inWindow: 0, afterPublish: 0 };
    for (let kill = 0; kill < KILLS; kill += 1) {
      const round = await Promise.all(Array.from({ length: ORDERS_PER_KILL }, () => pendingOrder()));
      orders.push(...round);
      // The IPNs start a few ms apart and the kill comes 0–80 ms after the first: some orders
      // are still pending, some committed and waiting for the relay, some published.
      const presses = round.map(async ({ orderId }, index) => {
        await sleep(index * 5);
        await pressPay(orderId);
      });
      await sleep(randomInt(80));
      await killService();
      await Promise.all(presses);
      for (const { orderId, dossierId } of round) {
        const status = await statusOf(orderId);
        if (status === 'pending') landed.beforeCommit += 1;
        else if ((await outboxRowsOf(dossierId)) > 0) landed.inWindow += 1;
        else landed.afterPublish += 1;
      }
      await startService();
    }
    await Promise.all(orders.map(({ orderId }) => sandbox.ipnSettled(orderId)));
    await eventually(() => expect(orders.filter(({ dossierId }) => outcomesOf(dossierId).length === 0)).toEqual([]), 60_000);
    await sleep(2_500);

    const received = orders.flatMap(({ dossierId }) => outcomesOf(dossierId));
    const distinctEvents = new Set(received.map((message) => message.headers.ce_id));
    const lost = orders.filter(({ dossierId }) => outcomesOf(dossierId).length === 0).length;
    // Copies of one event (sent, then the process died before deleting the row) are what the consumer's inbox absorbs.
    const copies = received.length - distinctEvents.size;
    const ordersWithTwoEvents = orders.filter(({ dossierId }) => new Set(outcomesOf(dossierId).map((message) => message.headers.ce_id)).size > 1).length;
    process.stdout.write(
      `${KILLS} SIGKILLs over ${orders.length} IPNs: landed before the commit for ${landed.beforeCommit}, between commit and publish for ${landed.inWindow}, after publishing for ${landed.afterPublish}; ` +
        `${lost} outcome(s) lost, ${ordersWithTwoEvents} order(s) with two events, ${copies} redelivered copy(ies)\n`,
    );
    expect(lost).toBe(0);
    expect(ordersWithTwoEvents).toBe(0);
    expect(distinctEvents.size).toBe(orders.length);
    expect(received.every((message) => message.headers.ce_type === 'vn.gov.payment.completed.v1')).toBe(true);
    for (const { orderId } of orders) {
      expect(await statusOf(orderId)).toBe('paid');
      // The gateway stopped at the first 00 or 02; an attempt the kill cut short was retried.
      expect(answersFor(orderId).filter((answer) => answer === '00' || answer === '02').length).toBeLessThanOrEqual(1);
      expect(answersFor(orderId).at(-1)).toMatch(/^0[02]$/);
    }
    expect((await database.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message')).rows[0].n).toBe(0);
  }, 300_000);

  it('the same IPN eight times at once: one 00, seven 02, one outcome', async () => {
    if (!service) await startService();
    const { orderId, dossierId } = await pendingOrder();
    // A gateway retrying while its first attempt is still being handled: they queue on the order's row lock.
    const ipn = signedIpn(orderId);
    const answers = await Promise.all(Array.from({ length: 8 }, async () => ((await (await fetch(ipn)).json()) as { RspCode: string }).RspCode));
    expect(answers.sort()).toEqual(['00', '02', '02', '02', '02', '02', '02', '02']);
    await eventually(() => expect(outcomesOf(dossierId)).toHaveLength(1), 30_000);
    await sleep(2_500);
    expect(outcomesOf(dossierId)).toHaveLength(1);
    expect(await statusOf(orderId)).toBe('paid');
  });

  it('money taken after the order expired: answered 02, the expiry stays the only outcome, an operator is warned', async () => {
    if (service) await service.kill('SIGTERM');
    // The citizen pays after the order ran out of time: until then the gateway's query said "not finished".
    const running = await startService({ ORDER_TTL_MS: '3000', PENDING_POLL_INTERVAL_MS: '500' });
    const { orderId, dossierId } = await pendingOrder();
    await eventually(async () => expect(await statusOf(orderId)).toBe('expired'), 20_000);
    await eventually(() => expect(outcomesOf(dossierId)).toHaveLength(1), 30_000);

    const late = await fetch(signedIpn(orderId));
    expect(await late.json()).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    await sleep(2_500);
    expect(await statusOf(orderId)).toBe('expired');
    expect(outcomesOf(dossierId).map((message) => [message.headers.ce_type, (JSON.parse(message.value!) as { outcome?: string }).outcome])).toEqual([['vn.gov.payment.failed.v1', 'expired']]);
    expect(running.log).toContain(`${orderId} is already expired; an IPN saying paid`);
    expect(running.log).toContain('money may have been taken for an order that is no longer payable');
  });
});

