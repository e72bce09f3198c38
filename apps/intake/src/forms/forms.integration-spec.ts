import { Kafka } from 'kafkajs';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, PLATFORM_TOPICS } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics } from '@app/messaging';
import { providedInfrastructure, randomPersonalId } from '@app/testing';
import type { DossierView } from '../dossiers/dossier.view';
import { FakeVault } from '../__tests__/fake-vault.server';
import { api, citizenToken, officerToken, startIntake, testGoverningBody, testProcedureFolder, type RunningIntake } from '../__tests__/intake-test-bed';
import { pdfText } from '@app/testing';

/**
 * Printable forms. The PDF round trips (render, then pdftotext) need `@app/pdf` and
 * `@app/testing`'s `pdfText`, merged from other branches; until then only the refusals pass.
 */
describe('printable forms: blank, prefilled for a citizen, filled from a dossier', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-forms-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();
  const FORM = '/procedures/TEST-CRIMINAL-RECORD/forms/TK-TEST.pdf';

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let call: ReturnType<typeof api>;

  async function pdf(path: string, token?: string): Promise<string> {
    const response = await fetch(`${intake.service.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    return pdfText(Buffer.from(await response.arrayBuffer()));
  }

  /** A citizen's dossier whose e-form answers are on file, as the lifecycle stores them at submission. */
  async function dossierWithAnswers(personalId: string, answers: Record<string, unknown>) {
    const token = await citizenToken(issuer.issuer, personalId);
    const created = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
    expect(created.status).toBe(201);
    await intake.dataSource.query('UPDATE dossier SET form_data = $2 WHERE id = $1', [created.body.id, JSON.stringify(answers)]);
    return { token, id: created.body.id };
  }

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    intake = await startIntake({
      postgresAdminUrl,
      kafkaBrokers,
      issuerUrl: issuer.url,
      jwksUrl: issuer.jwksUrl,
      agencyCode: body.thisAgency,
      vaultUrl: vault.url,
      seedFolder: await testProcedureFolder(body.thisAgency, body.siblingAgency),
    });
    call = api(intake.service.url);
  });

  afterAll(async () => {
    await intake?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  describe('refusals', () => {
    it.each([
      ['a form the procedure does not have', '/procedures/TEST-CRIMINAL-RECORD/forms/TK-NOWHERE.pdf', 404, 'FORM_NOT_FOUND'],
      ['a procedure this agency does not publish', '/procedures/TEST-NOWHERE/forms/TK-TEST.pdf', 404, 'UNKNOWN_PROCEDURE'],
      ['a prefill other than me', `${FORM}?prefill=you`, 400, 'VALIDATION_FAILED'],
      ['prefill=me without a token', `${FORM}?prefill=me`, 401, 'UNAUTHENTICATED'],
    ])('refuses %s', async (_, path, status, code) => {
      const refused = await call('GET', path);
      expect([refused.status, refused.body.error.code]).toEqual([status, code]);
    });

    it('prefills only for a citizen, with a token it has checked', async () => {
      const officer = await call('GET', FORM, { token: await officerToken(issuer.issuer, body.thisAgency), query: { prefill: 'me' } });
      expect([officer.status, officer.body.error.code]).toEqual([403, 'PREFILL_NOT_ALLOWED']);
      const forged = await call('GET', FORM, { token: 'not.a.token', query: { prefill: 'me' } });
      expect([forged.status, forged.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it("does not show a citizen another's dossier, nor an officer another agency's", async () => {
      const { id } = await dossierWithAnswers(randomPersonalId(), { hoTen: 'Trần Văn Cường', soBanSao: 1 });
      const other = await call('GET', `/dossiers/${id}/forms/TK-TEST.pdf`, { token: await citizenToken(issuer.issuer, randomPersonalId()) });
      expect([other.status, other.body.error.code]).toEqual([404, 'DOSSIER_NOT_FOUND']);
      const foreign = await call('GET', `/dossiers/${id}/forms/TK-TEST.pdf`, { token: await officerToken(issuer.issuer, body.siblingAgency) });
      expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FOREIGN_AGENCY']);
      const anonymous = await call('GET', `/dossiers/${id}/forms/TK-TEST.pdf`);
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
      const badId = await call('GET', '/dossiers/not-a-uuid/forms/TK-TEST.pdf', { token: await citizenToken(issuer.issuer, randomPersonalId()) });
      expect([badId.status, badId.body.error.code]).toEqual([400, 'INVALID_ID']);
    });
  });

  describe('PDFs (need @app/pdf and pdfText, merged from other branches)', () => {
    it('prints a blank form without a token: its title and every label, no answers', async () => {
      const text = await pdf(FORM);
      expect(text).toContain('TỜ KHAI THỬ NGHIỆM');
      for (const label of ['Họ, chữ đệm và tên', 'Số định danh cá nhân', 'Số bản sao', 'Nhận kết quả qua bưu điện', 'Kính gửi: Sở Tư pháp']) expect(text).toContain(label);
    });

    it('prefills for a signed-in citizen: the personal id from the token and the latest answers given at this desk', async () => {
      const personalId = randomPersonalId();
      await dossierWithAnswers(personalId, { hoTen: 'Lê Thị Cũ', soBanSao: 1 });
      const { token } = await dossierWithAnswers(personalId, { hoTen: 'Nguyễn Thị Bình', soBanSao: 3, personalId: '000000000000' });
      const text = await pdf(`${FORM}?prefill=me`, token);
      expect(text).toContain('Nguyễn Thị Bình');
      expect(text).toContain(personalId);
      expect(text).not.toContain('Lê Thị Cũ');
      expect(text).not.toContain('000000000000');
    });

    it("fills a dossier's form from its answers, for its owner and for this agency's officers", async () => {
      const { token, id } = await dossierWithAnswers(randomPersonalId(), { hoTen: 'Phạm Minh Đức', soBanSao: 2, loaiPhieu: 'Phiếu số 2' });
      for (const reader of [token, await officerToken(issuer.issuer, body.thisAgency)]) {
        const text = await pdf(`/dossiers/${id}/forms/TK-TEST.pdf`, reader);
        expect(text).toContain('Phạm Minh Đức');
        expect(text).toContain('Phiếu số 2');
      }
    });
  });
});
