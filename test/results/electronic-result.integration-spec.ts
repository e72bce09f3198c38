import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import request from 'supertest';
import { newCloudEvent, PAYMENT_REQUESTED_TOPIC, PaymentCompleted, PaymentCompletedV1, toKafkaHeaders } from '@app/contracts';
import { SIGNATURE_HEADER, type SigningIdentity } from '@app/messaging';
import { describeSignature } from '@app/pdf';
import { createNssDatabase, eventually, pdfsig, pdfText, providedInfrastructure, readQrCodes, TopicRecorder } from '@app/testing';
import { CitizenJourney, expectStatus, type DossierView } from '../support/citizen-journey';
import { PlatformHarness } from '../support/platform-harness';

/** Hà Nội (connected data sharing): the Department of Justice issues, the Department of Health reuses. */
const HANOI_JUSTICE = '000.00.12.H26';
const HANOI_HEALTH = '000.00.15.H26';
const CRIMINAL_RECORD = 'JUS-CRIMINAL-RECORD'; // level 4: online payment, result returned online
const PRACTICE_LICENCE = 'HEA-PRACTICE-LICENCE'; // level 3: its dossier includes a criminal record certificate

const ANSWERS = { hoTen: 'Nguyễn Thị Thu Hà', ngaySinh: '1990-05-17', diaChi: 'Số 1 phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội', loaiPhieu: 'Phiếu số 1', soPhieuThem: 0 };

/**
 * Level 4 end to end, on the real vault and two real intakes: online submission, the payment
 * request and the payment service's signed outcome, a result signed PAdES by the agency and
 * checked with poppler's pdfsig, its public verification, its reuse at a sibling agency under
 * once-only, and its revocation.
 */
describe('an electronic result with legal validity (level 4)', () => {
  const infrastructure = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'result-test', brokers: infrastructure.kafkaBrokers, logLevel: 0 });
  let platform: PlatformHarness;
  let payment: SigningIdentity;
  let producer: Producer;
  let recorder: TopicRecorder;
  let nssDir: string;

  beforeAll(async () => {
    platform = await PlatformHarness.start({ ...infrastructure, intakes: [HANOI_JUSTICE, HANOI_HEALTH], timestamps: true });
    payment = platform.payment;
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    recorder = await TopicRecorder.start(kafka, [PAYMENT_REQUESTED_TOPIC]);
    nssDir = await createNssDatabase(await mkdtemp(join(tmpdir(), 'nss-')), platform.pki.caCertificatePem);
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await platform?.stop();
  });

  const at = (agency: string) => request(platform.intake(agency).url);

  /** Publishes a payment outcome exactly as the payment service will: its source, its key, its topic. */
  async function paid(dossierId: string, amountVnd: number): Promise<PaymentCompletedV1> {
    const outcome = Object.assign(new PaymentCompletedV1(), {
      orderId: randomUUID(),
      dossierId,
      agencyCode: HANOI_JUSTICE,
      feeCode: 'DOSSIER',
      amountVnd,
      channel: 'online',
      paidAt: new Date().toISOString(),
    });
    const event = newCloudEvent({ source: '/payment', type: PaymentCompleted.type, subject: dossierId });
    const value = JSON.stringify(outcome);
    await producer.send({
      topic: PaymentCompleted.topic(outcome),
      acks: -1,
      messages: [{ key: dossierId, value, headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await payment.sign(event, Buffer.from(value)) } }],
    });
    return outcome;
  }

  /** A criminal record dossier taken to its signed result: what a citizen and two officers do at the Justice department. */
  async function issuedResult(citizen: CitizenJourney) {
    const token = await citizen.citizenToken();
    const officer = await citizen.officerToken(HANOI_JUSTICE);
    const dossier = await citizen.openDossier(HANOI_JUSTICE, CRIMINAL_RECORD);
    expectStatus(await at(HANOI_JUSTICE).put(`/dossiers/${dossier.id}/form`).auth(token, { type: 'bearer' }).send({ ...ANSWERS, personalId: citizen.personalId }), 200);
    for (const type of dossier.stillRequired) expectStatus(await citizen.provide(HANOI_JUSTICE, dossier.id, type), 201);
    const submitted = await at(HANOI_JUSTICE).post(`/dossiers/${dossier.id}/submit`).auth(token, { type: 'bearer' }).send({ returnChannel: 'online' });
    expectStatus(submitted, 200);
    expect(submitted.body).toMatchObject({ status: 'submitted', feeVnd: 200_000, returnChannel: 'online' });
    for (const step of ['receipt', 'processing', 'payment-request']) expectStatus(await at(HANOI_JUSTICE).post(`/dossiers/${dossier.id}/${step}`).auth(officer, { type: 'bearer' }).send({}), 200);

    await eventually(() => expect(recorder.on(PAYMENT_REQUESTED_TOPIC).filter((message) => message.key === dossier.id)).toHaveLength(1));
    await paid(dossier.id, 200_000);
    await eventually(async () => expect((await citizen.dossier(HANOI_JUSTICE, dossier.id)).status).toBe('in_processing'));
    expectStatus(await at(HANOI_JUSTICE).post(`/dossiers/${dossier.id}/approval`).auth(officer, { type: 'bearer' }).send({}), 200);

    const issued = await at(HANOI_JUSTICE)
      .post(`/dossiers/${dossier.id}/result`)
      .auth(officer, { type: 'bearer' })
      .send({ summary: 'Không có án tích.', lines: [{ label: 'Tình trạng án tích', value: 'Không có án tích' }], resultNumber: `${randomUUID().slice(0, 4)}/2026/LLTP` });
    expectStatus(issued, 201);
    const result = issued.body as { verificationCode: string; verificationUrl: string; documentId: string; sha256: string; signatureProfile: string; resultNumber: string };
    return { dossier, result, token, officer };
  }

  /** The signed PDF as the citizen downloads it from their vault. */
  async function signedPdf(citizen: CitizenJourney, documentId: string): Promise<Buffer> {
    const response = await fetch(`${platform.vault.url}/documents/${documentId}/content`, { headers: { authorization: `Bearer ${await citizen.citizenToken()}` } });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    return Buffer.from(await response.arrayBuffer());
  }

  it('issues a PAdES-signed result into the vault that pdfsig trusts, with a QR code to its public check; one changed byte breaks it', async () => {
    const citizen = new CitizenJourney(platform);
    const { dossier, result } = await issuedResult(citizen);
    expect(result.signatureProfile).toBe('PAdES-BASELINE-T');
    const delivered = await citizen.dossier(HANOI_JUSTICE, dossier.id);
    expect(delivered.status).toBe('result_delivered');

    const pdf = await signedPdf(citizen, result.documentId);
    const verdict = await pdfsig(pdf, { nssDir });
    expect(verdict.output).toContain('Signature is Valid.');
    expect(verdict.output).toContain('Certificate is Trusted.');
    expect(verdict.output).toContain('ETSI.CAdES.detached');
    expect([verdict.signatureValid, verdict.certificateTrusted]).toEqual([true, true]);
    const facts = describeSignature(pdf);
    expect(facts).toMatchObject({ subFilter: 'ETSI.CAdES.detached', hasSigningCertificateV2: true, hasSigningTimeAttribute: false, hasTimestamp: true, coversWholeFile: true });
    expect(facts.signerSubject).toContain('CN=Sở Tư pháp thành phố Hà Nội');

    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const words of ['PHIẾU LÝ LỊCH TƯ PHÁP', 'SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI', `Số: ${result.resultNumber}`, 'Không có án tích', result.verificationCode]) expect(text).toContain(words);
    expect(await readQrCodes(pdf)).toEqual([result.verificationUrl]);

    // One byte in the middle of the signed part before the signature (the page content and fonts).
    const tampered = Buffer.from(pdf);
    const offset = Math.floor(facts.byteRange[1] / 2);
    tampered[offset] ^= 0x01;
    const broken = await pdfsig(tampered, { nssDir });
    expect(broken.signatureValid).toBe(false);
    expect(broken.output).not.toContain('Signature is Valid.');
  });

  it('lets anyone check a result by its code without logging in: valid, then revoked; a made-up code is not found', async () => {
    const citizen = new CitizenJourney(platform);
    const { result, officer } = await issuedResult(citizen);
    const checked = await at(HANOI_JUSTICE).get(`/results/${result.verificationCode.toLowerCase()}`);
    expectStatus(checked, 200);
    expect(checked.body).toMatchObject({
      status: 'valid',
      verificationCode: result.verificationCode,
      issuer: { agencyCode: HANOI_JUSTICE, name: 'SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI' },
      documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE',
      sha256: result.sha256,
    });
    expect(JSON.stringify(checked.body)).not.toContain(citizen.personalId);
    const page = await at(HANOI_JUSTICE).get(new URL(result.verificationUrl).pathname);
    expectStatus(page, 200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Kết quả hợp lệ');
    expect(page.text).toContain('<html lang="vi">');

    const madeUp = await at(HANOI_JUSTICE).get('/results/ZZZZ-ZZZZ-ZZZZ');
    expect([madeUp.status, madeUp.body.error.code]).toEqual([404, 'RESULT_NOT_FOUND']);
    const malformed = await at(HANOI_JUSTICE).get('/results/not-a-code');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_VERIFICATION_CODE']);

    // Revoked in the vault first, which must have applied the agency's verification by then.
    await eventually(async () => expect(await platform.intakeIndex(HANOI_HEALTH, result.documentId)).toMatchObject({ status: 'available' }));
    const foreign = await at(HANOI_JUSTICE).post(`/results/${result.verificationCode}/revocation`).auth(await citizen.officerToken(HANOI_HEALTH), { type: 'bearer' }).send({ reason: 'x' });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FOREIGN_AGENCY']);
    const noReason = await at(HANOI_JUSTICE).post(`/results/${result.verificationCode}/revocation`).auth(officer, { type: 'bearer' }).send({});
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const revoked = await at(HANOI_JUSTICE).post(`/results/${result.verificationCode}/revocation`).auth(officer, { type: 'bearer' }).send({ reason: 'Cấp nhầm do sai sót thông tin.' });
    expectStatus(revoked, 201);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'Cấp nhầm do sai sót thông tin.' });
    const again = await at(HANOI_JUSTICE).post(`/results/${result.verificationCode}/revocation`).auth(officer, { type: 'bearer' }).send({ reason: 'again' });
    expect([again.status, again.body.error.code]).toEqual([409, 'RESULT_ALREADY_REVOKED']);
    expect((await at(HANOI_JUSTICE).get(`/verify/${result.verificationCode}`)).text).toContain('Kết quả đã bị thu hồi');
    // The vault withdrew it from reuse: the sibling's index says so.
    await eventually(async () => expect(await platform.intakeIndex(HANOI_HEALTH, result.documentId)).toMatchObject({ status: 'withdrawn' }));
  });

  it('is reused under once-only at a sibling agency: the Department of Health does not ask for the certificate again', async () => {
    const citizen = new CitizenJourney(platform);
    const { result } = await issuedResult(citizen);
    await eventually(async () => expect(await platform.intakeIndex(HANOI_HEALTH, result.documentId)).toMatchObject({ status: 'available', scope: 'governing-body' }));
    const atHealth: DossierView = await citizen.openDossier(HANOI_HEALTH, PRACTICE_LICENCE);
    expect(atHealth.stillRequired).not.toContain('CRIMINAL_RECORD_CERTIFICATE');
    expect(atHealth.reused).toContainEqual(
      expect.objectContaining({ documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE', documentId: result.documentId, verifiedByAgencyCode: HANOI_JUSTICE }),
    );
  });
});
