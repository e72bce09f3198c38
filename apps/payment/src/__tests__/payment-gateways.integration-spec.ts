import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { newCloudEvent, PAYMENT_OUTCOME_TOPIC, PaymentRequested, PLATFORM_TOPICS, toKafkaHeaders, type PaymentRequestedV1 } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics, generateSigningKey, SIGNATURE_HEADER, signingKeyEnv, SigningIdentity } from '@app/messaging';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import { runMigrations } from '@app/persistence';
import { databaseSettings, loadConfig, startService, type RunningService } from '@app/platform';
import { eventually, freePort, freshDatabase, providedInfrastructure, TopicRecorder } from '@app/testing';
import type { VietQrInstructions } from '../gateways/payment-gateway';
import { HeldTransfer } from '../held-transfers/held-transfer.entity';
import type { HeldTransferView } from '../held-transfers/held-transfers.service';
import { OrderTransition } from '../orders/order-transition.entity';
import { PaymentOrder } from '../orders/payment-order.entity';
import { PaymentEnvironment } from '../payment-environment';
import { ReconciliationMismatch, ReconciliationRun } from '../reconciliation/reconciliation-run.entity';
import type { ReconciliationLine } from '../reconciliation/reconciliation-view';
import { paymentService } from '../payment.service-definition';
import { parseEmvQr } from '../vietqr/vietqr-payload';
import { FakeVault } from '@app/testing';

const SECRET = `bank-secret-${randomUUID()}`;
const TMN_CODE = 'ONCEONLY';
const BANK = { bin: '970436', account: '0011001234567', name: 'UBND XA THU NGHIEM' };

describe('VietQR bank transfers, held transfers, reconciliation and the gateway list', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'bank-transfers-test', brokers: kafkaBrokers, logLevel: 0 });
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
    const secretFile = join(await mkdtemp(join(tmpdir(), 'payment-bank-')), 'secret');
    await writeFile(secretFile, `${SECRET}\n`);
    const [sandboxPort, paymentPort] = [await freePort(), await freePort()];
    const env = loadConfig(PaymentEnvironment, {
      HTTP_PORT: String(paymentPort),
      PUBLIC_URL: `http://127.0.0.1:${paymentPort}`,
      LOG_LEVEL: 'fatal',
      DATABASE_URL: await freshDatabase(postgresAdminUrl, 'payment_bank'),
      KAFKA_BROKERS: kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.url,
      AUTH_JWKS_URL: issuer.jwksUrl,
      VAULT_URL: vault.url,
      PENDING_POLL_INTERVAL_MS: '0',
      SANDBOX_GATEWAY_URL: `http://127.0.0.1:${sandboxPort}`,
      SANDBOX_TMN_CODE: TMN_CODE,
      SANDBOX_HASH_SECRET_FILE: secretFile,
      VIETQR_BANK_BIN: BANK.bin,
      VIETQR_ACCOUNT_NUMBER: BANK.account,
      VIETQR_ACCOUNT_NAME: BANK.name,
      VIETQR_CREDIT_SECRET_FILE: secretFile,
      ...signingKeyEnv(await generateSigningKey('bank-transfers-test')),
    });
    await runMigrations(databaseSettings(paymentService.infrastructure(env)));
    service = await startService(paymentService, env);
    dataSource = service.app.get(DataSource);
    sandbox = await startSandboxGateway({
      port: sandboxPort,
      hashSecret: SECRET,
      tmnCode: TMN_CODE,
      ipnUrl: `${service.url}/gateways/sandbox/ipn`,
      ipnRetryDelaysMs: [200, 400, 800],
      bank: { creditUrl: `${service.url}/gateways/vietqr/credits`, accountNumber: BANK.account },
    });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    recorder = await TopicRecorder.start(kafka, [PAYMENT_OUTCOME_TOPIC]);
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
  const admin = () => issuer.issuer.issue({ role: 'admin', subject: `admin-${randomUUID()}` });
  const call = async (method: string, path: string, token?: string, json?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as AnswerBody };
  };
  const codeOf = async (method: string, path: string, token?: string, json?: unknown) => {
    const { status, body } = await call(method, path, token, json);
    return [status, body.error?.code];
  };
  const outcomesOf = (dossierId: string) => recorder.on(PAYMENT_OUTCOME_TOPIC).filter((message) => message.key === dossierId).map((message) => ({ type: message.headers.ce_type, ...(JSON.parse(message.value!) as Record<string, unknown>) }));

  async function requestFee(personalId: string, overrides: Partial<PaymentRequestedV1> = {}): Promise<PaymentOrder> {
    const payload: PaymentRequestedV1 = {
      dossierId: randomUUID(),
      agencyCode,
      procedureCode: 'TEST-LAND-CERTIFICATE',
      citizenRef: vault.citizenRefOf(personalId),
      feeCode: 'DOSSIER',
      amountVnd: 205_000,
      channel: 'online',
      requestedAt: new Date().toISOString(),
      ...overrides,
    };
    const event = newCloudEvent({ source: `/intake-${agencyCode.toLowerCase()}`, type: PaymentRequested.type, subject: PaymentRequested.subject?.(payload) });
    const value = JSON.stringify(payload);
    await producer.send({
      topic: PaymentRequested.topic(payload),
      acks: -1,
      messages: [{ key: PaymentRequested.key(payload), value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await intakeSigner.sign(event, Buffer.from(value)) } }],
    });
    return eventually(async () => {
      const order = await dataSource.manager.findOne(PaymentOrder, { where: { dossierId: payload.dossierId } });
      expect(order).not.toBeNull();
      return order!;
    });
  }

  /** The payer's transfer at the sandbox bank, and its notification delivered. */
  async function transfer(reference: string, amountVnd: number, description?: string): Promise<string> {
    const response = await fetch(`${sandbox.url}/bank/transfers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference, amountVnd, description }) });
    expect(response.status).toBe(202);
    const { bankTransactionId } = (await response.json()) as { bankTransactionId: string };
    await sandbox.bank!.creditSettled(bankTransactionId);
    return bankTransactionId;
  }
  const answersFor = (bankTransactionId: string) => sandbox.bank!.deliveries.filter((delivery) => delivery.bankTransactionId === bankTransactionId).map((delivery) => delivery.answer);

  function signedCredit(fields: Record<string, string>, secret = SECRET): Record<string, string> {
    const canonical = Object.keys(fields)
      .sort()
      .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(fields[name])}`)
      .join('&');
    return { ...fields, signature: createHmac('sha512', secret).update(canonical).digest('hex') };
  }

  async function checkoutVietQr(personalId: string, overrides: Partial<PaymentRequestedV1> = {}) {
    const token = await citizen(personalId);
    const order = await requestFee(personalId, overrides);
    const checkout = await call('POST', `/orders/${order.id}/checkout`, token, { gateway: 'vietqr' });
    expect(checkout.status).toBe(200);
    return { token, order, checkout: checkout.body as unknown as VietQrInstructions };
  }

  it('lists the gateways: sandbox and VietQR on, PayGov off because PAYGOV_URL is not set', async () => {
    const { status, body } = await call('GET', '/gateways', await citizen('001099020000'));
    expect(status).toBe(200);
    expect(body.items).toEqual([
      { name: 'paygov', on: false, reason: 'PAYGOV_URL is not set' },
      { name: 'sandbox', on: true, reason: null },
      { name: 'vietqr', on: true, reason: null },
    ]);
    expect(await codeOf('GET', '/gateways')).toEqual([401, 'UNAUTHENTICATED']);
    const order = await requestFee('001099020000');
    const paygov = await call('POST', `/orders/${order.id}/checkout`, await citizen('001099020000'), { gateway: 'paygov' });
    expect([paygov.status, paygov.body.error?.code]).toEqual([409, 'GATEWAY_NOT_CONFIGURED']);
    expect(paygov.body.error?.message).toContain('PAYGOV_URL is not set');
    expect((await dataSource.manager.findOneByOrFail(PaymentOrder, { id: order.id })).status).toBe('created');
  });

  it('answers a VietQR code that parses, with a correct CRC, the amount and the reference, and is stable', async () => {
    const { token, order, checkout } = await checkoutVietQr('001099020001');
    expect(checkout).toMatchObject({ bank: BANK, amountVnd: 205_000, reference: expect.stringMatching(/^[A-Z0-9]{1,25}$/) });
    const qr = parseEmvQr(checkout.payload);
    expect(qr).toMatchObject({ vietQr: { bankBin: BANK.bin, accountNumber: BANK.account, serviceCode: 'QRIBFTTA' }, amountVnd: 205_000, reference: checkout.reference });
    expect(checkout.qrPngDataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    const again = await call('POST', `/orders/${order.id}/checkout`, token, { gateway: 'vietqr' });
    expect(again.body.payload).toBe(checkout.payload);
    expect((await call('GET', `/orders/${order.id}`, token)).body).toMatchObject({ status: 'pending', gateway: 'vietqr' });
  });

  it('pays the order once on a transfer of the exact amount; a repeated notification is harmless', async () => {
    const { token, order, checkout } = await checkoutVietQr('001099020002');
    const id = await transfer(checkout.reference, 205_000);
    expect(answersFor(id)).toEqual(['paid']);
    await eventually(() => expect(outcomesOf(order.dossierId)).toHaveLength(1));
    expect(outcomesOf(order.dossierId)[0]).toMatchObject({ type: 'vn.gov.payment.completed.v1', orderId: order.id, amountVnd: 205_000, channel: 'online' });
    expect((await call('GET', `/orders/${order.id}`, token)).body).toMatchObject({ status: 'paid', gateway: 'vietqr' });

    await fetch(`${sandbox.url}/bank/transfers/${id}/renotify`, { method: 'POST' });
    await sandbox.bank!.creditSettled(id);
    expect(answersFor(id)).toEqual(['paid', 'duplicate']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(outcomesOf(order.dossierId)).toHaveLength(1);
    expect(await dataSource.manager.count(HeldTransfer, { where: { bankTransactionId: id } })).toBe(0);
    const journal = await dataSource.manager.find(OrderTransition, { where: { orderId: order.id }, order: { id: 'ASC' } });
    expect(journal.map((step) => step.toStatus)).toEqual(['created', 'pending', 'paid']);

    // A second transfer for the paid order is money to give back: held.
    const second = await transfer(checkout.reference, 205_000);
    expect(answersFor(second)).toEqual(['held']);
    expect(await dataSource.manager.findOneByOrFail(HeldTransfer, { bankTransactionId: second })).toMatchObject({ reason: 'already_paid', orderId: order.id, agencyCode });
  });

  it('holds a wrong amount and an unknown reference; the order stays unpaid; officers and admins resolve them', async () => {
    const { token, order, checkout } = await checkoutVietQr('001099020003');
    const under = await transfer(checkout.reference, 200_000);
    expect(answersFor(under)).toEqual(['held']);
    expect((await call('GET', `/orders/${order.id}`, token)).body.status).toBe('pending');
    const unknown = await transfer('DVC0000000000000000000000', 50_000, 'tien le phi');

    const own = await call('GET', '/held-transfers', await officer(agencyCode));
    expect(own.status).toBe(200);
    const held = own.body.items!.find((item) => item.bankTransactionId === under)!;
    expect(held).toMatchObject({ reason: 'wrong_amount', amountVnd: 200_000, orderId: order.id, status: 'held' });
    expect(own.body.items!.some((item) => item.bankTransactionId === unknown)).toBe(false);
    expect((await call('GET', '/held-transfers', await officer(otherAgency))).body.items).toEqual([]);
    const unattributed = await call('GET', '/held-transfers', await admin());
    const stray = unattributed.body.items!.find((item) => item.bankTransactionId === unknown)!;
    expect(stray).toMatchObject({ reason: 'unknown_reference', orderId: null, agencyCode: null });

    // Accepting an underpayment is refused; refunding it is recorded once.
    expect(await codeOf('POST', `/held-transfers/${held.id}/resolution`, await officer(agencyCode), { action: 'accept', note: 'thiếu tiền' })).toEqual([409, 'HELD_TRANSFER_NOT_ACCEPTABLE']);
    expect(await codeOf('POST', `/held-transfers/${held.id}/resolution`, await officer(otherAgency), { action: 'refund', note: 'x' })).toEqual([404, 'HELD_TRANSFER_NOT_FOUND']);
    const refunded = await call('POST', `/held-transfers/${held.id}/resolution`, await officer(agencyCode), { action: 'refund', note: 'Hoàn trả người nộp' });
    expect(refunded).toMatchObject({ status: 200, body: { status: 'to_refund', resolutionNote: 'Hoàn trả người nộp' } });
    expect(await codeOf('POST', `/held-transfers/${held.id}/resolution`, await officer(agencyCode), { action: 'refund', note: 'again' })).toEqual([409, 'HELD_TRANSFER_RESOLVED']);
    expect((await call('POST', `/held-transfers/${stray.id}/resolution`, await admin(), { action: 'refund', note: 'no order' })).body.status).toBe('to_refund');
    expect((await call('GET', `/orders/${order.id}`, token)).body.status).toBe('pending');
    expect(outcomesOf(order.dossierId)).toEqual([]);
  });

  it('refuses a forged or malformed credit notification, changing nothing', async () => {
    const { token, order, checkout } = await checkoutVietQr('001099020004');
    const fields = { bankTransactionId: `FT${randomInt(1e9)}`, accountNumber: BANK.account, amountVnd: '205000', description: checkout.reference, creditedAt: new Date().toISOString() };
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, signedCredit(fields, 'not-the-bank-key-at-all'))).toEqual([401, 'CREDIT_SIGNATURE_INVALID']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, { ...signedCredit(fields), amountVnd: '1' })).toEqual([401, 'CREDIT_SIGNATURE_INVALID']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, { ...fields })).toEqual([401, 'CREDIT_SIGNATURE_INVALID']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, [])).toEqual([401, 'CREDIT_SIGNATURE_INVALID']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, signedCredit({ ...fields, accountNumber: '999' }))).toEqual([422, 'CREDIT_WRONG_ACCOUNT']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, signedCredit({ ...fields, amountVnd: '205000.00' }))).toEqual([400, 'CREDIT_MALFORMED']);
    expect(await codeOf('POST', '/gateways/vietqr/credits', undefined, signedCredit({ ...fields, creditedAt: 'yesterday' }))).toEqual([400, 'CREDIT_MALFORMED']);
    expect((await call('GET', `/orders/${order.id}`, token)).body.status).toBe('pending');
    expect(await dataSource.manager.count(HeldTransfer, { where: { orderId: order.id } })).toBe(0);
    // The same notification signed properly pays.
    expect((await call('POST', '/gateways/vietqr/credits', undefined, signedCredit(fields))).body).toEqual({ acknowledged: true, result: 'paid' });
  });

  it('answers bad input on the held-transfer routes with a stable code and writes nothing', async () => {
    const officerToken = await officer(agencyCode);
    const heldBefore = await dataSource.manager.count(HeldTransfer);
    expect(await codeOf('GET', '/held-transfers')).toEqual([401, 'UNAUTHENTICATED']);
    expect(await codeOf('GET', '/held-transfers', await citizen('001099020005'))).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(await codeOf('GET', '/held-transfers?status=lost', officerToken)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', '/held-transfers?limit=0', officerToken)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', '/held-transfers?cursor=nonsense', officerToken)).toEqual([400, 'INVALID_CURSOR']);
    expect(await codeOf('POST', '/held-transfers/not-a-uuid/resolution', officerToken, { action: 'refund', note: 'x' })).toEqual([400, 'INVALID_ID']);
    expect(await codeOf('POST', `/held-transfers/${randomUUID()}/resolution`, officerToken, { action: 'refund', note: 'x' })).toEqual([404, 'HELD_TRANSFER_NOT_FOUND']);
    expect(await codeOf('POST', `/held-transfers/${randomUUID()}/resolution`, officerToken, { action: 'keep', note: 'x' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', `/held-transfers/${randomUUID()}/resolution`, officerToken, { action: 'refund', note: '' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', `/held-transfers/${randomUUID()}/resolution`, officerToken, { action: 'refund' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await dataSource.manager.count(HeldTransfer)).toBe(heldBefore);
    expect(await dataSource.manager.count(HeldTransfer, { where: { status: 'to_refund' } })).toBe(2);
  });

  /** A citizen's browser at the sandbox: checkout, open the payment page, press pay; the IPN delivered (or given up). */
  async function payAtSandbox(token: string, orderId: string): Promise<void> {
    const checkout = await call('POST', `/orders/${orderId}/checkout`, token, { gateway: 'sandbox' });
    expect(checkout.status).toBe(200);
    expect((await fetch(checkout.body.redirectUrl!)).status).toBe(200);
    const pressed = await fetch(`${sandbox.url}/paymentv2/pay`, { method: 'POST', body: new URLSearchParams({ vnp_TxnRef: orderId }), redirect: 'manual' });
    expect(pressed.status).toBe(302);
    await sandbox.ipnSettled(orderId);
  }

  it('reconciles the sandbox settlement file of a day, with a mismatch of each kind', async () => {
    const personalId = '001099020010';
    const token = await citizen(personalId);
    const matched = await requestFee(personalId, { amountVnd: 100_000 });
    const differs = await requestFee(personalId, { feeCode: 'COPY', amountVnd: 120_000 });
    const notHere = await requestFee(personalId, { feeCode: 'STAMP', amountVnd: 130_000 });
    const notSettled = await requestFee(personalId, { feeCode: 'EXTRA', amountVnd: 140_000 });
    await payAtSandbox(token, matched.id);
    // The gateway reports another amount for this one…
    await fetch(`${sandbox.url}/test-control/settle-amount?txnRef=${differs.id}&amountVnd=119000`, { method: 'POST' });
    await payAtSandbox(token, differs.id);
    // …settles this one though no IPN ever reached us (every attempt dropped)…
    await fetch(`${sandbox.url}/test-control/fail-next-ipns?count=4`, { method: 'POST' });
    await payAtSandbox(token, notHere.id);
    // …and never saw this one, which the test's database says is paid.
    expect((await call('POST', `/orders/${notSettled.id}/checkout`, token, { gateway: 'sandbox' })).status).toBe(200);
    await dataSource.query(`UPDATE payment_order SET status = 'paid', paid_at = now(), gateway_transaction_no = '99999999' WHERE id = $1`, [notSettled.id]);
    await eventually(async () => expect((await dataSource.manager.findOneByOrFail(PaymentOrder, { id: differs.id })).status).toBe('paid'));

    const date = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const run = await call('POST', '/reconciliations', await officer(agencyCode), { date, gateway: 'sandbox' });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ id: expect.any(String), gateway: 'sandbox', agencyCode, from: date, to: date });
    expect(run.body.totals).toEqual({ matched: 1, mismatches: 3, settledAmountVnd: 100_000, feeVnd: 1_100, netVnd: 98_900 });
    const byOrder = Object.fromEntries(run.body.lines!.map((line) => [line.orderId, line]));
    expect(byOrder[matched.id]).toMatchObject({ result: 'matched', amountVnd: 100_000, settledAmountVnd: 100_000, feeVnd: 1_100, dossierId: matched.dossierId });
    expect(byOrder[differs.id]).toMatchObject({ result: 'amount_differs', amountVnd: 120_000, settledAmountVnd: 119_000 });
    expect(byOrder[notHere.id]).toMatchObject({ result: 'paid_at_gateway_not_here', detail: 'order_not_paid', state: 'pending' });
    expect(byOrder[notSettled.id]).toMatchObject({ result: 'here_not_settled', state: 'paid', settledAmountVnd: null });
    const stored = await dataSource.manager.find(ReconciliationMismatch, { where: { runId: run.body.id } });
    expect(stored.map((row) => row.kind).sort()).toEqual(['amount_differs', 'here_not_settled', 'paid_at_gateway_not_here']);

    expect((await call('GET', `/reconciliations/${run.body.id}`, await officer(agencyCode))).body).toEqual(run.body);
    const csv = await fetch(`${service.url}/reconciliations/${run.body.id}.csv`, { headers: { authorization: `Bearer ${await officer(agencyCode)}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    const text = bytes.toString('utf8');
    // The BOM, so that Excel reads UTF-8 (fetch's text() would drop it).
    expect(text.startsWith('\uFEFFresult,detail,orderId')).toBe(true);
    expect(text).toContain(`amount_differs,,${differs.id}`);
    expect(await codeOf('GET', `/reconciliations/${run.body.id}`, await officer(otherAgency))).toEqual([404, 'RECONCILIATION_NOT_FOUND']);
    // Another agency's officer reconciles the same day and sees none of these orders.
    const other = await call('POST', '/reconciliations', await officer(otherAgency), { date, gateway: 'sandbox' });
    expect(other.body.totals).toMatchObject({ matched: 0, mismatches: 0 });

    // The agency's order report: the gateway fee once a reconciliation matched the order, keyset-paged.
    const officerToken = await officer(agencyCode);
    const reportOf = (query: string) => call('GET', `/reports/orders?from=${date}&to=${date}${query}`, officerToken);
    const all = await reportOf('&limit=200');
    expect(all.status).toBe(200);
    const reported = Object.fromEntries(all.body.items!.map((item) => [(item as unknown as { orderId: string }).orderId, item]));
    expect(reported[matched.id]).toMatchObject({ amountVnd: 100_000, gatewayFeeVnd: 1_100, status: 'paid', gateway: 'sandbox', dossierId: matched.dossierId, gatewayRef: expect.any(String) });
    expect(reported[differs.id]).toMatchObject({ gatewayFeeVnd: null, status: 'paid' });
    const first = await reportOf('&limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await reportOf(`&limit=200&cursor=${first.body.nextCursor}`);
    expect([...first.body.items!, ...second.body.items!]).toEqual(all.body.items);
    const sheet = await fetch(`${service.url}/reports/orders.csv?from=${date}&to=${date}`, { headers: { authorization: `Bearer ${officerToken}` } });
    expect(sheet.status).toBe(200);
    expect(await sheet.text()).toContain(`${matched.id},${matched.dossierId},TEST-LAND-CERTIFICATE,DOSSIER,100000,online,paid,sandbox,`);
  });

  it('answers bad input on the reconciliation routes with a stable code and stores no run', async () => {
    const officerToken = await officer(agencyCode);
    const runsBefore = await dataSource.manager.count(ReconciliationRun);
    expect(await codeOf('POST', '/reconciliations', undefined, { date: '2026-12-02', gateway: 'sandbox' })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await codeOf('POST', '/reconciliations', await citizen('001099020011'), { date: '2026-12-02', gateway: 'sandbox' })).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(await codeOf('POST', '/reconciliations', officerToken, { date: '2026-02-30', gateway: 'sandbox' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', '/reconciliations', officerToken, { date: '02/12/2026', gateway: 'sandbox' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', '/reconciliations', officerToken, { date: '2026-12-02', gateway: 'vnpay' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('POST', '/reconciliations', officerToken, { date: '2026-12-02' })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', '/reconciliations/not-a-uuid', officerToken)).toEqual([400, 'INVALID_ID']);
    expect(await codeOf('GET', '/reconciliations/not-a-uuid.csv', officerToken)).toEqual([400, 'INVALID_ID']);
    expect(await codeOf('GET', `/reconciliations/${randomUUID()}`, officerToken)).toEqual([404, 'RECONCILIATION_NOT_FOUND']);
    expect(await codeOf('GET', `/reconciliations/${randomUUID()}.csv`, officerToken)).toEqual([404, 'RECONCILIATION_NOT_FOUND']);
    expect(await codeOf('GET', '/reports/orders?from=2026-12-02&to=2026-12-01', officerToken)).toEqual([400, 'INVALID_REPORT_RANGE']);
    expect(await codeOf('GET', '/reports/orders?from=2025-01-01&to=2026-12-01', officerToken)).toEqual([400, 'INVALID_REPORT_RANGE']);
    expect(await codeOf('GET', '/reports/orders.csv?from=2026-12-02&to=2026-12-01', officerToken)).toEqual([400, 'INVALID_REPORT_RANGE']);
    expect(await codeOf('GET', '/reports/orders?from=yesterday&to=2026-12-01', officerToken)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', '/reports/orders?to=2026-12-01', officerToken)).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf('GET', '/reports/orders?from=2026-12-01&to=2026-12-01&cursor=nonsense', officerToken)).toEqual([400, 'INVALID_CURSOR']);
    expect(await codeOf('GET', '/reports/orders?from=2026-12-01&to=2026-12-01', await admin())).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(await dataSource.manager.count(ReconciliationRun)).toBe(runsBefore);
  });
});

/** What the routes answer, loosely: each test knows which of these it expects. */
interface AnswerBody {
  readonly error?: { readonly code: string; readonly message: string };
  readonly items?: HeldTransferView[];
  readonly redirectUrl?: string;
  readonly id?: string;
  readonly totals?: Record<string, number>;
  readonly lines?: ReconciliationLine[];
  readonly nextCursor?: string | null;
  readonly status?: string;
  readonly payload?: string;
  readonly gateway?: string;
}

