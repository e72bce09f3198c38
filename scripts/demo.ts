import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, DocumentVerified, newCloudEvent, PAYMENT_REQUESTED_TOPIC, toKafkaHeaders, type DocumentVerifiedV1, type PaymentRequestedV1 } from '@app/contracts';
import { generateSigningKey, SIGNATURE_HEADER, SigningIdentity } from '@app/messaging';
import { PLATFORM_STATE_DIR } from './local-platform-state';

/**
 * `npm run demo`: the once-only story, then a level 3 dossier returned in person and a level 4
 * dossier up to its online payment, played against the running platform (`npm run platform` or
 * docker-compose) through its public HTTP APIs, one plain sentence per step. It exits non-zero
 * if the platform does not behave as the Circular requires.
 *
 * The level 4 fee is paid through the sandbox gateway: the demo opens the payment page the
 * payment service sends the citizen to and presses "pay" over HTTP, as the payer's browser would.
 */
const paymentUrl = process.env.DEMO_PAYMENT_URL ?? 'http://127.0.0.1:3003';
/** Where the slips and results the demo downloads are saved, to open or check with pdfsig. */
const outputDir = join(PLATFORM_STATE_DIR, 'demo');

const issuerUrl = process.env.DEMO_ISSUER_URL ?? 'http://127.0.0.1:3000';
const vaultUrl = process.env.DEMO_VAULT_URL ?? 'http://127.0.0.1:3001';
const traceViewerUrl = process.env.DEMO_TRACE_VIEWER_URL ?? 'http://127.0.0.1:9411';
const notificationUrl = process.env.DEMO_NOTIFICATION_URL ?? 'http://127.0.0.1:3004';
/** The development mailbox's page and API: every email the platform sent. */
const mailboxUrl = process.env.DEMO_MAILBOX_URL ?? 'http://127.0.0.1:8025';
const smsSandboxUrl = process.env.DEMO_SMS_URL ?? 'http://127.0.0.1:8026';
/** The forger writes straight to the broker, as any process with write access to intake.* could. */
const kafkaBrokers = (process.env.DEMO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const intakes = {
  hanoiJustice: { code: '000.00.12.H26', name: 'Hanoi Department of Justice', url: process.env.DEMO_HANOI_JUSTICE_URL ?? 'http://127.0.0.1:3101' },
  hanoiHealth: { code: '000.00.15.H26', name: 'Hanoi Department of Health', url: process.env.DEMO_HANOI_HEALTH_URL ?? 'http://127.0.0.1:3102' },
  danangJustice: { code: '000.00.12.H17', name: 'Da Nang Department of Justice', url: process.env.DEMO_DANANG_JUSTICE_URL ?? 'http://127.0.0.1:3103' },
};
type Intake = (typeof intakes)[keyof typeof intakes];

interface DossierView {
  id: string;
  status: string;
  reused: { documentTypeCode: string; documentId: string; verifiedByAgencyName: string | null; verifiedAt: string }[];
  stillRequired: string[];
  documents: { documentTypeCode: string; documentId: string }[];
  dossierCode: string | null;
  appointmentDate: string | null;
  feeVnd: number | null;
}

interface ResultView {
  verificationCode: string;
  verificationUrl: string;
  documentId: string | null;
  signatureProfile: string | null;
}

let stepNumber = 0;
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\n${++stepNumber}. ${line}`);
const detail = (line: string) => say(`   ${line}`);

async function token(body: object): Promise<string> {
  const { access_token } = await call<{ access_token: string }>('POST', `${issuerUrl}/tokens`, { json: body });
  return access_token;
}

async function call<T>(
  method: string,
  url: string,
  options: { token?: string; json?: object; form?: FormData; expect?: number; traceparent?: string } = {},
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json ? { 'content-type': 'application/json' } : {}),
      ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    },
    body: options.json ? JSON.stringify(options.json) : options.form,
  });
  const body = (await response.json().catch(() => ({}))) as T;
  const expected = options.expect ?? (method === 'POST' ? [200, 201] : [200]);
  if (!(Array.isArray(expected) ? expected : [expected]).includes(response.status)) {
    throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

function scannedPdf(title: string): Blob {
  const pdf = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title (${title}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
  return new Blob([pdf], { type: 'application/pdf' });
}

const birthCertificatePdf = (personalId: string) => scannedPdf(`Giay khai sinh ${personalId}`);

async function provide(at: Intake, citizen: string, dossierId: string, documentTypeCode: string): Promise<DossierView> {
  const form = new FormData();
  form.append('documentTypeCode', documentTypeCode);
  form.append('file', scannedPdf(`${documentTypeCode} ${randomUUID()}`), `${documentTypeCode.toLowerCase()}.pdf`);
  return call<DossierView>('POST', `${at.url}/dossiers/${dossierId}/documents`, { token: citizen, form });
}

/** Downloads a PDF (a slip, a result) into .state/platform/demo and says where it is. */
async function savePdf(url: string, token: string, name: string): Promise<string> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  check(response.ok && response.headers.get('content-type') === 'application/pdf', `${url} should answer a PDF, not ${response.status}`);
  mkdirSync(outputDir, { recursive: true });
  const file = join(outputDir, name);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return relative(process.cwd(), file);
}

async function officerStep(at: Intake, officer: string, dossierId: string, action: string, json: object = {}): Promise<DossierView> {
  return call<DossierView>('POST', `${at.url}/dossiers/${dossierId}/${action}`, { token: officer, json });
}

/** The first message on `topic` keyed by `key`, read from the beginning (the demo's own consumer group). */
async function firstMessage<T>(topic: string, key: string): Promise<T> {
  const kafka = new Kafka({ clientId: 'demo-reader', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `demo-${randomUUID()}` });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const found = new Promise<T>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          if (message.key?.toString() === key) resolve(JSON.parse(message.value!.toString()) as T);
          return Promise.resolve();
        },
      });
    });
    return await Promise.race([found, sleep(30_000).then(() => Promise.reject(new Error(`nothing keyed ${key} on ${topic} within 30 s`)))]);
  } finally {
    await consumer.disconnect();
  }
}

interface OrderView {
  id: string;
  amountVnd: number;
  status: string;
}

/**
 * Pays a dossier's fee the way a citizen does: the payment service's order, its checkout at the
 * sandbox gateway, the payment page, and the "pay" button, pressed over HTTP.
 */
async function payAtGateway(citizen: string, dossierId: string): Promise<{ order: OrderView; returnPage: string }> {
  const orders = await waitForOrder(citizen, dossierId);
  const order = orders[0];
  const { redirectUrl } = await call<{ redirectUrl: string }>('POST', `${paymentUrl}/orders/${order.id}/checkout`, { token: citizen, json: { gateway: 'sandbox' } });
  const page = await fetch(redirectUrl);
  const html = await page.text();
  check(page.ok && html.includes('Thanh toán'), `the gateway's payment page should open (${page.status})`);
  const txnRef = /name="vnp_TxnRef" value="([^"]+)"/.exec(html)?.[1];
  check(txnRef !== undefined, 'the payment page should carry the transaction reference');
  const paid = await fetch(new URL('/paymentv2/pay', redirectUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ vnp_TxnRef: txnRef! }).toString(),
    redirect: 'manual',
  });
  const back = paid.headers.get('location');
  check(paid.status === 302 && back !== null, `paying should send the browser back to the payment service (${paid.status})`);
  return { order, returnPage: back! };
}

/** The payment service makes its order when the intake's request arrives over Kafka, a moment later. */
async function waitForOrder(citizen: string, dossierId: string): Promise<OrderView[]> {
  for (let attempt = 0; ; attempt += 1) {
    const page = await call<{ items: OrderView[] }>('GET', `${paymentUrl}/orders?dossierId=${dossierId}`, { token: citizen });
    if (page.items.length > 0) return page.items;
    check(attempt < 120, `the payment service should make an order for dossier ${dossierId}`);
    await sleep(250);
  }
}

async function waitForStatus(at: Intake, token: string, dossierId: string, status: string): Promise<DossierView> {
  for (let attempt = 0; ; attempt += 1) {
    const dossier = await call<DossierView>('GET', `${at.url}/dossiers/${dossierId}`, { token });
    if (dossier.status === status) return dossier;
    check(attempt < 120, `dossier ${dossierId} should become ${status}; it is ${dossier.status}`);
    await sleep(250);
  }
}

const vnd = (amount: number | null) => `${(amount ?? 0).toLocaleString('vi-VN')} đ`;

/** Level 3 (Circular 32/2017): e-form and online submission; the fee paid at the desk, the result collected in person. */
async function levelThreeInPerson(citizen: string, officer: string, personalId: string): Promise<void> {
  const at = intakes.hanoiJustice;
  step(`Level 3: the citizen applies online for a confirmation of Vietnamese nationality at the ${at.name}.`);
  const opened = await openDossier(at, citizen, 'JUS-NATIONALITY-CONFIRMATION');
  detail(`Already on file and reused: ${opened.reused.map((document) => document.documentTypeCode).join(', ') || 'nothing'}. Still to provide: ${opened.stillRequired.join(', ')}.`);
  for (const type of opened.stillRequired) await provide(at, citizen, opened.id, type);
  const invalid = await fetch(`${at.url}/dossiers/${opened.id}/form`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${citizen}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hoTen: '', ngaySinh: '1990-02-30' }),
  });
  const refusal = (await invalid.json()) as { error: { code: string; details: { errors: { field: string; message: string }[] } } };
  check(invalid.status === 400 && refusal.error.code === 'FORM_INVALID', 'a wrongly filled e-form should be refused field by field');
  detail(`A careless first try at the e-form is refused field by field: ${refusal.error.details.errors.map((error) => `${error.field} — ${error.message.replace(/\.$/, '')}`).join('; ')}.`);
  await call('PUT', `${at.url}/dossiers/${opened.id}/form`, {
    token: citizen,
    json: { hoTen: 'Nguyễn Thị Thu Hà', ngaySinh: '1990-05-17', diaChi: 'Số 1 phố Tràng Tiền, Hà Nội', noiSinh: 'Hà Nội', mucDich: 'Bổ sung hồ sơ xin việc', personalId },
  });
  const submitted = await call<DossierView>('POST', `${at.url}/dossiers/${opened.id}/submit`, { token: citizen, json: { returnChannel: 'in_person' } });
  detail(`Submitted online, to collect the result in person. Fee fixed at submission: ${vnd(submitted.feeVnd)}.`);

  const received = await officerStep(at, officer, opened.id, 'receipt');
  detail(`Received: dossier code ${received.dossierCode}, result due ${received.appointmentDate} (working days, Tết and weekends excluded).`);
  detail(`Receipt and appointment slip: ${await savePdf(`${at.url}/dossiers/${opened.id}/slips/receipt`, citizen, `receipt-${received.dossierCode}.pdf`)}`);
  await officerStep(at, officer, opened.id, 'processing');
  const awaiting = await officerStep(at, officer, opened.id, 'payment-request');
  check(awaiting.status === 'awaiting_payment', 'the fee should be asked for before the decision');
  const [deskOrder] = await waitForOrder(officer, opened.id);
  const receiptNumber = `BL-${received.dossierCode!.slice(-11)}`;
  await call('POST', `${paymentUrl}/orders/${deskOrder.id}/desk-payment`, { token: officer, json: { channel: 'in_person', receiptNumber } });
  await waitForStatus(at, officer, opened.id, 'in_processing');
  await officerStep(at, officer, opened.id, 'approval');
  detail(`The ${vnd(awaiting.feeVnd)} fee was paid at the desk (level 3 takes no online payment), recorded at the payment service with receipt ${receiptNumber}; then the dossier was approved.`);
  detail(`Electronic receipt: ${await savePdf(`${paymentUrl}/orders/${deskOrder.id}/receipt.pdf`, citizen, `receipt-${deskOrder.id}.pdf`)}`);
  const result = await call<ResultView>('POST', `${at.url}/dossiers/${opened.id}/result`, { token: officer, json: { summary: 'Xác nhận ông/bà có quốc tịch Việt Nam.' } });
  const delivered = await officerStep(at, officer, opened.id, 'delivery');
  check(delivered.status === 'result_delivered', 'the paper result should be delivered');
  detail(`Paper result handed over in person; anyone can check it at ${result.verificationUrl}.`);

  await call('POST', `${at.url}/dossiers/${opened.id}/rating`, { token: citizen, json: { satisfaction: 'very_satisfied', criteria: { onTime: 'very_satisfied', attitude: 'satisfied' } } });
  const openData = await call<{ rows: { procedureCode: string; verySatisfied: number; total: number }[] }>('GET', `${at.url}/open-data/ratings.json`);
  const row = openData.rows.filter((entry) => entry.procedureCode === 'JUS-NATIONALITY-CONFIRMATION').at(-1);
  check((row?.verySatisfied ?? 0) >= 1, 'the rating should show in the open data');
  detail(`The citizen rates it "Rất hài lòng"; the agency's open data now counts ${row!.verySatisfied} very satisfied of ${row!.total} this month.`);
}

/** Level 4: online payment, and the result returned online as a PDF the agency signed. */
async function levelFourOnline(citizen: string, officer: string, personalId: string, dossier: DossierView): Promise<void> {
  const at = intakes.hanoiJustice;
  step(`Level 4: the citizen completes the criminal record certificate dossier at the ${at.name}, to be returned online.`);
  for (const type of dossier.stillRequired.filter((type) => type !== 'BIRTH_CERTIFICATE')) await provide(at, citizen, dossier.id, type);
  await call('PUT', `${at.url}/dossiers/${dossier.id}/form`, {
    token: citizen,
    json: { hoTen: 'Nguyễn Thị Thu Hà', ngaySinh: '1990-05-17', diaChi: 'Số 1 phố Tràng Tiền, Hà Nội', loaiPhieu: 'Phiếu số 1', soPhieuThem: 1, personalId },
  });
  const submitted = await call<DossierView>('POST', `${at.url}/dossiers/${dossier.id}/submit`, { token: citizen, json: { returnChannel: 'online' } });
  detail(`Submitted; fee ${vnd(submitted.feeVnd)} (200.000 đ, and 5.000 đ for the extra certificate asked for on the e-form).`);
  for (const action of ['receipt', 'processing']) await officerStep(at, officer, dossier.id, action);
  const awaiting = await officerStep(at, officer, dossier.id, 'payment-request');
  check(awaiting.status === 'awaiting_payment', 'a level 4 dossier should wait for its online payment');
  const request = await firstMessage<PaymentRequestedV1>(PAYMENT_REQUESTED_TOPIC, dossier.id);
  check(request.amountVnd === submitted.feeVnd && request.channel === 'online', 'the payment request should carry the dossier fee, online');
  detail(`Before deciding, the officer asks for the fee: the intake asked the payment service for ${vnd(request.amountVnd)} online (event on ${PAYMENT_REQUESTED_TOPIC}).`);

  step('The citizen pays online at the sandbox gateway (the demo presses "Thanh toán" on its payment page).');
  const { order, returnPage } = await payAtGateway(citizen, dossier.id);
  detail(`Order ${order.id} for ${vnd(order.amountVnd)}; the gateway confirmed it to the payment service (signed IPN) and sent the browser back to ${new URL(returnPage).pathname}.`);
  await waitForStatus(at, officer, dossier.id, 'in_processing');
  detail('The payment service reported the payment over Kafka; the dossier is back with the officer, paid.');
  await officerStep(at, officer, dossier.id, 'approval');
  const result = await call<ResultView>('POST', `${at.url}/dossiers/${dossier.id}/result`, {
    token: officer,
    json: { summary: 'Không có án tích. Không bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã.', lines: [{ label: 'Tình trạng án tích', value: 'Không có án tích' }] },
  });
  await waitForStatus(at, citizen, dossier.id, 'result_delivered');
  const file = await savePdf(`${vaultUrl}/documents/${result.documentId}/content`, citizen, `result-${result.verificationCode}.pdf`);
  detail(`The agency signed the result (${result.signatureProfile}) and returned it to the citizen's vault: ${file}`);
  detail(`Check it: pdfsig ${file}   — or at ${result.verificationUrl} (code ${result.verificationCode}).`);
  const atHealth = await openDossierUntil(intakes.hanoiHealth, citizen, 'HEA-PRACTICE-LICENCE', (d) => d.reused.some((r) => r.documentId === result.documentId));
  check(atHealth.reused.some((r) => r.documentId === result.documentId), 'the sibling agency should reuse the electronic result');
  detail(`At the ${intakes.hanoiHealth.name} the certificate is reused, not asked for: once-only covers results too.`);
}

async function openDossier(at: Intake, citizen: string, procedureCode: string): Promise<DossierView> {
  return call<DossierView>('POST', `${at.url}/dossiers`, { token: citizen, json: { procedureCode } });
}

/** Availability travels over Kafka, so a sibling learns of a verification a moment later. */
async function openDossierUntil(at: Intake, citizen: string, procedureCode: string, done: (dossier: DossierView) => boolean): Promise<DossierView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const dossier = await openDossier(at, citizen, procedureCode);
    if (done(dossier) || Date.now() > deadline) return dossier;
    await sleep(250);
  }
}

/**
 * Produces a DocumentVerified straight to Kafka, claiming `as` for its source and its agency,
 * signed with a freshly made key the vault has never registered. Returns the dead letter the
 * vault writes for it.
 */
async function forgeVerification(citizen: string, documentId: string, dossierId: string, as: Intake): Promise<{ reason: string; error: string }> {
  const { citizenRef } = await call<{ citizenRef: string }>('POST', `${vaultUrl}/citizens/me`, { token: citizen });
  const forger = SigningIdentity.load(await generateSigningKey(`intake-${as.code.toLowerCase()}-stolen-name`));
  const kafka = new Kafka({ clientId: 'demo-forger', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `demo-${randomUUID()}` });
  const producer = kafka.producer();
  const payload: DocumentVerifiedV1 = { documentId, citizenRef, agencyCode: as.code, dossierId, officer: 'forger', verifiedAt: new Date().toISOString() };
  const event = newCloudEvent({ source: `/intake-${as.code.toLowerCase()}`, type: DocumentVerified.type, subject: documentId });
  const value = JSON.stringify(payload);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic('vault'), fromBeginning: false });
    // The consumer must own its partition before the forgery lands, or it would start after it.
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    const letter = new Promise<{ reason: string; error: string }>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          if (message.headers?.ce_id?.toString() === event.id) resolve({ reason: message.headers['dlt-reason']?.toString() ?? '', error: message.headers['dlt-error']?.toString() ?? '' });
          return Promise.resolve();
        },
      });
    });
    await joined;
    await sleep(1_000);
    await producer.connect();
    const headers = { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await forger.sign(event, Buffer.from(value)) };
    await producer.send({ topic: DocumentVerified.topic(payload), acks: -1, messages: [{ key: citizenRef, value, headers }] });
    return await Promise.race([letter, sleep(30_000).then(() => ({ reason: 'no dead letter within 30 s', error: '' }))]);
  } finally {
    await producer.disconnect();
    await consumer.disconnect();
  }
}

/** The inbox, the mailbox and the SMS sandbox: every message the story produced, one email read back. */
async function whatTheCitizenWasTold(citizen: string, email: string, phone: string): Promise<void> {
  step('The citizen reads what the platform told them along the way.');
  type InboxItem = { templateKey: string; subject: string; createdAt: string };
  type Mail = { subject: string; text: string; messageId: string | null };
  let inbox: InboxItem[] = [];
  let mails: Mail[] = [];
  // Emails leave every couple of seconds: wait until each inbox message has its email.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(1_000)) {
    inbox = (await call<{ items: InboxItem[] }>('GET', `${notificationUrl}/me/messages?limit=200`, { token: citizen })).items;
    mails = (await call<{ items: Mail[] }>('GET', `${mailboxUrl}/api/messages?to=${encodeURIComponent(email)}`)).items;
    if (inbox.length > 0 && mails.length >= inbox.length) break;
  }
  const unread = await call<{ unread: number }>('GET', `${notificationUrl}/me/messages/unread-count`, { token: citizen });
  detail(`In the portal's inbox: ${inbox.length} messages, ${unread.unread} unread.`);
  for (const item of [...inbox].reverse()) detail(`  ${item.createdAt}  ${item.templateKey.padEnd(26)} ${item.subject}`);
  const texts = (await call<{ items: { text: string }[] }>('GET', `${smsSandboxUrl}/v1/messages?to=${encodeURIComponent(phone)}`)).items;
  detail(`By email: ${mails.length} messages in the development mailbox (${mailboxUrl}); by SMS: ${texts.length}.`);
  const received = mails.find((mail) => /tiếp nhận/i.test(mail.subject));
  check(inbox.some((item) => item.templateKey === 'dossier-received') && received !== undefined, 'the citizen should have been told their dossier was received');
  detail(`One email read back from the mailbox over SMTP's far side — "${received!.subject}", Message-ID ${received!.messageId}:`);
  for (const line of received!.text.split('\n').filter((line) => line.trim()).slice(0, 6)) detail(`  │ ${line}`);
  check(inbox.some((item) => item.templateKey === 'rating-invitation'), 'a level 3 or 4 citizen should be invited to rate the service');
}

function check(condition: boolean, failure: string): void {
  if (!condition) throw new Error(failure);
}

async function main(): Promise<void> {
  const personalId = Array.from({ length: 12 }, () => randomInt(10)).join('');
  const citizen = await token({ role: 'citizen', personalId });
  const officerOf = (at: Intake) => token({ role: 'officer', agencyCode: at.code });
  say(`Once-only demo — citizen with personal identification number ${personalId.slice(0, 3)}•••••••${personalId.slice(-2)}`);
  const email = `nguyen.van.an.${personalId.slice(-4)}@example.vn`;
  const phone = `09${personalId.slice(-8)}`;

  step('The citizen chooses to be told of every step by email, SMS and in the portal, in Vietnamese.');
  await call('PUT', `${notificationUrl}/me/preferences`, { token: citizen, json: { language: 'vi', email, phone, emailEnabled: true, smsEnabled: true, inAppEnabled: true, accessAlerts: true } });
  detail(`Email ${email}, SMS ${phone}: held by the notification service only, never on Kafka.`);

  step(`The citizen applies for a criminal record certificate at the ${intakes.hanoiJustice.name}.`);
  const first = await openDossier(intakes.hanoiJustice, citizen, 'JUS-CRIMINAL-RECORD');
  detail(`Dossier ${first.id}. Documents asked for: ${first.stillRequired.join(', ')}.`);
  check(first.stillRequired.includes('BIRTH_CERTIFICATE'), 'a first-time applicant should be asked for a birth certificate');

  step('The citizen uploads a scan of the birth certificate.');
  const form = new FormData();
  form.append('documentTypeCode', 'BIRTH_CERTIFICATE');
  form.append('file', birthCertificatePdf(personalId), 'giay-khai-sinh.pdf');
  const uploaded = await call<DossierView>('POST', `${intakes.hanoiJustice.url}/dossiers/${first.id}/documents`, { token: citizen, form });
  const documentId = uploaded.documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')!.documentId;
  detail(`Stored once in the vault as document ${documentId}.`);

  step(`An officer of the ${intakes.hanoiJustice.name} checks it against the original and marks it verified.`);
  // The demo starts the trace itself, so it can point at it in the trace viewer.
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  await call('POST', `${intakes.hanoiJustice.url}/dossiers/${first.id}/documents/BIRTH_CERTIFICATE/verification`, { token: await officerOf(intakes.hanoiJustice), json: {}, traceparent });
  detail('Verified. The vault now lets every agency of Hà Nội (connected data sharing) reuse it.');
  detail(`Follow it across the intake, Kafka, the vault and the sibling agencies: ${traceViewerUrl}/zipkin/traces/${traceId}`);

  step(`The citizen applies for a medical practice licence at the ${intakes.hanoiHealth.name}, a sibling agency.`);
  const sibling = await openDossierUntil(intakes.hanoiHealth, citizen, 'HEA-PRACTICE-LICENCE', (d) => d.reused.some((r) => r.documentId === documentId));
  const reused = sibling.reused.find((r) => r.documentId === documentId);
  check(reused !== undefined, 'the sibling agency should have reused the verified birth certificate');
  detail(`Not asked for the birth certificate: reused, verified by ${reused!.verifiedByAgencyName} at ${reused!.verifiedAt}.`);
  detail(`Still to provide there: ${sibling.stillRequired.join(', ')}.`);

  step(`The citizen applies for a criminal record certificate at the ${intakes.danangJustice.name}, in another province.`);
  const elsewhere = await openDossier(intakes.danangJustice, citizen, 'JUS-CRIMINAL-RECORD');
  check(elsewhere.stillRequired.includes('BIRTH_CERTIFICATE'), 'another province must ask for the birth certificate');
  detail(`Asked for: ${elsewhere.stillRequired.join(', ')} — Đà Nẵng is a different governing body, so the document is not shared.`);

  step(`A forger claims the ${intakes.danangJustice.name} verified a birth certificate the citizen uploads there.`);
  const forgedForm = new FormData();
  forgedForm.append('documentTypeCode', 'BIRTH_CERTIFICATE');
  forgedForm.append('file', birthCertificatePdf(`${personalId}-danang`), 'giay-khai-sinh.pdf');
  const provided = await call<DossierView>('POST', `${intakes.danangJustice.url}/dossiers/${elsewhere.id}/documents`, { token: citizen, form: forgedForm });
  const unverifiedId = provided.documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')!.documentId;
  const refused = await forgeVerification(citizen, unverifiedId, elsewhere.id, intakes.danangJustice);
  check(refused.reason === 'SIGNATURE_INVALID', `the forged verification should be dead-lettered as SIGNATURE_INVALID, not ${refused.reason}`);
  const stillProvided = await call<{ status: string }>('GET', `${vaultUrl}/documents/${unverifiedId}`, { token: citizen });
  check(stillProvided.status === 'provided', 'a forged verification must not verify the document');
  detail(`Produced to Kafka as the Đà Nẵng intake, signed with a key that is not the agency's: dead-lettered (${refused.reason}: ${refused.error}).`);
  detail(`Document ${unverifiedId} is still "${stillProvided.status}": nobody can reuse it.`);

  step(`An officer of the ${intakes.hanoiHealth.name} opens the reused certificate for dossier ${sibling.id}.`);
  const healthOfficer = await officerOf(intakes.hanoiHealth);
  // The vault learns of the sibling's dossier from its signed DocumentReused, a moment after the reuse.
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${vaultUrl}/documents/${documentId}/content?dossierId=${sibling.id}`, { headers: { authorization: `Bearer ${healthOfficer}` } });
    if (response.ok) break;
    check(attempt < 40, `the sibling agency's officer should be able to read the reused certificate (last answer ${response.status})`);
    await sleep(250);
  }
  detail('Allowed: the document is attached to that dossier of the agency, and the agency is in its reuse scope. The read is logged.');
  await call('GET', `${vaultUrl}/documents/${documentId}/content?dossierId=${elsewhere.id}`, { token: await officerOf(intakes.danangJustice), expect: 403 });
  detail(`An officer of the ${intakes.danangJustice.name} tries the same and is refused (403). The attempt is logged too.`);
  await call('GET', `${vaultUrl}/documents/${documentId}/content?dossierId=${randomUUID()}`, { token: healthOfficer, expect: 403 });
  detail(`So is the ${intakes.hanoiHealth.name} officer giving a dossier id of their own invention: reads are bound to real dossiers.`);

  const justiceOfficer = await officerOf(intakes.hanoiJustice);
  await levelThreeInPerson(citizen, justiceOfficer, personalId);
  await levelFourOnline(citizen, justiceOfficer, personalId, first);

  step(`The ${intakes.hanoiJustice.name} revokes the birth certificate.`);
  await call('POST', `${vaultUrl}/documents/${documentId}/revocation`, { token: await officerOf(intakes.hanoiJustice), json: { reason: 'Demo: certificate replaced' } });
  const afterRevocation = await openDossierUntil(intakes.hanoiHealth, citizen, 'HEA-PRACTICE-LICENCE', (d) => !d.reused.some((r) => r.documentId === documentId));
  check(afterRevocation.stillRequired.includes('BIRTH_CERTIFICATE'), 'nobody may reuse a revoked document');
  detail(`Nobody reuses it any more: the ${intakes.hanoiHealth.name} asks for a birth certificate again.`);

  step('The citizen reads who used their documents.');
  type LogEntry = { documentTypeCode: string; action: string; agencyName: string | null; dossierId: string | null; at: string };
  // The log is paged like every list: walk it to the end.
  const log: LogEntry[] = [];
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page: { items: LogEntry[]; nextCursor: string | null } = await call('GET', `${vaultUrl}/access-log?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token: citizen });
    log.push(...page.items);
    cursor = page.nextCursor;
  }
  for (const entry of log) detail(`${entry.at}  ${entry.action.padEnd(12)} ${entry.documentTypeCode.padEnd(18)} ${entry.agencyName ?? '—'}${entry.dossierId ? `  (dossier ${entry.dossierId})` : ''}`);
  check(log.some((entry) => entry.action === 'reused') && log.some((entry) => entry.action === 'read-denied'), 'the access log should show the reuse and the refused read');

  await whatTheCitizenWasTold(citizen, email, phone);

  say('\nDone: the citizen handed over the birth certificate once, and got two results without queueing twice.');
  say(`The same journeys in a browser: ${process.env.DEMO_PORTAL_URL ?? 'http://localhost:8080'} (demo people and their password in deploy/seed/dev-identities.json).`);
}

main().catch((error: unknown) => {
  say(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  say('Is the platform running? Start it with: npm ci && npm run platform');
  process.exit(1);
});
