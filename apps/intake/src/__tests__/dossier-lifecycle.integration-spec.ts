import { randomUUID } from 'node:crypto';
import { Kafka, type Producer } from 'kafkajs';
import {
  AVAILABILITY_TOPIC_PARTITIONS,
  availabilityTopic,
  deadLetterTopic,
  DOSSIER_LIFECYCLE_TOPIC,
  PAYMENT_REQUESTED_TOPIC,
  PaymentCompleted,
  PaymentCompletedV1,
  PLATFORM_TOPICS,
} from '@app/contracts';
import { ensureTopics } from '@app/messaging';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import type { ApiErrorBody, Page } from '@app/platform';
import { eventually, pdfText, providedInfrastructure, randomPersonalId, TopicRecorder } from '@app/testing';
import { vietnamDate, WorkingCalendar } from '../calendar/working-calendar';
import type { DossierTransitionView, DossierView } from '../dossiers/dossier.view';
import type { ApologyView } from '../lifecycle/officer-desk.controller';
import type { QueueItem } from '../lifecycle/officer-queue.service';
import type { ResultView } from '../results/results.service';
import { OverdueApologies } from '../lifecycle/overdue-apologies.service';
import { FakeVault } from './fake-vault.server';
import { api, citizenToken, officerToken, publishSigned, SAMPLE_ANSWERS, startIntake, testGoverningBody, testProcedureFolder, uploadForm, type RunningIntake } from './intake-test-bed';

const CRIMINAL_RECORD_DOCUMENTS = ['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION'];
const LICENCE_DOCUMENTS = [...CRIMINAL_RECORD_DOCUMENTS, 'ACADEMIC_DEGREE', 'HEALTH_CERTIFICATE'];
const DEAD_LETTERS = deadLetterTopic('intake');

describe('the one-stop lifecycle at one agency (Decree 61/2018)', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-lifecycle-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();
  const calendar = WorkingCalendar.official();

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let recorder: TopicRecorder;
  let producer: Producer;
  let call: ReturnType<typeof api>;
  let officer: string;
  let foreignOfficer: string;

  const count = async (sql: string, params: unknown[]) => (await intake.dataSource.query<{ n: number }[]>(sql, params))[0].n;

  /** A citizen's dossier with every required document provided, submitted. */
  async function submitted(procedureCode: string, documents: string[], submitBody: object = {}) {
    const personalId = randomPersonalId();
    const token = await citizenToken(issuer.issuer, personalId);
    const created = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode } });
    expect(created.status).toBe(201);
    expect((await call('PUT', `/dossiers/${created.body.id}/form`, { token, json: SAMPLE_ANSWERS })).status).toBe(200);
    for (const type of documents) expect((await call('POST', `/dossiers/${created.body.id}/documents`, { token, form: uploadForm(type, `%PDF-1.7\n% ${type} ${randomUUID()}\n`) })).status).toBe(201);
    const done = await call<DossierView>('POST', `/dossiers/${created.body.id}/submit`, { token, json: submitBody });
    expect(done.status).toBe(200);
    return { token, personalId, dossier: done.body };
  }

  /** Typed as both: each test knows which of the two answers it expects. */
  const step = (id: string, action: string, json: object = {}, token = officer) => call<DossierView & ApiErrorBody>('POST', `/dossiers/${id}/${action}`, { token, json });
  const lifecycleEvents = (dossierId: string) =>
    recorder.on(DOSSIER_LIFECYCLE_TOPIC).filter((message) => message.key === dossierId).map((message) => JSON.parse(message.value!) as { from: string; to: string; actorRole: string });

  /** This desk's dead letters about a dossier (other tests' intakes dead-letter to the same topic). */
  const deadLettersOf = (dossierId: string) =>
    recorder.on(DEAD_LETTERS).filter((message) => message.headers['dlt-consumer-group']?.startsWith(`intake-${body.thisAgency.toLowerCase()}.`) && message.value?.includes(dossierId));

  /** A slip as the citizen's or officer's browser gets it. */
  async function slip(id: string, kind: string, token = officer): Promise<{ status: number; type: string | null; text: string }> {
    const response = await fetch(`${intake.service.url}/dossiers/${id}/slips/${kind}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type');
    return { status: response.status, type, text: type === 'application/pdf' ? (await pdfText(bytes)).replace(/\s+/g, ' ') : bytes.toString('utf8') };
  }

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    recorder = await TopicRecorder.start(kafka, [DOSSIER_LIFECYCLE_TOPIC, PAYMENT_REQUESTED_TOPIC, DEAD_LETTERS]);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    intake = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder: await testProcedureFolder(body.thisAgency, body.siblingAgency),
      extra: { APOLOGY_SWEEP_INTERVAL_MS: '0' },
    });
    call = api(intake.service.url);
    officer = await officerToken(issuer.issuer, body.thisAgency);
    foreignOfficer = await officerToken(issuer.issuer, body.siblingAgency);
  });

  afterAll(async () => {
    await intake?.stop();
    await producer?.disconnect();
    await recorder?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  it('runs a level 3 dossier from submission to delivery: reception code and appointment, a supplement that stops the clock, a fee paid at the desk and an in-person return', async () => {
    const { token, personalId, dossier } = await submitted('TEST-LICENCE', LICENCE_DOCUMENTS, { returnChannel: 'in_person' });
    expect(dossier).toMatchObject({ status: 'submitted', level: 3, returnChannel: 'in_person', feeVnd: expect.any(Number) as number, dossierCode: null });

    const received = await step(dossier.id, 'receipt');
    expect(received.status).toBe(200);
    const today = vietnamDate(new Date());
    expect(received.body.dossierCode).toMatch(new RegExp(`^${body.thisAgency.replace(/\./g, '\\.')}-${today.slice(2).replace(/-/g, '')}-\\d{4}$`));
    expect(calendar.isWorkingDay(received.body.appointmentDate!)).toBe(true);
    expect(received.body.appointmentDate! > today).toBe(true);
    const again = await step(dossier.id, 'receipt');
    expect([again.status, again.body]).toMatchObject([409, { error: { code: 'ILLEGAL_TRANSITION', details: { status: 'received', action: 'receive' } } }]);

    const receipt = await slip(dossier.id, 'receipt', token);
    expect([receipt.status, receipt.type]).toEqual([200, 'application/pdf']);
    const [year, month, day] = received.body.appointmentDate!.split('-');
    for (const words of ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', `Mã hồ sơ: ${received.body.dossierCode}`, `Ngày ${day}/${month}/${year}`, 'Trực tiếp tại Bộ phận Một cửa', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']) {
      expect(receipt.text).toContain(words);
    }
    const noSupplementYet = await slip(dossier.id, 'supplement', token);
    expect([noSupplementYet.status, JSON.parse(noSupplementYet.text).error.code]).toEqual([409, 'SLIP_NOT_ISSUED']);

    expect((await step(dossier.id, 'processing')).body.status).toBe('in_processing');
    const supplement = await call('POST', `/dossiers/${dossier.id}/supplement-requests`, { token: officer, json: { documentTypeCodes: ['MARITAL_STATUS_CONFIRMATION'], note: 'Bổ sung giấy xác nhận tình trạng hôn nhân.' } });
    expect(supplement.status).toBe(201);
    const paused = await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token });
    const left = calendar.workingDaysBetween(today, received.body.appointmentDate!);
    expect(paused.body).toMatchObject({ status: 'supplement_requested', clockPausedWithWorkingDaysLeft: left });

    const supplementSlip = await slip(dossier.id, 'supplement', token);
    expect(supplementSlip.text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(supplementSlip.text).toContain('Bổ sung giấy xác nhận tình trạng hôn nhân.');
    const early = await step(dossier.id, 'resubmission', {}, token);
    expect([early.status, early.body]).toMatchObject([409, { error: { code: 'SUPPLEMENT_NOT_ANSWERED', details: { missing: ['MARITAL_STATUS_CONFIRMATION'] } } }]);
    const notAsked = await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('DRIVING_LICENCE') });
    expect([notAsked.status, notAsked.body]).toMatchObject([400, { error: { code: 'DOCUMENT_TYPE_NOT_REQUIRED' } }]);
    expect((await call('POST', `/dossiers/${dossier.id}/documents`, { token, form: uploadForm('MARITAL_STATUS_CONFIRMATION') })).status).toBe(201);
    const resubmitted = await step(dossier.id, 'resubmission', {}, token);
    expect(resubmitted.body).toMatchObject({ status: 'resubmitted', clockPausedWithWorkingDaysLeft: null, appointmentDate: calendar.addWorkingDays(new Date(), Math.max(1, left)) });
    const backToReception = await step(dossier.id, 'receipt');
    expect([backToReception.status, backToReception.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

    expect((await step(dossier.id, 'processing')).body.status).toBe('in_processing');
    const unpaid = await step(dossier.id, 'approval');
    expect([unpaid.status, unpaid.body.error.code]).toEqual([409, 'FEE_NOT_PAID']);
    const asked = await step(dossier.id, 'payment-request');
    expect(asked.body).toMatchObject({ status: 'awaiting_payment', paidAt: null });
    const [deskRequest] = await eventually(() => {
      const found = recorder.on(PAYMENT_REQUESTED_TOPIC).filter((message) => message.key === dossier.id);
      expect(found).toHaveLength(1);
      return found;
    });
    // Level 3 takes no online payment: the payment service is asked for a desk payment.
    expect(JSON.parse(deskRequest.value!)).toMatchObject({ channel: 'in_person', amountVnd: dossier.feeVnd });
    // Level 3 takes no online payment, whoever claims one: the payment service's signed word is dead-lettered too.
    const onlineOutcome = Object.assign(new PaymentCompletedV1(), {
      orderId: randomUUID(),
      dossierId: dossier.id,
      agencyCode: body.thisAgency,
      feeCode: 'DOSSIER',
      amountVnd: dossier.feeVnd!,
      channel: 'online',
      paidAt: new Date().toISOString(),
    });
    await publishSigned(producer, PaymentCompleted, onlineOutcome, '/payment', vault.paymentSigner);
    await eventually(() => expect(deadLettersOf(dossier.id)).toHaveLength(1));
    expect((await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token })).body).toMatchObject({ status: 'awaiting_payment', paidAt: null });
    // The payment service records the fee an officer took at the desk, and says so like any payment.
    await publishSigned(producer, PaymentCompleted, { ...onlineOutcome, orderId: randomUUID(), channel: 'in_person' }, '/payment', vault.paymentSigner);
    const paid = await eventually(async () => {
      const seen = await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token });
      expect(seen.body.status).toBe('in_processing');
      return seen.body;
    });
    expect(paid).toMatchObject({ paymentChannel: 'in_person', paidAt: expect.any(String) as string });
    const noMoreFee = await step(dossier.id, 'payment-request');
    expect([noMoreFee.status, noMoreFee.body.error.code]).toEqual([409, 'NO_FEE_DUE']);
    expect((await step(dossier.id, 'approval')).body.status).toBe('approved');

    const rateEarly = await call('POST', `/dossiers/${dossier.id}/rating`, { token, json: { satisfaction: 'satisfied' } });
    expect([rateEarly.status, rateEarly.body.error.code]).toEqual([409, 'RATING_NOT_YET_OPEN']);
    const result = await call<ResultView>('POST', `/dossiers/${dossier.id}/result`, { token: officer, json: { summary: 'Cấp giấy phép hành nghề.' } });
    expect([result.status, result.body]).toMatchObject([201, { form: 'paper', documentId: null, resultNumber: `${received.body.dossierCode}/KQ` }]);
    const twice = await call('POST', `/dossiers/${dossier.id}/result`, { token: officer, json: { summary: 'Lần hai.' } });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const checked = await call<{ status: string; form: string }>('GET', `/results/${result.body.verificationCode}`);
    expect(checked.body).toMatchObject({ status: 'valid', form: 'paper' });
    expect((await step(dossier.id, 'delivery')).body.status).toBe('result_delivered');
    const rated = await call('POST', `/dossiers/${dossier.id}/rating`, { token, json: { satisfaction: 'very_satisfied' } });
    expect(rated.status).toBe(201);

    const history = await call<DossierTransitionView[]>('GET', `/dossiers/${dossier.id}/history`, { token });
    const path = ['submitted', 'received', 'in_processing', 'supplement_requested', 'resubmitted', 'in_processing', 'awaiting_payment', 'in_processing', 'approved', 'result_issued', 'result_delivered'];
    expect(history.body.map((transition) => transition.to)).toEqual(path);
    expect(history.body.map((transition) => transition.actorRole)).toEqual(['citizen', 'officer', 'officer', 'officer', 'citizen', 'officer', 'officer', 'system', 'officer', 'officer', 'officer']);
    expect(history.body.at(-1)?.reason).toBe('handed over in person');
    expect(history.body[3].reason).toBe('Bổ sung giấy xác nhận tình trạng hôn nhân.');
    await eventually(() => expect(lifecycleEvents(dossier.id).map((event) => event.to)).toEqual(path));
    // Who the citizen is stays in this desk: events name them by the vault's reference only.
    for (const message of recorder.on(DOSSIER_LIFECYCLE_TOPIC).filter((event) => event.key === dossier.id)) expect(message.value).not.toContain(personalId);
  });

  it('refuses at reception with a reason, and lets the citizen withdraw only what is still open', async () => {
    const refusedOne = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    const noReason = await step(refusedOne.dossier.id, 'refusal', {});
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await count('SELECT count(*)::int AS n FROM dossier_transition WHERE dossier_id = $1', [refusedOne.dossier.id])).toBe(1);
    const refused = await step(refusedOne.dossier.id, 'refusal', { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết.' });
    expect(refused.body).toMatchObject({ status: 'refused', dossierCode: null });
    const refusalSlip = await slip(refusedOne.dossier.id, 'refusal', refusedOne.token);
    expect(refusalSlip.text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ');
    expect(refusalSlip.text).toContain('Hồ sơ không thuộc thẩm quyền giải quyết.');
    const noReceipt = await slip(refusedOne.dossier.id, 'receipt', refusedOne.token);
    expect([noReceipt.status, JSON.parse(noReceipt.text).error.code]).toEqual([409, 'SLIP_NOT_ISSUED']);
    const unknownSlip = await slip(refusedOne.dossier.id, 'invoice', refusedOne.token);
    expect([unknownSlip.status, JSON.parse(unknownSlip.text).error.code]).toEqual([404, 'UNKNOWN_SLIP']);
    const strangers = await slip(refusedOne.dossier.id, 'refusal', await citizenToken(issuer.issuer, randomPersonalId()));
    expect([strangers.status, JSON.parse(strangers.text).error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
    const late = await step(refusedOne.dossier.id, 'withdrawal', {}, refusedOne.token);
    expect([late.status, late.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

    const open = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    expect((await step(open.dossier.id, 'receipt')).status).toBe(200);
    const byOfficer = await step(open.dossier.id, 'withdrawal', {}, officer);
    expect([byOfficer.status, byOfficer.body.error.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const withdrawn = await step(open.dossier.id, 'withdrawal', { reason: 'Tôi không còn nhu cầu.' }, open.token);
    expect(withdrawn.body.status).toBe('withdrawn');
    const afterwards = await step(open.dossier.id, 'processing');
    expect([afterwards.status, afterwards.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('at level 4, waits for the payment service: a payment request, and its signed outcome before the decision', async () => {
    const { dossier } = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    expect(dossier.returnChannel).toBe('online');
    await step(dossier.id, 'receipt');
    await step(dossier.id, 'processing');
    expect((await step(dossier.id, 'payment-request')).body.status).toBe('awaiting_payment');

    const [request] = await eventually(() => {
      const found = recorder.on(PAYMENT_REQUESTED_TOPIC).filter((message) => message.key === dossier.id);
      expect(found).toHaveLength(1);
      return found;
    });
    const requested = JSON.parse(request.value!) as { amountVnd: number; feeCode: string; channel: string; agencyCode: string };
    expect(requested).toMatchObject({ amountVnd: dossier.feeVnd, channel: 'online', agencyCode: body.thisAgency });
    expect(request.headers.ce_source).toBe(`/intake-${body.thisAgency.toLowerCase()}`);

    const outcome = (overrides: Partial<PaymentCompletedV1> = {}) =>
      Object.assign(new PaymentCompletedV1(), {
        orderId: randomUUID(),
        dossierId: dossier.id,
        agencyCode: body.thisAgency,
        feeCode: requested.feeCode,
        amountVnd: requested.amountVnd,
        channel: 'online',
        paidAt: new Date().toISOString(),
        ...overrides,
      });
    // A wrong amount, and a payment claimed by someone other than the payment service, are dead-lettered and change nothing.
    const wrongAmount = outcome({ amountVnd: requested.amountVnd + 1 });
    await publishSigned(producer, PaymentCompleted, wrongAmount, '/payment', vault.paymentSigner);
    await publishSigned(producer, PaymentCompleted, outcome(), '/vault', vault.signer);
    await eventually(() => expect(deadLettersOf(dossier.id)).toHaveLength(2));
    expect((await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token: officer })).body.status).toBe('awaiting_payment');

    const paid = outcome();
    await publishSigned(producer, PaymentCompleted, paid, '/payment', vault.paymentSigner);
    await publishSigned(producer, PaymentCompleted, paid, '/payment', vault.paymentSigner);
    const settled = await eventually(async () => {
      const seen = await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token: officer });
      expect(seen.body.status).toBe('in_processing');
      return seen.body;
    });
    expect(settled).toMatchObject({ paymentChannel: 'online', paidAt: paid.paidAt });
    const transitions = await call<DossierTransitionView[]>('GET', `/dossiers/${dossier.id}/history`, { token: officer });
    expect(transitions.body.at(-1)).toMatchObject({ from: 'awaiting_payment', to: 'in_processing', actorRole: 'system', reason: `paid online, order ${paid.orderId}` });
    expect(transitions.body.filter((transition) => transition.from === 'awaiting_payment')).toHaveLength(1);
    expect((await step(dossier.id, 'approval')).body.status).toBe('approved');
  });

  it('asks the payment service to refund a dossier rejected after payment, as much as its procedure returns', async () => {
    const { dossier } = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    for (const action of ['receipt', 'processing', 'payment-request']) await step(dossier.id, action);
    const outcome = Object.assign(new PaymentCompletedV1(), {
      orderId: randomUUID(),
      dossierId: dossier.id,
      agencyCode: body.thisAgency,
      feeCode: 'DOSSIER',
      amountVnd: dossier.feeVnd!,
      channel: 'online',
      paidAt: new Date().toISOString(),
    });
    await publishSigned(producer, PaymentCompleted, outcome, '/payment', vault.paymentSigner);
    await eventually(async () => expect((await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token: officer })).body.status).toBe('in_processing'));
    expect((await step(dossier.id, 'rejection', { reason: 'Hồ sơ không đủ điều kiện cấp.' })).body.status).toBe('rejected');
    const refund = await eventually(() => {
      const found = recorder.on(PAYMENT_REQUESTED_TOPIC).filter((message) => message.key === dossier.id && message.headers.ce_type === 'vn.gov.intake.payment.refund-requested.v1');
      expect(found).toHaveLength(1);
      return JSON.parse(found[0].value!) as { amountVnd: number; reason: string };
    });
    expect(refund).toMatchObject({ amountVnd: 4000, reason: 'rejected' });

    // Rejected before paying: there is nothing to give back.
    const unpaid = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    for (const action of ['receipt', 'processing']) await step(unpaid.dossier.id, action);
    expect((await step(unpaid.dossier.id, 'rejection', { reason: 'Không đủ điều kiện.' })).body.status).toBe('rejected');
    await eventually(() => expect(lifecycleEvents(unpaid.dossier.id).map((event) => event.to)).toContain('rejected'));
    expect(recorder.on(PAYMENT_REQUESTED_TOPIC).filter((message) => message.key === unpaid.dossier.id)).toEqual([]);
  });

  it('apologises for an overdue dossier with a new appointment, and only for one that is overdue', async () => {
    const { dossier } = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    const received = (await step(dossier.id, 'receipt')).body;
    const notYet = await call('POST', `/dossiers/${dossier.id}/apology`, { token: officer, json: { reason: 'Chậm trễ.' } });
    expect([notYet.status, notYet.body.error.code]).toEqual([409, 'NOT_OVERDUE']);
    expect(await count('SELECT count(*)::int AS n FROM dossier_apology WHERE dossier_id = $1', [dossier.id])).toBe(0);

    // The day after the appointment, in Vietnam: the sweep finds it.
    const later = new Date(`${received.appointmentDate!}T12:00:00+07:00`);
    later.setUTCDate(later.getUTCDate() + 1);
    expect(await intake.service.app.get(OverdueApologies).issueDue(later)).toBeGreaterThanOrEqual(1);
    const apologised = await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token: officer });
    expect(apologised.body.appointmentDate).toBe(calendar.addWorkingDays(later, 5));
    await eventually(() =>
      expect(recorder.on(DOSSIER_LIFECYCLE_TOPIC).filter((message) => message.key === dossier.id && message.headers.ce_type === 'vn.gov.intake.dossier.apology-issued.v1')).toHaveLength(1),
    );
    const letter = await slip(dossier.id, 'apology');
    expect(letter.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(letter.text).toContain(apologised.body.appointmentDate!.split('-').reverse().join('/'));
    // Swept once: the dossier is no longer overdue at that instant.
    await intake.service.app.get(OverdueApologies).issueDue(later);
    expect(await count('SELECT count(*)::int AS n FROM dossier_apology WHERE dossier_id = $1', [dossier.id])).toBe(1);

    const saturday = await call<ApologyView>('POST', `/dossiers/${dossier.id}/apology`, { token: officer, json: { reason: 'x', newAppointmentDate: '2026-13-01' } });
    expect([saturday.status, saturday.body]).toMatchObject([400, { error: { code: 'VALIDATION_FAILED' } }]);
  });

  it("lists the agency's open dossiers oldest due first, with the working days left, to its own officers only", async () => {
    const first = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    const second = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    await step(first.dossier.id, 'receipt');
    await step(second.dossier.id, 'receipt');
    const items: QueueItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page<QueueItem> } = await call<Page<QueueItem>>('GET', '/desk/queue', { token: officer, query: { status: 'received', limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(items.every((item) => item.dossier.status === 'received')).toBe(true);
    const dues = items.map((item) => item.dueDate);
    expect(dues).toEqual([...dues].sort());
    const mine = items.find((item) => item.dossier.id === second.dossier.id)!;
    expect(mine).toMatchObject({ overdue: false, workingDaysLeft: calendar.workingDaysBetween(vietnamDate(new Date()), mine.dossier.appointmentDate!) });
    expect(new Set(items.map((item) => item.dossier.id)).size).toBe(items.length);

    const foreign = await call('GET', '/desk/queue', { token: foreignOfficer });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FOREIGN_AGENCY']);
    const citizen = await call('GET', '/desk/queue', { token: first.token });
    expect([citizen.status, citizen.body.error.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const badStatus = await call('GET', '/desk/queue', { token: officer, query: { status: 'lost' } });
    expect([badStatus.status, badStatus.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses bad input on every new step with a 4xx and a stable code, and writes nothing', async () => {
    const token = await citizenToken(issuer.issuer, randomPersonalId());
    const created = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-LICENCE' } });
    const id = created.body.id;
    const formData = async () => (await intake.dataSource.query<{ form_data: unknown }[]>('SELECT form_data FROM dossier WHERE id = $1', [id]))[0].form_data;

    const badForm = await call('PUT', `/dossiers/${id}/form`, { token, json: { hoTen: '', soBanSao: 2.5, khac: 'x' } });
    expect([badForm.status, badForm.body.error.code]).toEqual([400, 'FORM_INVALID']);
    const fields = (badForm.body.error.details as { errors: { field: string }[] }).errors.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['hoTen', 'soBanSao', 'khac']));
    expect(await formData()).toBeNull();
    const notObject = await call('PUT', `/dossiers/${id}/form`, { token, json: ['hoTen'] });
    expect([notObject.status, notObject.body.error.code]).toEqual([400, 'FORM_INVALID']);
    const unanswered = await step(id, 'submit', {}, token);
    expect(unanswered.status).toBe(409);
    expect(['FORM_NOT_ANSWERED', 'DOCUMENTS_MISSING']).toContain(unanswered.body.error.code);

    expect((await call('PUT', `/dossiers/${id}/form`, { token, json: SAMPLE_ANSWERS })).status).toBe(200);
    for (const type of LICENCE_DOCUMENTS) await call('POST', `/dossiers/${id}/documents`, { token, form: uploadForm(type, `%PDF-1.7\n% ${type} ${randomUUID()}\n`) });
    const onlineReturn = await step(id, 'submit', { returnChannel: 'post' }, token);
    expect([onlineReturn.status, onlineReturn.body.error.code]).toEqual([400, 'RETURN_CHANNEL_NOT_OFFERED']);
    const unknownChannel = await step(id, 'submit', { returnChannel: 'drone' }, token);
    expect([unknownChannel.status, unknownChannel.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call<DossierView>('GET', `/dossiers/${id}`, { token })).body.status).toBe('draft');

    const byPost = await step(id, 'submit', { returnChannel: 'in_person' }, token);
    expect([byPost.status, byPost.body.status]).toEqual([200, 'submitted']);
    const lateForm = await call('PUT', `/dossiers/${id}/form`, { token, json: SAMPLE_ANSWERS });
    expect([lateForm.status, lateForm.body.error.code]).toEqual([409, 'DOSSIER_NOT_EDITABLE']);
    const noResultYet = await call('POST', `/dossiers/${id}/result`, { token: officer, json: { summary: 'x' } });
    expect([noResultYet.status, noResultYet.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const emptyResult = await call('POST', `/dossiers/${id}/result`, { token: officer, json: {} });
    expect([emptyResult.status, emptyResult.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const longReason = await step(id, 'refusal', { reason: 'x'.repeat(2001) });
    expect([longReason.status, longReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noResult = await call('GET', `/dossiers/${id}/result`, { token });
    expect([noResult.status, noResult.body.error.code]).toEqual([404, 'NO_RESULT_YET']);
    expect(await count('SELECT count(*)::int AS n FROM dossier_transition WHERE dossier_id = $1', [id])).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM dossier_result WHERE dossier_id = $1', [id])).toBe(0);
  });

  it('keeps officers of other agencies and citizens off the officer steps, and writes nothing for them', async () => {
    const { token, dossier } = await submitted('TEST-CRIMINAL-RECORD', CRIMINAL_RECORD_DOCUMENTS);
    const bodies: Record<string, object> = { refusal: { reason: 'r' }, rejection: { reason: 'r' } };
    for (const action of ['receipt', 'refusal', 'processing', 'payment-request', 'approval', 'rejection', 'delivery']) {
      const json = bodies[action] ?? {};
      const foreign = await step(dossier.id, action, json, foreignOfficer);
      expect([action, foreign.status, foreign.body.error.code]).toEqual([action, 403, 'FOREIGN_AGENCY']);
      const byCitizen = await step(dossier.id, action, json, token);
      expect([action, byCitizen.status, byCitizen.body.error.code]).toEqual([action, 403, 'ROLE_NOT_ALLOWED']);
    }
    const missing = await step(randomUUID(), 'receipt');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
    expect(await count('SELECT count(*)::int AS n FROM dossier_transition WHERE dossier_id = $1', [dossier.id])).toBe(1);
    expect((await call<DossierView>('GET', `/dossiers/${dossier.id}`, { token })).body).toMatchObject({ status: 'submitted', dossierCode: null });
  });
});
