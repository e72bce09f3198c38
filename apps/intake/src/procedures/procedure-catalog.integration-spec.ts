import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, PLATFORM_TOPICS } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import type { Page } from '@app/platform';
import { freshDatabase, providedInfrastructure, randomPersonalId } from '@app/testing';
import type { DossierView } from '../dossiers/dossier.view';
import { FakeVault } from '../__tests__/fake-vault.server';
import { api, citizenToken, officerToken, startIntake, testGoverningBody, testProcedureFolder, type RunningIntake } from '../__tests__/intake-test-bed';
import { informationFixture } from '../__tests__/procedure-fixtures';
import { CreateIntakeTables1764600000000 } from '../migrations/1764600000000-create-intake-tables';
import { AddReusableDocumentVersion1764700000000 } from '../migrations/1764700000000-add-reusable-document-version';
import { AddDossierLifecycle1764900000000 } from '../migrations/1764900000000-add-dossier-lifecycle';
import { CreateProcedureVersions1764905000000 } from '../migrations/1764905000000-create-procedure-versions';
import type { ProcedureInformation } from './procedure-information';
import { ProcedureSeeder } from './procedure.seeder';
import type { ProcedureDraftView, ProcedureSummaryView, ProcedureVersionSummaryView, PublishedProcedureView } from './procedure.view';

describe('the procedure catalog: public versions, drafts of this agency, publication', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-catalog-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let call: ReturnType<typeof api>;
  let officer: string;
  let foreignOfficer: string;
  let codeSequence = 0;

  const newCode = () => `TEST-DRAFT-${(codeSequence += 1)}`;
  const catalogRows = async () =>
    (
      await intake.dataSource.query<{ procedures: number; versions: number; drafts: string }[]>(
        "SELECT (SELECT count(*)::int FROM procedure) AS procedures, (SELECT count(*)::int FROM procedure_version) AS versions, (SELECT string_agg(code || ':' || md5(draft::text) || ':' || updated_at, ',' ORDER BY code) FROM procedure) AS drafts",
      )
    )[0];

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
    officer = await officerToken(issuer.issuer, body.thisAgency);
    foreignOfficer = await officerToken(issuer.issuer, body.siblingAgency);
  });

  afterAll(async () => {
    await intake?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  describe('public, without a token', () => {
    it('lists the published procedures with their classification and what their level promises', async () => {
      const { status, body: page } = await call<Page<ProcedureSummaryView>>('GET', '/procedures');
      expect(status).toBe(200);
      const seeded = page.items.filter((item) => !item.code.startsWith('TEST-DRAFT-'));
      expect(seeded.map((item) => [item.code, item.level, item.classification, item.acceptsOnlineDossiers, item.acceptsOnlinePayment, item.returnsResultsOnline])).toEqual([
        ['TEST-CERTIFIED-COPY', 2, 'not_online', false, false, false],
        ['TEST-CRIMINAL-RECORD', 4, 'full_online', true, true, true],
        ['TEST-LICENCE', 3, 'partial_online', true, false, false],
      ]);
      const firstPage = await call<Page<ProcedureSummaryView>>('GET', '/procedures', { query: { limit: '1' } });
      const secondPage = await call<Page<ProcedureSummaryView>>('GET', '/procedures', { query: { limit: '1', cursor: firstPage.body.nextCursor! } });
      expect([firstPage.body.items[0].code, secondPage.body.items[0].code]).toEqual(['TEST-CERTIFIED-COPY', 'TEST-CRIMINAL-RECORD']);
    });

    it('shows the latest version with every Level 1 field, and every version kept', async () => {
      const { status, body: procedure } = await call<PublishedProcedureView>('GET', '/procedures/TEST-LICENCE');
      expect(status).toBe(200);
      expect(procedure).toMatchObject({ code: 'TEST-LICENCE', version: 1, classification: 'partial_online', acceptsOnlineDossiers: true, acceptsOnlinePayment: false });
      expect(Object.keys(procedure.information).sort()).toEqual(Object.keys(informationFixture({ level: 3 })).sort());
      expect(procedure.requiredDocumentTypes).toEqual(['IDENTITY_CARD', 'BIRTH_CERTIFICATE', 'RESIDENCE_CONFIRMATION', 'ACADEMIC_DEGREE', 'HEALTH_CERTIFICATE']);
      const versions = await call<ProcedureVersionSummaryView[]>('GET', '/procedures/TEST-LICENCE/versions');
      expect(versions.body.map((version) => [version.version, version.level, version.classification])).toEqual([[1, 3, 'partial_online']]);
      expect((await call<PublishedProcedureView>('GET', '/procedures/TEST-LICENCE/versions/1')).body).toEqual(procedure);
    });

    it.each([
      ['an unknown procedure', '/procedures/TEST-NOWHERE', 404, 'UNKNOWN_PROCEDURE'],
      ['the versions of an unknown procedure', '/procedures/TEST-NOWHERE/versions', 404, 'UNKNOWN_PROCEDURE'],
      ['a version never published', '/procedures/TEST-LICENCE/versions/9', 404, 'UNKNOWN_PROCEDURE_VERSION'],
      ['a version that is not a whole number', '/procedures/TEST-LICENCE/versions/1.5', 400, 'INVALID_ID'],
      ['version zero', '/procedures/TEST-LICENCE/versions/0', 400, 'INVALID_ID'],
      ['a procedure of the sibling agency only', '/procedures/TEST-SIBLING-ONLY', 404, 'UNKNOWN_PROCEDURE'],
    ])('refuses %s', async (_, path, status, code) => {
      const refused = await call('GET', path);
      expect([refused.status, refused.body.error.code]).toEqual([status, code]);
    });
  });

  describe("this agency's officers", () => {
    it('start an incomplete draft that the public does not see, and cannot publish it until it is complete', async () => {
      const code = newCode();
      const created = await call<ProcedureDraftView>('POST', '/procedures', { token: officer, json: { code, draft: { nameVi: 'Thủ tục mới', level: 3 } } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code, draft: { nameVi: 'Thủ tục mới', level: 3 }, publishedVersion: null });
      expect((await call('GET', `/procedures/${code}`)).status).toBe(404);
      expect((await call<ProcedureDraftView>('GET', `/procedures/${code}/draft`, { token: officer })).body.draft).toEqual({ nameVi: 'Thủ tục mới', level: 3 });

      const before = await catalogRows();
      const refused = await call('POST', `/procedures/${code}/publication`, { token: officer });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'PROCEDURE_INCOMPLETE']);
      expect(refused.body.error.details).toEqual({
        missing: [
          'nationalCode',
          'nameEn',
          'steps',
          'methodVi',
          'components',
          'processingWorkingDays',
          'subjectsVi',
          'handlingAgencyVi',
          'result',
          'forms',
          'requirementsVi',
          'fees',
          'receiving',
          'returning',
        ],
        problems: [],
      });
      expect(await catalogRows()).toEqual(before);
    });

    it('are told every level-consistency problem of a complete draft, and nothing is published', async () => {
      const code = newCode();
      const inconsistent: ProcedureInformation = { ...informationFixture({ level: 4, fees: [{ code: 'P', nameVi: 'Phí', kind: 'per_unit', unitAmountVnd: 8000, unitField: 'hoTen' }] }), returning: ['in_person'], forms: [] };
      expect((await call('POST', '/procedures', { token: officer, json: { code, draft: inconsistent } })).status).toBe(201);
      const before = await catalogRows();
      const refused = await call('POST', `/procedures/${code}/publication`, { token: officer });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'PROCEDURE_INCOMPLETE']);
      expect(refused.body.error.details).toEqual({
        missing: [],
        problems: [
          'a level 4 procedure has an application form',
          'a level 4 procedure returns results online',
          'fee P counts hoTen, which must be an integer field of the application form',
        ],
      });
      const badForm = { ...informationFixture({ level: 2 }), forms: [{ code: 'F', kind: 'application', titleVi: 'Mẫu', schema: { type: 'object', properties: { x: { type: 'object' } } } }] };
      expect((await call('PUT', `/procedures/${code}/draft`, { token: officer, json: badForm })).status).toBe(200);
      const badFormRefused = await call('POST', `/procedures/${code}/publication`, { token: officer });
      expect(badFormRefused.body.error.details).toEqual({
        missing: [],
        problems: ['form F must refuse unknown fields (additionalProperties: false)', 'form F field x must be a string, integer or boolean', 'form F field x needs a title to print as its label'],
      });
      expect((await catalogRows()).versions).toBe(before.versions);
    });

    it('publish new versions: the old ones are kept, and a dossier keeps the version it was filed under', async () => {
      const citizen = await citizenToken(issuer.issuer, randomPersonalId());
      const first = await call<DossierView>('POST', '/dossiers', { token: citizen, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      expect(first.status).toBe(201);

      const draft = (await call<ProcedureDraftView>('GET', '/procedures/TEST-CRIMINAL-RECORD/draft', { token: officer })).body.draft;
      const edited = { ...draft, fees: [{ code: 'LE-PHI', nameVi: 'Lệ phí', kind: 'fixed', amountVnd: 250_000 }], processingWorkingDays: 7 };
      const saved = await call<ProcedureDraftView>('PUT', '/procedures/TEST-CRIMINAL-RECORD/draft', { token: officer, json: edited });
      expect(saved.status).toBe(200);
      expect((await call<PublishedProcedureView>('GET', '/procedures/TEST-CRIMINAL-RECORD')).body.version).toBe(1);

      const published = await call<PublishedProcedureView>('POST', '/procedures/TEST-CRIMINAL-RECORD/publication', { token: officer });
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ code: 'TEST-CRIMINAL-RECORD', version: 2, classification: 'full_online', information: { processingWorkingDays: 7 } });
      expect((await call<PublishedProcedureView>('GET', '/procedures/TEST-CRIMINAL-RECORD')).body.version).toBe(2);
      expect((await call<ProcedureVersionSummaryView[]>('GET', '/procedures/TEST-CRIMINAL-RECORD/versions')).body.map((version) => version.version)).toEqual([1, 2]);
      const kept = (await call<PublishedProcedureView>('GET', '/procedures/TEST-CRIMINAL-RECORD/versions/1')).body;
      expect(kept.information.fees).toEqual([{ code: 'LE-PHI', nameVi: 'Lệ phí', kind: 'fixed', amountVnd: 4000, refundedOnRejection: true }]);

      const second = await call<DossierView>('POST', '/dossiers', { token: citizen, json: { procedureCode: 'TEST-CRIMINAL-RECORD' } });
      const versions = await intake.dataSource.query<{ id: string; procedure_version: number }[]>('SELECT id, procedure_version FROM dossier WHERE id = ANY($1)', [[first.body.id, second.body.id]]);
      expect(Object.fromEntries(versions.map((row) => [row.id, row.procedure_version]))).toEqual({ [first.body.id]: 1, [second.body.id]: 2 });
      expect((await call<DossierView>('GET', `/dossiers/${first.body.id}`, { token: citizen })).body.stillRequired).toEqual(first.body.stillRequired);
    });

    it('get consecutive versions when two of them publish at once', async () => {
      const code = newCode();
      expect((await call('POST', '/procedures', { token: officer, json: { code, draft: informationFixture({ level: 3 }) } })).status).toBe(201);
      const answers = await Promise.all([officer, await officerToken(issuer.issuer, body.thisAgency)].map((token) => call<PublishedProcedureView>('POST', `/procedures/${code}/publication`, { token })));
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      expect(answers.map((answer) => answer.body.version).sort()).toEqual([1, 2]);
      expect((await call<ProcedureDraftView>('GET', `/procedures/${code}/draft`, { token: officer })).body.publishedVersion).toBe(2);
    });

    it('publish what the seed loaded only once: a restart with the same file publishes nothing', async () => {
      const before = await catalogRows();
      await intake.service.app.get(ProcedureSeeder).seed(await testProcedureFolder(body.thisAgency, body.siblingAgency));
      const after = await catalogRows();
      // TEST-CRIMINAL-RECORD was republished above with other fees: the seed's version comes back as version 3.
      expect(after.versions).toBe(before.versions + 1);
      expect((await call<PublishedProcedureView>('GET', '/procedures/TEST-CRIMINAL-RECORD')).body).toMatchObject({ version: 3, information: { processingWorkingDays: 5 } });
      await intake.service.app.get(ProcedureSeeder).seed(await testProcedureFolder(body.thisAgency, body.siblingAgency));
      expect((await catalogRows()).versions).toBe(after.versions);
    });
  });

  describe('refusals, with nothing written', () => {
    it.each([
      ['no token', undefined, 401, 'UNAUTHENTICATED'],
      ['a citizen', 'citizen', 403, 'ROLE_NOT_ALLOWED'],
      ['an officer of another agency', 'foreign', 403, 'FOREIGN_AGENCY'],
    ])('refuses %s on every officer route', async (_, who, status, code) => {
      const token = who === 'citizen' ? await citizenToken(issuer.issuer, randomPersonalId()) : who === 'foreign' ? foreignOfficer : undefined;
      const before = await catalogRows();
      const calls: [string, string, unknown][] = [
        ['POST', '/procedures', { code: newCode(), draft: {} }],
        ['GET', '/procedures/TEST-LICENCE/draft', undefined],
        ['PUT', '/procedures/TEST-LICENCE/draft', { nameVi: 'Bị sửa' }],
        ['POST', '/procedures/TEST-LICENCE/publication', undefined],
      ];
      for (const [method, path, json] of calls) {
        const refused = await call(method, path, { ...(token ? { token } : {}), ...(json === undefined ? {} : { json }) });
        expect([method, path, refused.status, refused.body.error.code]).toEqual([method, path, status, code]);
      }
      expect(await catalogRows()).toEqual(before);
    });

    it.each([
      ['a level that does not exist', { level: 5 }, '/level'],
      ['an unknown field', { nameVi: 'x', fee: 1000 }, '/fee'],
      ['a fee in fractions of a đồng', { fees: [{ code: 'F', nameVi: 'Phí', kind: 'fixed', amountVnd: 1.5 }] }, '/fees/0'],
      ['a fee of an unknown kind', { fees: [{ code: 'F', nameVi: 'Phí', kind: 'percent', amountVnd: 1 }] }, '/fees/0'],
      ['a channel that does not exist', { receiving: ['email'] }, '/receiving/0'],
      ['working days as text', { processingWorkingDays: '5' }, '/processingWorkingDays'],
      ['a component with an unknown field', { components: [{ documentTypeCode: 'IDENTITY_CARD', nameVi: 'x', originals: 0, copies: 1, required: true, scan: true }] }, '/components/0/scan'],
      ['a list instead of a draft', ['nameVi'], '/'],
    ])('refuses a draft with %s, naming where', async (_, draft, path) => {
      const before = await catalogRows();
      const refused = await call('PUT', '/procedures/TEST-LICENCE/draft', { token: officer, json: draft });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'PROCEDURE_DRAFT_INVALID']);
      expect(refused.body.error.details?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining(path) as string })]));
      expect(await catalogRows()).toEqual(before);
    });

    it.each([
      ['a malformed code', { code: 'lower-case', draft: {} }, 400, 'VALIDATION_FAILED'],
      ['a draft that is not an object', { code: 'TEST-X', draft: 'x' }, 400, 'VALIDATION_FAILED'],
      ['an unknown property', { code: 'TEST-X', draft: {}, level: 3 }, 400, 'VALIDATION_FAILED'],
      ['a malformed draft', { code: 'TEST-X', draft: { level: 0 } }, 400, 'PROCEDURE_DRAFT_INVALID'],
      ['a code that exists', { code: 'TEST-LICENCE', draft: {} }, 409, 'PROCEDURE_EXISTS'],
    ])('refuses to create a procedure with %s', async (_, json, status, code) => {
      const before = await catalogRows();
      const refused = await call('POST', '/procedures', { token: officer, json });
      expect([refused.status, refused.body.error.code]).toEqual([status, code]);
      expect(await catalogRows()).toEqual(before);
    });

    it('refuses to edit or publish a procedure it does not have', async () => {
      for (const [method, path] of [['GET', '/procedures/TEST-NOWHERE/draft'], ['PUT', '/procedures/TEST-NOWHERE/draft'], ['POST', '/procedures/TEST-NOWHERE/publication']] as const) {
        const refused = await call(method, path, { token: officer, ...(method === 'PUT' ? { json: {} } : {}) });
        expect([path, refused.status, refused.body.error.code]).toEqual([path, 404, 'UNKNOWN_PROCEDURE']);
      }
    });
  });
});

describe(CreateProcedureVersions1764905000000.name, () => {
  const { postgresAdminUrl } = providedInfrastructure();

  it('turns each flat procedure into version 1, saying what it lacks, and keeps its dossiers pointing at it', async () => {
    const url = await freshDatabase(postgresAdminUrl, 'intake_migration');
    const settings = { url, applicationName: 'migration-test', entities: [] };
    await runMigrations({ ...settings, migrations: [CreateIntakeTables1764600000000, AddReusableDocumentVersion1764700000000] });
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`INSERT INTO procedure VALUES ('OLD-ONLINE', 'Cũ trực tuyến', 'Old online', 4, 200000, '{IDENTITY_CARD,BIRTH_CERTIFICATE}'), ('OLD-DESK', 'Cũ', 'Old', 2, 0, '{}')`);
      await client.query(`INSERT INTO dossier (id, procedure_code, citizen_personal_id, citizen_ref, status) VALUES (gen_random_uuid(), 'OLD-ONLINE', '001099012345', gen_random_uuid(), 'draft')`);
      await runMigrations({ ...settings, migrations: [CreateIntakeTables1764600000000, AddReusableDocumentVersion1764700000000, AddDossierLifecycle1764900000000, CreateProcedureVersions1764905000000] });

      const { rows } = await client.query<{ code: string; version: number; information: ProcedureInformation; classification: string; migrated_without: string[]; published_version: number }>(
        'SELECT v.code, v.version, v.information, v.classification, v.migrated_without, p.published_version FROM procedure_version v JOIN procedure p USING (code) ORDER BY v.code',
      );
      expect(rows.map((row) => [row.code, row.version, row.published_version, row.classification])).toEqual([
        ['OLD-DESK', 1, 1, 'not_online'],
        ['OLD-ONLINE', 1, 1, 'partial_online'],
      ]);
      const online = rows[1];
      expect(online.information).toMatchObject({
        nameVi: 'Cũ trực tuyến',
        level: 4,
        fees: [{ kind: 'fixed', amountVnd: 200000 }],
        components: [
          { documentTypeCode: 'IDENTITY_CARD', originals: 1, required: true },
          { documentTypeCode: 'BIRTH_CERTIFICATE', originals: 1, required: true },
        ],
        receiving: ['online'],
      });
      expect(online.migrated_without).toEqual(expect.arrayContaining(['nationalCode', 'steps', 'result', 'forms']));
      const dossiers = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM dossier d JOIN procedure_version v ON (v.code, v.version) = (d.procedure_code, d.procedure_version)');
      expect(dossiers.rows[0].n).toBe(1);
      await expect(client.query("UPDATE dossier SET procedure_version = 2 WHERE procedure_code = 'OLD-ONLINE'")).rejects.toThrow(/dossier_procedure_version_fkey/);
    } finally {
      await client.end();
    }
  });
});
