import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  deadLetterTopic,
  newCloudEvent,
  PAYMENT_OUTCOME_TOPIC,
  PaymentRefundRequested,
  PaymentRequested,
  PLATFORM_TOPICS,
  toKafkaHeaders,
  type EventDefinition,
  type PaymentRefundRequestedV1,
  type PaymentRequestedV1,
} from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics, generateSigningKey, SIGNATURE_HEADER, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type RunningService } from '@app/platform';
import { eventually, freePort, freshDatabase, pdfText, providedInfrastructure, publishSigned, TopicRecorder } from '@app/testing';
import { OrderTransition } from '../orders/order-transition.entity';
import { PaymentOrder } from '../orders/payment-order.entity';
import { vnpaySign } from '../gateways/sandbox/vnpay-signature';
import { PaymentEnvironment } from '../payment-environment';
import { paymentService } from '../payment.service-definition';
import { Refund } from '../refunds/refund.entity';
import { Refunds } from '../refunds/refunds.service';
import { FakeVault } from '@app/testing';

const SECRET = `sandbox-secret-${randomUUID()}`;
const TMN_CODE = 'ONCEONLY';

describe('desk payments, refunds and receipts', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'payment-refunds-test', brokers: kafkaBrokers, logLevel: 0 });
  // An agency of the test's own, so no other run's requests are counted.
  const agencyCode = `000.00.13.${String.fromCharCode(81 + randomInt(10))}${String(randomInt(100)).padStart(2, '0')}`;
  const otherAgency = agencyCode.replace('.13.', '.16.');
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
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'payment_refunds'),
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: vault.url,
      PENDING_POLL_INTERVAL_MS: '0',
      SANDBOX_GATEWAY_URL: `http://127.0.0.1:${sandboxPort}`,
      SANDBOX_TMN_CODE: TMN_CODE,
      SANDBOX_HASH_SECRET_FILE: secretFile,
      ...signingKeyEnv(await generateSigningKey('payment-refunds-test')),
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
  const officer = (code = agencyCode) => issuer.issuer.issue({ role: 'officer', subject: `officer-${randomUUID()}@${code}`, agencyCode: code });
  const call = async (method: string, path: string, token?: string, json?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as AnswerBody };
  };
  const codeOf = async (method: string, path: string, as?: string, json?: unknown) => {
    const { status, body } = await call(method, path, as, json);
    return [status, body.error?.code];
  };
  const outcomesOf = (dossierId: string) =>
    recorder.on(PAYMENT_OUTCOME_TOPIC).filter((message) => message.key === dossierId).map((message) => ({ type: message.headers.ce_type, ...(JSON.parse(message.value!) as Record<string, unknown>) }));
  const refundedOf = (dossierId: string) => outcomesOf(dossierId).filter((outcome) => outcome.type === 'vn.gov.payment.refunded.v1') as Record<string, unknown>[];
  const stored = (id: string) => dataSource.manager.findOneByOrFail(PaymentOrder, { id });

  async function requestFee(personalId: string, overrides: Partial<PaymentRequestedV1> = {}): Promise<PaymentOrder> {
    const payload: PaymentRequestedV1 = {
      dossierId: randomUUID(),
      agencyCode,
      procedureCode: 'TEST-BUSINESS-REGISTRATION',
      citizenRef: vault.citizenRefOf(personalId),
      feeCode: 'DOSSIER',
      amountVnd: 200_000,
      channel: 'online',
      requestedAt: new Date().toISOString(),
      ...overrides,
    };
    await publishSigned(producer, PaymentRequested, payload, `/intake-${payload.agencyCode.toLowerCase()}`, intakeSigner);
    return eventually(async () => {
      const order = await dataSource.manager.findOne(PaymentOrder, { where: { dossierId: payload.dossierId } });
      expect(order).not.toBeNull();
      return order!;
    });
  }

  /** An online fee paid at the sandbox by its citizen. */
  async function paidOnline(personalId: string, amountVnd = 200_000): Promise<PaymentOrder> {
    const order = await requestFee(personalId, { amountVnd });
    const checkout = await call('POST', `/orders/${order.id}/checkout`, await citizen(personalId), { gateway: 'sandbox' });
    expect(checkout.status).toBe(200);
    expect((await fetch(checkout.body.redirectUrl!)).status).toBe(200);
    await fetch(`${sandbox.url}/paymentv2/pay`, { method: 'POST', body: new URLSearchParams({ vnp_TxnRef: order.id }), redirect: 'manual' });
    await sandbox.ipnSettled(order.id);
    await eventually(async () => expect((await stored(order.id)).status).toBe('paid'));
    return stored(order.id);
  }

  it('records a desk payment once: paid, PaymentCompleted(in_person), the officer and the receipt number kept', async () => {
    const order = await requestFee('001099020001', { channel: 'in_person', amountVnd: 35_000 });
    const token = await officer();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await call('POST', `/orders/${order.id}/desk-payment`, token, { channel: 'in_person', receiptNumber: `BL-${order.id.slice(0, 8)}` }, headers);
    expect(first).toMatchObject({ status: 200, body: { id: order.id, status: 'paid', channel: 'in_person' } });
    // The officer's retry with the same key is answered the same, and changes nothing.
    const retry = await call('POST', `/orders/${order.id}/desk-payment`, token, { channel: 'in_person', receiptNumber: `BL-${order.id.slice(0, 8)}` }, headers);
    expect(retry).toEqual(first);
    expect(await codeOf('POST', `/orders/${order.id}/desk-payment`, token, { channel: 'in_person', receiptNumber: 'BL-OTHER' })).toEqual([409, 'ILLEGAL_ORDER_TRANSITION']);
    await eventually(() => expect(outcomesOf(order.dossierId)).toHaveLength(1));
    expect(outcomesOf(order.dossierId)[0]).toMatchObject({ type: 'vn.gov.payment.completed.v1', orderId: order.id, amountVnd: 35_000, channel: 'in_person', agencyCode });
    expect(await stored(order.id)).toMatchObject({ status: 'paid', deskReceiptNumber: `BL-${order.id.slice(0, 8)}`, deskPaidBy: expect.stringMatching(/^officer-/), gateway: null, paidAt: expect.any(Date) });

    // A receipt number is the agency's: a second order cannot reuse it.
    const next = await requestFee('001099020001', { channel: 'post' });
    expect(await codeOf('POST', `/orders/${next.id}/desk-payment`, token, { channel: 'post', receiptNumber: `BL-${order.id.slice(0, 8)}` })).toEqual([409, 'RECEIPT_NUMBER_TAKEN']);
    expect((await call('POST', `/orders/${next.id}/desk-payment`, token, { channel: 'post', receiptNumber: `BP-${next.id.slice(0, 8)}` })).body.status).toBe('paid');
    await eventually(() => expect(outcomesOf(next.dossierId)).toEqual([expect.objectContaining({ type: 'vn.gov.payment.completed.v1', channel: 'post' })]));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outcomesOf(order.dossierId)).toHaveLength(1);
  });

  it('refuses a desk payment of an online order, and of another agency’s order', async () => {
    const order = await requestFee('001099020002');
    expect(await codeOf('POST', `/orders/${order.id}/desk-payment`, await officer(), { channel: 'in_person', receiptNumber: 'BL-1' })).toEqual([409, 'ORDER_NOT_PAYABLE_AT_DESK']);
    const desk = await requestFee('001099020002', { channel: 'in_person' });
    expect(await codeOf('POST', `/orders/${desk.id}/desk-payment`, await officer(otherAgency), { channel: 'in_person', receiptNumber: 'BL-2' })).toEqual([404, 'ORDER_NOT_FOUND']);
    expect((await stored(order.id)).status).toBe('created');
    expect((await stored(desk.id)).status).toBe('created');
  });

  it('refunds on an intake’s signed request through the sandbox, once however often it is delivered', async () => {
    const order = await paidOnline('001099020003', 120_000);
    const request: PaymentRefundRequestedV1 = { dossierId: order.dossierId, agencyCode, feeCode: 'DOSSIER', amountVnd: 120_000, reason: 'rejected', requestedAt: new Date().toISOString() };
    const event = await signedMessage(PaymentRefundRequested, request, `/intake-${agencyCode.toLowerCase()}`, intakeSigner);
    await producer.send({ topic: PaymentRefundRequested.topic(request), acks: -1, messages: [event, event] });
    await eventually(() => expect(refundedOf(order.dossierId)).toHaveLength(1));
    expect(refundedOf(order.dossierId)[0]).toMatchObject({ orderId: order.id, amountVnd: 120_000, totalRefundedVnd: 120_000, agencyCode, feeCode: 'DOSSIER', refundedAt: expect.any(String) });
    expect(await stored(order.id)).toMatchObject({ status: 'refunded', refundedVnd: 120_000 });
    const refunds = await dataSource.manager.find(Refund, { where: { orderId: order.id } });
    expect(refunds).toEqual([expect.objectContaining({ amountVnd: 120_000, state: 'completed', gateway: 'sandbox', gatewayRef: expect.stringMatching(/^\d{8}$/), requestedBy: `/intake-${agencyCode.toLowerCase()}` })]);
    // A second request for more than is left is refused for good, not retried.
    const again = { ...request, amountVnd: 1, requestedAt: new Date().toISOString() };
    await publishSigned(producer, PaymentRefundRequested, again, `/intake-${agencyCode.toLowerCase()}`, intakeSigner);
    await eventually(() => expect(recorder.on(deadLetterTopic('payment')).some((message) => message.value?.includes(order.dossierId))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(refundedOf(order.dossierId)).toHaveLength(1);
    expect(await dataSource.manager.count(Refund, { where: { orderId: order.id } })).toBe(1);
  });

  it('refunds partly, then the rest; the citizen and the agency see the refunds', async () => {
    const order = await paidOnline('001099020004', 200_000);
    const token = await officer();
    const part = await call('POST', `/orders/${order.id}/refunds`, token, { amountVnd: 50_000, reason: 'Thu thừa phí' });
    expect(part).toMatchObject({ status: 201, body: { orderId: order.id, amountVnd: 50_000, state: 'completed', gateway: 'sandbox' } });
    expect(await stored(order.id)).toMatchObject({ status: 'partly_refunded', refundedVnd: 50_000 });
    const rest = await call('POST', `/orders/${order.id}/refunds`, token, { amountVnd: 150_000, reason: 'Hồ sơ bị từ chối' });
    expect(rest).toMatchObject({ status: 201, body: { amountVnd: 150_000, state: 'completed' } });
    expect(await stored(order.id)).toMatchObject({ status: 'refunded', refundedVnd: 200_000 });
    expect(await codeOf('POST', `/orders/${order.id}/refunds`, token, { amountVnd: 1, reason: 'x' })).toEqual([409, 'ORDER_NOT_REFUNDABLE']);
    await eventually(() => expect(refundedOf(order.dossierId).map((event) => [event.amountVnd, event.totalRefundedVnd])).toEqual([[50_000, 50_000], [150_000, 200_000]]));

    const own = await call('GET', `/orders/${order.id}/refunds`, await citizen('001099020004'));
    expect(own.status).toBe(200);
    expect(own.body.items?.map((refund) => (refund as { amountVnd: number }).amountVnd)).toEqual([50_000, 150_000]);
    expect((await call('GET', `/orders/${order.id}/refunds`, token)).body.items).toHaveLength(2);
    expect(await codeOf('GET', `/orders/${order.id}/refunds`, await citizen('001099029999'))).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(await codeOf('GET', `/orders/${order.id}/refunds`, await officer(otherAgency))).toEqual([404, 'ORDER_NOT_FOUND']);
    const journal = await dataSource.manager.find(OrderTransition, { where: { orderId: order.id }, order: { id: 'ASC' } });
    expect(journal.map((step) => step.toStatus)).toEqual(['created', 'pending', 'paid', 'partly_refunded', 'refunded']);
  });

  it('lets concurrent refunds through only while their total stays within what was paid', async () => {
    const order = await paidOnline('001099020005', 100_000);
    const token = await officer();
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', `/orders/${order.id}/refunds`, token, { amountVnd: 40_000, reason: 'Thử đồng thời' })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.error?.code).toBe('REFUND_EXCEEDS_PAID');
    expect(await stored(order.id)).toMatchObject({ status: 'partly_refunded', refundedVnd: 80_000 });
    expect(await dataSource.manager.count(Refund, { where: { orderId: order.id } })).toBe(2);
    // The CHECK holds even for a writer that forgot the lock.
    await expect(dataSource.query('UPDATE payment_order SET refunded_vnd = amount_vnd + 1 WHERE id = $1', [order.id])).rejects.toThrow(/payment_order_refund_within_paid/);
    await eventually(() => expect(refundedOf(order.dossierId)).toHaveLength(2));
  });

  it('records nothing as refunded when the gateway refuses', async () => {
    // Paid by an authentic IPN for a transaction the sandbox never saw: its refund API does not know it.
    const order = await requestFee('001099020009', { amountVnd: 70_000 });
    expect((await call('POST', `/orders/${order.id}/checkout`, await citizen('001099020009'), { gateway: 'sandbox' })).status).toBe(200);
    const ipn = { vnp_TmnCode: TMN_CODE, vnp_Amount: '7000000', vnp_CurrCode: 'VND', vnp_TxnRef: order.id, vnp_TransactionNo: '87654321', vnp_ResponseCode: '00', vnp_TransactionStatus: '00' };
    expect((await call('GET', `/gateways/sandbox/ipn?${new URLSearchParams({ ...ipn, vnp_SecureHash: vnpaySign(ipn, SECRET) }).toString()}`)).body).toMatchObject({ RspCode: '00' });
    expect(await codeOf('POST', `/orders/${order.id}/refunds`, await officer(), { amountVnd: 70_000, reason: 'x' })).toEqual([502, 'REFUND_REFUSED_BY_GATEWAY']);
    expect(await stored(order.id)).toMatchObject({ status: 'paid', refundedVnd: 0 });
    expect(await dataSource.manager.find(Refund, { where: { orderId: order.id } })).toEqual([expect.objectContaining({ state: 'failed', gatewayRef: null })]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(refundedOf(order.dossierId)).toEqual([]);
  });

  it('completes a refund left pending by a crash, asking the gateway again with the same id', async () => {
    const order = await paidOnline('001099020010', 60_000);
    // What a crash right after the reservation leaves: a pending refund, not yet sent.
    const pendingId = randomUUID();
    await dataSource.manager.insert(Refund, { id: pendingId, orderId: order.id, amountVnd: 60_000, reason: 'crash', requestedBy: 'officer-test', requestEventId: null, gateway: 'sandbox', gatewayRef: null, state: 'pending', requestedAt: new Date(), settledAt: null });
    // It counts against what may still be refunded.
    expect(await codeOf('POST', `/orders/${order.id}/refunds`, await officer(), { amountVnd: 1, reason: 'x' })).toEqual([409, 'REFUND_EXCEEDS_PAID']);
    await service.app.get(Refunds).resumePending();
    await service.app.get(Refunds).resumePending();
    expect(await dataSource.manager.findOneByOrFail(Refund, { id: pendingId })).toMatchObject({ state: 'completed', gatewayRef: expect.stringMatching(/^\d{8}$/) });
    expect(await stored(order.id)).toMatchObject({ status: 'refunded', refundedVnd: 60_000 });
    await eventually(() => expect(refundedOf(order.dossierId)).toHaveLength(1));
  });

  it('refunds a desk order at the desk, without a gateway', async () => {
    const order = await requestFee('001099020006', { channel: 'in_person', amountVnd: 30_000 });
    const token = await officer();
    expect((await call('POST', `/orders/${order.id}/desk-payment`, token, { channel: 'in_person', receiptNumber: `BL-${order.id}` })).status).toBe(200);
    const refund = await call('POST', `/orders/${order.id}/refunds`, token, { amountVnd: 30_000, reason: 'Hồ sơ bị từ chối' });
    expect(refund).toMatchObject({ status: 201, body: { state: 'completed', gateway: null, gatewayRef: null } });
    expect(await stored(order.id)).toMatchObject({ status: 'refunded', refundedVnd: 30_000 });
    await eventually(() => expect(refundedOf(order.dossierId)).toHaveLength(1));
  });

  it('issues the receipt of a paid order with the amount in words and the references; not before', async () => {
    const order = await paidOnline('001099020007', 1_005_000);
    const response = await fetch(`${service.url}/orders/${order.id}/receipt.pdf`, { headers: { authorization: `Bearer ${await citizen('001099020007')}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await response.arrayBuffer()))).normalize('NFC');
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain('Một triệu không trăm linh năm nghìn đồng');
    expect(text).toContain('1.005.000 đồng');
    expect(text).toContain(order.id);
    expect(text).toContain(order.gatewayTransactionNo!);
    // The issuer block wraps its lines.
    const oneLine = text.replace(/\s+/g, ' ');
    expect(oneLine).toContain(`ỦY BAN NHÂN DÂN PHƯỜNG THỬ NGHIỆM ${agencyCode}`);
    expect(oneLine).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI');
    expect((await fetch(`${service.url}/orders/${order.id}/receipt.pdf`, { headers: { authorization: `Bearer ${await officer()}` } })).status).toBe(200);

    const desk = await requestFee('001099020007', { channel: 'in_person', amountVnd: 25_000 });
    expect(await codeOf('GET', `/orders/${desk.id}/receipt.pdf`, await officer())).toEqual([409, 'NOT_PAID']);
    await call('POST', `/orders/${desk.id}/desk-payment`, await officer(), { channel: 'in_person', receiptNumber: `BL-R-${desk.id.slice(0, 8)}` });
    const deskReceipt = await fetch(`${service.url}/orders/${desk.id}/receipt.pdf`, { headers: { authorization: `Bearer ${await officer()}` } });
    const deskText = (await pdfText(Buffer.from(await deskReceipt.arrayBuffer()))).normalize('NFC');
    expect(deskText).toContain('Hai mươi lăm nghìn đồng');
    expect(deskText).toContain(`BL-R-${desk.id.slice(0, 8)}`);
    expect(deskText).toContain('Nộp trực tiếp tại Bộ phận Một cửa');
  });

  it('answers bad input on every new route with a stable code and writes nothing', async () => {
    const online = await paidOnline('001099020008', 90_000);
    const desk = await requestFee('001099020008', { channel: 'in_person' });
    const unpaid = await requestFee('001099020008', { feeCode: 'COPY' });
    const token = await officer();
    const own = await citizen('001099020008');
    const routes = ['desk-payment', 'refunds'];
    for (const route of routes) {
      expect(await codeOf('POST', `/orders/${desk.id}/${route}`, undefined, {})).toEqual([401, 'UNAUTHENTICATED']);
      expect(await codeOf('POST', `/orders/${desk.id}/${route}`, own, {})).toEqual([403, 'ROLE_NOT_ALLOWED']);
      expect(await codeOf('POST', `/orders/not-a-uuid/${route}`, token, {})).toEqual([400, 'INVALID_ID']);
    }
    for (const body of [{}, { channel: 'online', receiptNumber: 'BL-1' }, { channel: 'in_person', receiptNumber: '' }, { channel: 'in_person', receiptNumber: 'x'.repeat(41) }, { channel: 'in_person', receiptNumber: ' BL-1' }, { channel: 'in_person', receiptNumber: 7 }, { channel: 'post', receiptNumber: 'BL-1', extra: true }]) {
      expect(await codeOf('POST', `/orders/${desk.id}/desk-payment`, token, body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await codeOf('POST', `/orders/${randomUUID()}/desk-payment`, token, { channel: 'post', receiptNumber: 'BL-1' })).toEqual([404, 'ORDER_NOT_FOUND']);
    for (const body of [{}, { amountVnd: 0, reason: 'x' }, { amountVnd: -5, reason: 'x' }, { amountVnd: 1.5, reason: 'x' }, { amountVnd: '1000', reason: 'x' }, { amountVnd: 2 ** 53, reason: 'x' }, { amountVnd: 1000 }, { amountVnd: 1000, reason: '' }, { amountVnd: 1000, reason: 'x'.repeat(501) }]) {
      expect(await codeOf('POST', `/orders/${online.id}/refunds`, token, body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await codeOf('POST', `/orders/${online.id}/refunds`, token, { amountVnd: 90_001, reason: 'x' })).toEqual([409, 'REFUND_EXCEEDS_PAID']);
    expect(await codeOf('POST', `/orders/${online.id}/refunds`, await officer(otherAgency), { amountVnd: 1, reason: 'x' })).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(await codeOf('POST', `/orders/${unpaid.id}/refunds`, token, { amountVnd: 1, reason: 'x' })).toEqual([409, 'ORDER_NOT_REFUNDABLE']);
    expect(await codeOf('GET', `/orders/not-a-uuid/refunds`, token)).toEqual([400, 'INVALID_ID']);
    expect(await codeOf('GET', `/orders/${online.id}/refunds`)).toEqual([401, 'UNAUTHENTICATED']);
    expect(await codeOf('GET', `/orders/not-a-uuid/receipt.pdf`, token)).toEqual([400, 'INVALID_ID']);
    expect(await codeOf('GET', `/orders/${online.id}/receipt.pdf`)).toEqual([401, 'UNAUTHENTICATED']);
    expect(await codeOf('GET', `/orders/${online.id}/receipt.pdf`, await citizen('001099029998'))).toEqual([404, 'ORDER_NOT_FOUND']);
    expect(await codeOf('GET', `/orders/${unpaid.id}/receipt.pdf`, own)).toEqual([409, 'NOT_PAID']);
    vault.failing = true;
    try {
      // A new session of the same citizen: the service remembers the citizenRef of a token it has already asked about.
      expect(await codeOf('GET', `/orders/${online.id}/refunds`, await citizen('001099020008'))).toEqual([503, 'VAULT_UNAVAILABLE']);
    } finally {
      vault.failing = false;
    }
    expect(await dataSource.manager.count(Refund, { where: [{ orderId: online.id }, { orderId: desk.id }, { orderId: unpaid.id }] })).toBe(0);
    expect((await Promise.all([online, desk, unpaid].map((order) => stored(order.id)))).map((order) => [order.status, order.refundedVnd])).toEqual([
      ['paid', 0],
      ['created', 0],
      ['created', 0],
    ]);
  });
});

/** What the routes answer, loosely: each test knows which of these it expects. */
interface AnswerBody {
  readonly error?: { readonly code: string; readonly message: string };
  readonly redirectUrl?: string;
  readonly status?: string;
  readonly items?: unknown[];
}

/** One event exactly as an intake would send it: CloudEvents headers, signed by `signer` as `source`. */
async function signedMessage<T extends object>(definition: EventDefinition<T>, payload: T, source: string, signer: SigningIdentity) {
  const event = newCloudEvent({ source, type: definition.type, subject: definition.subject?.(payload) });
  const value = JSON.stringify(payload);
  return { key: definition.key(payload), value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await signer.sign(event, Buffer.from(value)) } };
}

