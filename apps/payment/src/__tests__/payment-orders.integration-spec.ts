import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { deadLetterTopic, PAYMENT_OUTCOME_TOPIC, PaymentRequested, PLATFORM_TOPICS, type PaymentRequestedV1 } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics, generateSigningKey, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type RunningService } from '@app/platform';
import { eventually, freePort, freshDatabase, providedInfrastructure, publishSigned, TopicRecorder } from '@app/testing';
import { vnpaySign } from '../gateways/sandbox/vnpay-signature';
import { OrderTransition } from '../orders/order-transition.entity';
import { PaymentOrder } from '../orders/payment-order.entity';
import { PendingOrdersSweep } from '../orders/pending-orders.sweep';
import { PaymentEnvironment } from '../payment-environment';
import { paymentService } from '../payment.service-definition';
import { FakeVault } from '@app/testing';

const SECRET = `sandbox-secret-${randomUUID()}`;
const TMN_CODE = 'ONCEONLY';
const TTL_MS = 60_000;

describe('payment orders, the sandbox gateway and outcomes', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'payment-orders-test', brokers: kafkaBrokers, logLevel: 0 });
  // An agency of the test's own, so no other run's requests are counted.
  const agencyCode = `000.00.12.${String.fromCharCode(81 + randomInt(10))}${String(randomInt(100)).padStart(2, '0')}`;
  const otherAgency = agencyCode.replace('.12.', '.15.');
  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let sandbox: RunningSandboxGateway;
  let service: RunningService;
  let producer: Producer;
  let recorder: TopicRecorder;
  let intakeSigner: SigningIdentity;
  let dataSource: DataSource;

  beforeAll(async () => {
    // The topics the service consumes exist before it starts, as the platform's topic setup makes them.
    await ensureTopics(kafka, PLATFORM_TOPICS);
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    intakeSigner = SigningIdentity.load(await generateSigningKey(`intake-${agencyCode.toLowerCase()}-${randomUUID().slice(0, 8)}`));
    vault.registerAgency(agencyCode, intakeSigner);
    const secretFile = join(await mkdtemp(join(tmpdir(), 'payment-sandbox-')), 'hash-secret');
    await writeFile(secretFile, `${SECRET}\n`);
    const [sandboxPort, paymentPort] = [await freePort(), await freePort()];
    const env = loadConfig(PaymentEnvironment, {
      HTTP_PORT: String(paymentPort),
      PUBLIC_URL: `http://127.0.0.1:${paymentPort}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'payment_orders'),
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: vault.url,
      ORDER_TTL_MS: String(TTL_MS),
      PENDING_POLL_INTERVAL_MS: '0',
      SANDBOX_GATEWAY_URL: `http://127.0.0.1:${sandboxPort}`,
      SANDBOX_TMN_CODE: TMN_CODE,
      SANDBOX_HASH_SECRET_FILE: secretFile,
      ...signingKeyEnv(await generateSigningKey('payment-orders-test')),
    });
    await runMigrations(databaseSettings(paymentService.infrastructure(env)));
    service = await startService(paymentService, env);
    dataSource = service.app.get(DataSource);
    sandbox = await startSandboxGateway({ port: sandboxPort, hashSecret: SECRET, tmnCode: TMN_CODE, ipnUrl: `${service.url}/gateways/sandbox/ipn`, ipnRetryDelaysMs: [200, 400, 800] });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    recorder = await TopicRecorder.start(kafka, [PAYMENT_OUTCOME_TOPIC, deadLetterTopic('payment')]);
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await service?.stop();
    await sandbox?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  const citizen = (personalId: string) => issuer.issuer.issue({ role: 'citizen', subject: `citizen-${randomUUID()}`, personalId });
  const officer = (code: string) => issuer.issuer.issue({ role: 'officer', subject: `officer-${randomUUID()}@${code}`, agencyCode: code });
  const call = async (method: string, path: string, token?: string, json?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as AnswerBody };
  };
  const outcomesOf = (dossierId: string) =>
    recorder.on(PAYMENT_OUTCOME_TOPIC).filter((message) => message.key === dossierId).map((message) => ({ type: message.headers.ce_type, ...(JSON.parse(message.value!) as Record<string, unknown>) }));

  /** A fee request as the agency's intake sends it, and the order it became. */
  async function requestFee(personalId: string, overrides: Partial<PaymentRequestedV1> = {}, times = 1): Promise<PaymentOrder> {
    const payload: PaymentRequestedV1 = {
      dossierId: randomUUID(),
      agencyCode,
      procedureCode: 'TEST-CRIMINAL-RECORD',
      citizenRef: vault.citizenRefOf(personalId),
      feeCode: 'DOSSIER',
      amountVnd: 200_000,
      channel: 'online',
      requestedAt: new Date().toISOString(),
      ...overrides,
    };
    for (let copy = 0; copy < times; copy += 1) await publishSigned(producer, PaymentRequested, payload, `/intake-${payload.agencyCode.toLowerCase()}`, intakeSigner);
    return eventually(async () => {
      const order = await dataSource.manager.findOne(PaymentOrder, { where: { dossierId: payload.dossierId } });
      expect(order).not.toBeNull();
      return order!;
    });
  }

  /** A citizen's browser at the sandbox: checkout, open the payment page, press a button; answers where it is sent back. */
  async function payAtSandbox(token: string, orderId: string, button: 'pay' | 'cancel' | 'timeout'): Promise<string | null> {
    const checkout = await call('POST', `/orders/${orderId}/checkout`, token, { gateway: 'sandbox' });
    expect(checkout.status).toBe(200);
    const paymentPage = await fetch(checkout.body.redirectUrl!);
    expect(paymentPage.status).toBe(200);
    expect(await paymentPage.text()).toContain('Thanh toán');
    const pressed = await fetch(`${sandbox.url}/paymentv2/${button}`, { method: 'POST', body: new URLSearchParams({ vnp_TxnRef: orderId }), redirect: 'manual' });
    if (button === 'timeout') return null;
    expect(pressed.status).toBe(302);
    await sandbox.ipnSettled(orderId);
    return pressed.headers.get('location');
  }

  /** An IPN as the sandbox would sign it, to replay or tamper with. */
  function signedIpn(fields: Record<string, string>, secret = SECRET): string {
    const params = { vnp_TmnCode: TMN_CODE, vnp_CurrCode: 'VND', vnp_BankCode: 'NCB', vnp_TransactionNo: '12345678', vnp_TransactionStatus: '00', vnp_ResponseCode: '00', vnp_PayDate: '20261202120000', ...fields };
    return `/gateways/sandbox/ipn?${new URLSearchParams({ ...params, vnp_SecureHash: vnpaySign(params, secret) }).toString()}`;
  }

  it('makes one order of a request delivered twice, visible to its citizen and its agency only', async () => {
    const order = await requestFee('001099012345', {}, 2);
    await eventually(async () => expect(await dataSource.manager.count(OrderTransition, { where: { orderId: order.id } })).toBe(1));
    // The second copy is consumed after the first; give it the time to be (not) applied.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await dataSource.manager.count(PaymentOrder, { where: { dossierId: order.dossierId } })).toBe(1);
    expect(order).toMatchObject({ status: 'created', amountVnd: 200_000, agencyCode });

    const own = await call('GET', `/orders?dossierId=${order.dossierId}`, await citizen('001099012345'));
    expect(own).toMatchObject({ status: 200, body: { items: [{ id: order.id, amountVnd: 200_000, status: 'created' }], nextCursor: null } });
    expect((await call('GET', `/orders/${order.id}`, await officer(agencyCode))).body).toMatchObject({ id: order.id });
    expect((await call('GET', `/orders?dossierId=${order.dossierId}`, await officer(otherAgency))).body.items).toEqual([]);
    expect((await call('GET', `/orders/${order.id}`, await officer(otherAgency))).body.error?.code).toBe('ORDER_NOT_FOUND');
    expect((await call('GET', `/orders/${order.id}`, await citizen('001099099999'))).body.error?.code).toBe('ORDER_NOT_FOUND');
  });

  it('refuses a request signed by one intake for another agency', async () => {
    const dossierId = randomUUID();
    const payload = { dossierId, agencyCode: otherAgency, procedureCode: 'X', citizenRef: randomUUID(), feeCode: 'DOSSIER', amountVnd: 1000, channel: 'online' as const, requestedAt: new Date().toISOString() };
    await publishSigned(producer, PaymentRequested, payload, `/intake-${agencyCode.toLowerCase()}`, intakeSigner);
    const deadLetter = await eventually(() => {
      const found = recorder.on(deadLetterTopic('payment')).find((message) => message.value?.includes(dossierId));
      expect(found).toBeDefined();
      return found!;
    });
    expect(Object.values(deadLetter.headers).join(' ')).toContain(`may not speak for agency ${otherAgency}`);
    expect(await dataSource.manager.count(PaymentOrder, { where: { dossierId } })).toBe(0);
  });

  it('pays: checkout, pay, IPN, one PaymentCompleted; the return page reads the stored order', async () => {
    const token = await citizen('001099012347');
    const order = await requestFee('001099012347', { amountVnd: 150_000 });
    const back = await payAtSandbox(token, order.id, 'pay');
    expect(back).toMatch(new RegExp(`^${service.url}/gateways/sandbox/return\\?`));
    await eventually(() => expect(outcomesOf(order.dossierId)).toHaveLength(1));
    expect(outcomesOf(order.dossierId)[0]).toMatchObject({ type: 'vn.gov.payment.completed.v1', orderId: order.id, amountVnd: 150_000, channel: 'online', agencyCode, feeCode: 'DOSSIER' });
    expect(sandbox.deliveries.filter((delivery) => delivery.txnRef === order.id)).toEqual([{ txnRef: order.id, attempt: 1, answer: '00' }]);
    const page = await fetch(back!);
    expect(await page.text()).toContain('Đã thanh toán');
    expect((await call('GET', `/orders/${order.id}`, token)).body).toMatchObject({ status: 'paid', gateway: 'sandbox', paidAt: expect.any(String) });

    // The sandbox's own IPN replayed byte for byte (the return carries the same signed parameters),
    // then a properly signed failure after the success: neither changes anything.
    expect((await call('GET', back!.replace(`${service.url}/gateways/sandbox/return?`, '/gateways/sandbox/ipn?'))).body).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    const amount = { vnp_TxnRef: order.id, vnp_Amount: '15000000', vnp_OrderInfo: 'x' };
    expect((await call('GET', signedIpn(amount))).body).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect((await call('GET', signedIpn({ ...amount, vnp_ResponseCode: '24', vnp_TransactionStatus: '02' }))).body.RspCode).toBe('02');
    expect((await call('GET', `/orders/${order.id}`, token)).body.status).toBe('paid');
    // A second checkout of a paid order is refused.
    expect((await call('POST', `/orders/${order.id}/checkout`, token, { gateway: 'sandbox' })).body.error?.code).toBe('ILLEGAL_ORDER_TRANSITION');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(outcomesOf(order.dossierId)).toHaveLength(1);
    const journal = await dataSource.manager.find(OrderTransition, { where: { orderId: order.id }, order: { id: 'ASC' } });
    expect(journal.map((step) => [step.fromStatus, step.toStatus])).toEqual([[null, 'created'], ['created', 'pending'], ['pending', 'paid']]);
  });

  it('cancels: PaymentFailed(cancelled), and the return page says not paid', async () => {
    const token = await citizen('001099012348');
    const order = await requestFee('001099012348');
    const back = await payAtSandbox(token, order.id, 'cancel');
    await eventually(() => expect(outcomesOf(order.dossierId)).toHaveLength(1));
    expect(outcomesOf(order.dossierId)[0]).toMatchObject({ type: 'vn.gov.payment.failed.v1', orderId: order.id, outcome: 'cancelled' });
    expect(await (await fetch(back!)).text()).toContain('Chưa thanh toán');
  });

  it('expires an order never checked out and one left at the gateway: PaymentFailed(expired)', async () => {
    const token = await citizen('001099012349');
    const idle = await requestFee('001099012349');
    const left = await requestFee('001099012349', { feeCode: 'COPY' });
    expect(left.dossierId).not.toBe(idle.dossierId);
    await payAtSandbox(token, left.id, 'timeout');
    const sweep = service.app.get(PendingOrdersSweep);
    await sweep.sweep(new Date());
    expect((await call('GET', `/orders/${left.id}`, token)).body.status).toBe('pending');
    await sweep.sweep(new Date(Date.now() + TTL_MS + 1_000));
    for (const order of [idle, left]) {
      await eventually(() => expect(outcomesOf(order.dossierId)).toEqual([expect.objectContaining({ type: 'vn.gov.payment.failed.v1', orderId: order.id, outcome: 'expired' })]));
    }
  });

  it('never expires a desk fee: it is settled at the intake', async () => {
    const desk = await requestFee('001099012354', { channel: 'in_person' });
    await service.app.get(PendingOrdersSweep).sweep(new Date(Date.now() + 10 * TTL_MS));
    expect((await dataSource.manager.findOneByOrFail(PaymentOrder, { id: desk.id })).status).toBe('created');
    expect(outcomesOf(desk.dossierId)).toEqual([]);
  });

  it('settles a pending order from the gateway query when the IPN never arrived', async () => {
    const token = await citizen('001099012350');
    const order = await requestFee('001099012350');
    await fetch(`${sandbox.url}/test-control/fail-next-ipns?count=4`, { method: 'POST' });
    await payAtSandbox(token, order.id, 'pay');
    expect((await call('GET', `/orders/${order.id}`, token)).body.status).toBe('pending');
    await service.app.get(PendingOrdersSweep).sweep(new Date());
    await eventually(() => expect(outcomesOf(order.dossierId)).toEqual([expect.objectContaining({ type: 'vn.gov.payment.completed.v1', orderId: order.id })]));
  });

  it('is paid by the IPN the sandbox retries after the service first failed to answer', async () => {
    const token = await citizen('001099012351');
    const order = await requestFee('001099012351');
    await fetch(`${sandbox.url}/test-control/fail-next-ipns?count=2`, { method: 'POST' });
    await payAtSandbox(token, order.id, 'pay');
    expect(sandbox.deliveries.filter((delivery) => delivery.txnRef === order.id).map((delivery) => delivery.answer)).toEqual([
      'not sent (test control: fail-next-ipns)',
      'not sent (test control: fail-next-ipns)',
      '00',
    ]);
    await eventually(() => expect(outcomesOf(order.dossierId)).toHaveLength(1));
  });

  it('refuses forged, tampered and unknown IPNs, changing nothing', async () => {
    const token = await citizen('001099012352');
    const order = await requestFee('001099012352', { amountVnd: 50_000 });
    expect((await call('POST', `/orders/${order.id}/checkout`, token, { gateway: 'sandbox' })).status).toBe(200);
    // Checking out again while pending is a fresh link to the same transaction, not a second move.
    const again = await call('POST', `/orders/${order.id}/checkout`, token, { gateway: 'sandbox' });
    expect(new URL(again.body.redirectUrl!).searchParams.get('vnp_TxnRef')).toBe(order.id);
    expect(await dataSource.manager.count(OrderTransition, { where: { orderId: order.id } })).toBe(2);
    const fields = { vnp_TxnRef: order.id, vnp_Amount: '5000000', vnp_OrderInfo: 'x' };
    expect((await call('GET', signedIpn(fields, 'not-the-merchant-secret'))).body.RspCode).toBe('97');
    expect((await call('GET', signedIpn(fields).replace(/vnp_Amount=\d+/, 'vnp_Amount=100'))).body.RspCode).toBe('97');
    expect((await call('GET', signedIpn({ ...fields, vnp_Amount: '100' }))).body).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect((await call('GET', signedIpn({ ...fields, vnp_Amount: '5000050' }))).body.RspCode).toBe('04');
    expect((await call('GET', signedIpn({ ...fields, vnp_CurrCode: 'USD' }))).body.RspCode).toBe('04');
    expect((await call('GET', signedIpn({ ...fields, vnp_TxnRef: randomUUID() }))).body.RspCode).toBe('01');
    expect((await call('GET', signedIpn({ ...fields, vnp_TxnRef: 'not-an-order' }))).body.RspCode).toBe('01');
    expect((await call('GET', '/gateways/sandbox/ipn')).body.RspCode).toBe('97');
    expect((await call('GET', `/orders/${order.id}`, token)).body.status).toBe('pending');
    expect(await (await fetch(`${service.url}/gateways/sandbox/return?vnp_TxnRef=${order.id}&vnp_ResponseCode=00`)).text()).toContain('Không xác định được giao dịch');
    expect(outcomesOf(order.dossierId)).toEqual([]);
  });

  it('answers bad input with a stable code and writes nothing', async () => {
    const token = await citizen('001099012353');
    const order = await requestFee('001099012353');
    const desk = await requestFee('001099012353', { channel: 'in_person' });
    const codeOf = async (method: string, path: string, as?: string, json?: unknown) => {
      const { status, body } = await call(method, path, as, json);
      return [status, body.error?.code];
    };
    expect(await codeOf('GET', '/orders?dossierId=x')).toEqual([401, 'UNAUTHENTICATED']);
    expect(await codeOf('GET', '/orders', token)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', '/orders?dossierId=not-a-uuid', token)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', `/orders?dossierId=${order.dossierId}&limit=0`, token)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', `/orders?dossierId=${order.dossierId}&cursor=nonsense`, token)).toEqual([400, 'INVALID_CURSOR']);
    expect(await codeOf('GET', '/orders/not-a-uuid', token)).toEqual([400, 'INVALID_ID']);
    expect(await codeOf('GET', `/orders/${randomUUID()}`, token)).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(await codeOf('POST', `/orders/${order.id}/checkout`, token, { gateway: 'paypal' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', `/orders/${order.id}/checkout`, token, {})).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', `/orders/${order.id}/checkout`, token, { gateway: 'sandbox', extra: 1 })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', `/orders/${order.id}/checkout`, await officer(agencyCode), { gateway: 'sandbox' })).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(await codeOf('POST', `/orders/${order.id}/checkout`, await citizen('001099099998'), { gateway: 'sandbox' })).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(await codeOf('POST', `/orders/${desk.id}/checkout`, token, { gateway: 'sandbox' })).toEqual([409, 'ORDER_NOT_PAYABLE_ONLINE']);
    expect(await codeOf('GET', '/gateways/paypal/ipn')).toEqual([404, 'GATEWAY_NOT_CONFIGURED']);
    // VietQR is off in this deployment: no code to scan, and no bank to listen to.
    expect(await codeOf('POST', `/orders/${order.id}/checkout`, token, { gateway: 'vietqr' })).toEqual([409, 'GATEWAY_NOT_CONFIGURED']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, {})).toEqual([404, 'GATEWAY_NOT_CONFIGURED']);
    expect((await call('GET', '/gateways', token)).body.items).toContainEqual({ name: 'vietqr', on: false, reason: 'VIETQR_BANK_BIN is not set' });
    vault.failing = true;
    try {
      // A new session of the same citizen: the service remembers the citizenRef of a token it has already asked about.
      expect(await codeOf('GET', `/orders/${order.id}`, await citizen('001099012353'))).toEqual([503, 'VAULT_UNAVAILABLE']);
    } finally {
      vault.failing = false;
    }
    const unchanged = await dataSource.manager.find(PaymentOrder, { where: [{ id: order.id }, { id: desk.id }] });
    expect(unchanged.map((row) => row.status)).toEqual(['created', 'created']);
    expect(await dataSource.manager.count(OrderTransition, { where: [{ orderId: order.id }, { orderId: desk.id }] })).toBe(2);
  });
});

/** What the routes answer, loosely: each test knows which of these it expects. */
interface AnswerBody {
  readonly error?: { readonly code: string; readonly message: string };
  readonly RspCode?: string;
  readonly redirectUrl?: string;
  readonly status?: string;
  readonly items?: unknown[];
}

