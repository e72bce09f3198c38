import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { AVAILABILITY_TOPIC_PARTITIONS, availabilityTopic, DossierRated, PLATFORM_TOPICS } from '@app/contracts';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { ensureTopics, SIGNATURE_HEADER } from '@app/messaging';
import { eventually, providedInfrastructure, randomPersonalId, TopicRecorder } from '@app/testing';
import type { DossierView } from '../../dossiers/dossier.view';
import { FakeVault } from '../../__tests__/fake-vault.server';
import { api, citizenToken, officerToken, startIntake, testGoverningBody, testProcedureFolder, type RunningIntake } from '../../__tests__/intake-test-bed';
import type { OpenRatingsView, RatingSummaryView } from '../rating-reports.service';
import type { RatingView } from '../rating.view';

const RATED_TOPIC = 'intake.dossier-rated.v1';

describe('satisfaction ratings at one agency: who may rate what, once, and what is published', () => {
  const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
  const kafka = new Kafka({ clientId: 'intake-ratings-test', brokers: kafkaBrokers, logLevel: 0 });
  const body = testGoverningBody();

  let issuer: RunningDevIssuer;
  let vault: FakeVault;
  let intake: RunningIntake;
  let recorder: TopicRecorder;
  let call: ReturnType<typeof api>;
  let officer: string;
  let foreignOfficer: string;

  const count = async (sql: string, params: unknown[] = []) => (await intake.dataSource.query<{ n: number }[]>(sql, params))[0].n;
  /** Every rating is written with its event in one transaction; the last test checks each was published exactly once. */
  const written = () => count('SELECT count(*)::int AS n FROM dossier_rating');
  /** What reached Kafka from this agency, keyed by dossier: the relay deletes an outbox row once it is published. */
  const published = (dossierId: string) => recorder.on(RATED_TOPIC).filter((message) => message.key === dossierId);

  /** A citizen's draft dossier, opened through the API. */
  async function draftDossier(procedureCode = 'TEST-CRIMINAL-RECORD') {
    const personalId = randomPersonalId();
    const token = await citizenToken(issuer.issuer, personalId);
    const created = await call<DossierView>('POST', '/dossiers', { token, json: { procedureCode } });
    expect(created.status).toBe(201);
    return { personalId, token, id: created.body.id };
  }

  /**
   * Puts a dossier in a given state directly: these tests are about the rating's rules, for
   * every state, and walking each dossier through its whole lifecycle would hide them. The
   * whole path, submission to delivery and then a rating, is played through the real steps in
   * dossier-lifecycle.integration-spec.ts.
   */
  async function deliverResultDirectly(dossierId: string, status = 'result_delivered'): Promise<void> {
    await intake.dataSource.query("UPDATE dossier SET status = $2, submitted_at = now() - interval '3 days', status_changed_at = now() WHERE id = $1", [
      dossierId,
      status,
    ]);
  }

  async function deliveredDossier(procedureCode = 'TEST-CRIMINAL-RECORD') {
    const dossier = await draftDossier(procedureCode);
    await deliverResultDirectly(dossier.id);
    return dossier;
  }

  const rate = (dossier: { id: string; token: string }, json: unknown, headers?: Record<string, string>) =>
    call<RatingView>('POST', `/dossiers/${dossier.id}/rating`, { token: dossier.token, json, ...(headers ? { headers } : {}) });
  /** The status and code of a refused rating. */
  const refusal = async (dossier: { id: string; token: string }, json: unknown) => {
    const answer = await call('POST', `/dossiers/${dossier.id}/rating`, { token: dossier.token, json });
    return [answer.status, answer.body?.error?.code];
  };

  beforeAll(async () => {
    issuer = await serveDevIssuer();
    vault = await FakeVault.start();
    await ensureTopics(kafka, [...PLATFORM_TOPICS, { name: availabilityTopic(body.code), partitions: AVAILABILITY_TOPIC_PARTITIONS, compacted: true }]);
    recorder = await TopicRecorder.start(kafka, [RATED_TOPIC]);
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
    await recorder?.stop();
    await vault?.stop();
    await issuer?.stop();
  });

  describe('POST /dossiers/:id/rating', () => {
    it('records a rating of a delivered level 4 dossier, answers in Vietnamese, and publishes it without the comment', async () => {
      const dossier = await deliveredDossier();
      const comment = 'Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.';
      const rated = await rate(dossier, { satisfaction: 'very_satisfied', criteria: { access: 'satisfied', onTime: 'very_satisfied', attitude: 'very_satisfied', guidance: 'not_satisfied' }, comment });

      expect(rated.status).toBe(201);
      expect(rated.body).toEqual({
        dossierId: dossier.id,
        procedureCode: 'TEST-CRIMINAL-RECORD',
        procedureLevel: 4,
        satisfaction: { level: 'very_satisfied', label: 'Rất hài lòng' },
        criteria: {
          access: { criterion: 'Tiếp cận dịch vụ', level: 'satisfied', label: 'Hài lòng' },
          onTime: { criterion: 'Giải quyết đúng hạn', level: 'very_satisfied', label: 'Rất hài lòng' },
          attitude: { criterion: 'Thái độ của công chức', level: 'very_satisfied', label: 'Rất hài lòng' },
          guidance: { criterion: 'Hướng dẫn rõ ràng, dễ hiểu', level: 'not_satisfied', label: 'Chưa hài lòng' },
        },
        comment,
        ratedAt: expect.any(String),
      });

      const [row] = await intake.dataSource.query<Record<string, unknown>[]>('SELECT * FROM dossier_rating WHERE dossier_id = $1', [dossier.id]);
      expect(row).toMatchObject({ agency_code: body.thisAgency, procedure_code: 'TEST-CRIMINAL-RECORD', procedure_level: 4, satisfaction: 'very_satisfied', comment });
      // Nothing in the table names the citizen: the dossier row does, and it stays there.
      expect(Object.keys(row).filter((column) => /citizen|personal/.test(column))).toEqual([]);
      expect(JSON.stringify(row)).not.toContain(dossier.personalId);

      const expectedPayload = {
        dossierId: dossier.id,
        agencyCode: body.thisAgency,
        procedureCode: 'TEST-CRIMINAL-RECORD',
        procedureLevel: 4,
        satisfaction: 'very_satisfied',
        criteria: { access: 'satisfied', onTime: 'very_satisfied', attitude: 'very_satisfied', guidance: 'not_satisfied' },
        ratedAt: rated.body.ratedAt,
      };
      // Through the outbox: signed by this intake when the rating was written, then relayed.
      const [event] = await eventually(() => {
        const messages = published(dossier.id);
        expect(messages).toHaveLength(1);
        return messages;
      });
      expect(JSON.parse(event.value!)).toEqual(expectedPayload);
      expect(event.headers).toMatchObject({ ce_type: DossierRated.type, ce_subject: dossier.id, ce_source: `/intake-${body.thisAgency.toLowerCase()}` });
      expect(Object.keys(event.headers)).toContain(SIGNATURE_HEADER);
      expect(event.value).not.toContain('tận tình');
      expect(event.value).not.toContain(dossier.personalId);
    });

    it('rates a level 3 dossier with the satisfaction alone', async () => {
      const dossier = await deliveredDossier('TEST-LICENCE');
      const rated = await rate(dossier, { satisfaction: 'not_satisfied' });
      expect(rated.status).toBe(201);
      expect(rated.body).toMatchObject({ procedureLevel: 3, satisfaction: { level: 'not_satisfied', label: 'Chưa hài lòng' }, criteria: {}, comment: null });
      const [event] = await eventually(() => {
        const messages = published(dossier.id);
        expect(messages).toHaveLength(1);
        return messages;
      });
      expect(JSON.parse(event.value!)).toMatchObject({ procedureLevel: 3, satisfaction: 'not_satisfied', criteria: {} });
    });

    it("answers someone else's dossier, or one that does not exist, as not found, and writes nothing", async () => {
      const owner = await deliveredDossier();
      const other = { id: owner.id, token: await citizenToken(issuer.issuer, randomPersonalId()) };
      const before = await written();

      const foreign = await rate(other, { satisfaction: 'satisfied' });
      expect([foreign.status, foreign.body]).toEqual([404, { error: { code: 'DOSSIER_NOT_FOUND', message: expect.any(String) } }]);
      expect(await refusal({ id: randomUUID(), token: owner.token }, { satisfaction: 'satisfied' })).toEqual([404, 'DOSSIER_NOT_FOUND']);
      expect(await refusal({ id: 'not-a-uuid', token: owner.token }, { satisfaction: 'satisfied' })).toEqual([400, 'INVALID_ID']);

      expect(await written()).toEqual(before);
      // The owner still may.
      expect((await rate(owner, { satisfaction: 'satisfied' })).status).toBe(201);
    });

    it('refuses a level 1 or 2 service with RATING_NOT_FOR_LEVEL', async () => {
      // Level 2 dossiers are filed at the desk, not online: pose one by rewriting an online dossier's procedure.
      const dossier = await deliveredDossier();
      await intake.dataSource.query("UPDATE dossier SET procedure_code = 'TEST-CERTIFIED-COPY', procedure_level = 2 WHERE id = $1", [dossier.id]);
      const before = await written();
      const refused = await rate(dossier, { satisfaction: 'satisfied' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'RATING_NOT_FOR_LEVEL', message: expect.stringMatching(/level 2.*level 3 and 4/) } });
      expect(await written()).toEqual(before);
    });

    it.each(['draft', 'received', 'in_processing', 'result_issued', 'rejected', 'withdrawn'])('refuses a %s dossier with RATING_NOT_YET_OPEN', async (status) => {
      const dossier = await draftDossier();
      if (status !== 'draft') await deliverResultDirectly(dossier.id, status);
      const before = await written();
      expect(await refusal(dossier, { satisfaction: 'satisfied' })).toEqual([409, 'RATING_NOT_YET_OPEN']);
      expect(await written()).toEqual(before);
    });

    it('takes one rating per dossier: a second is ALREADY_RATED, and of simultaneous ones exactly one wins', async () => {
      const dossier = await deliveredDossier();
      expect((await rate(dossier, { satisfaction: 'satisfied' })).status).toBe(201);
      expect(await refusal(dossier, { satisfaction: 'not_satisfied' })).toEqual([409, 'ALREADY_RATED']);
      expect(await count('SELECT count(*)::int AS n FROM dossier_rating WHERE dossier_id = $1 AND satisfaction = $2', [dossier.id, 'satisfied'])).toBe(1);

      const raced = await deliveredDossier();
      const answers = await Promise.all(
        ['very_satisfied', 'satisfied', 'not_satisfied', 'satisfied', 'very_satisfied'].map((satisfaction) => call('POST', `/dossiers/${raced.id}/rating`, { token: raced.token, json: { satisfaction } })),
      );
      expect(answers.map((answer) => [answer.status, answer.body.error?.code ?? null]).sort()).toEqual([[201, null], ...Array(4).fill([409, 'ALREADY_RATED'])]);
      expect(await count('SELECT count(*)::int AS n FROM dossier_rating WHERE dossier_id = $1', [raced.id])).toBe(1);
    });

    it('answers a retry with the same Idempotency-Key with the first answer, recording one rating', async () => {
      const dossier = await deliveredDossier();
      const headers = { 'idempotency-key': `rating-${randomUUID()}` };
      const first = await rate(dossier, { satisfaction: 'satisfied', comment: 'Tốt' }, headers);
      const retry = await rate(dossier, { satisfaction: 'satisfied', comment: 'Tốt' }, headers);
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body).toEqual(first.body);
      expect(await count('SELECT count(*)::int AS n FROM dossier_rating WHERE dossier_id = $1', [dossier.id])).toBe(1);
    });

    it.each([
      { case: 'no satisfaction', json: {} },
      { case: 'an unknown level', json: { satisfaction: 'happy' } },
      { case: 'an unknown criterion level', json: { satisfaction: 'satisfied', criteria: { onTime: 'late' } } },
      { case: 'an unknown criterion', json: { satisfaction: 'satisfied', criteria: { price: 'satisfied' } } },
      { case: 'an unknown field', json: { satisfaction: 'satisfied', personalId: '001099012345' } },
      { case: 'a comment over 1000 characters', json: { satisfaction: 'satisfied', comment: 'ệ'.repeat(1001) } },
      { case: 'a comment that is not text', json: { satisfaction: 'satisfied', comment: ['a'] } },
    ])('refuses $case with 400 VALIDATION_FAILED and writes nothing', async ({ json }) => {
      const dossier = await deliveredDossier();
      const before = await written();
      expect(await refusal(dossier, json)).toEqual([400, 'VALIDATION_FAILED']);
      expect(await written()).toEqual(before);
    });

    it('keeps a decomposed Vietnamese comment as NFC, measured in letters', async () => {
      const dossier = await deliveredDossier();
      const rated = await rate(dossier, { satisfaction: 'satisfied', comment: 'e\u0323\u0302'.repeat(1000) });
      expect(rated.status).toBe(201);
      expect(rated.body.comment).toBe('ệ'.repeat(1000));
      expect(await count('SELECT count(*)::int AS n FROM dossier_rating WHERE dossier_id = $1 AND comment IS NFC NORMALIZED AND char_length(comment) = 1000', [dossier.id])).toBe(1);
    });

    it('is for citizens only', async () => {
      const dossier = await deliveredDossier();
      const asOfficer = await call('POST', `/dossiers/${dossier.id}/rating`, { token: officer, json: { satisfaction: 'satisfied' } });
      expect([asOfficer.status, asOfficer.body.error.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
      const anonymous = await call('POST', `/dossiers/${dossier.id}/rating`, { json: { satisfaction: 'satisfied' } });
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    });
  });

  describe('aggregates', () => {
    // Ratings of 2025, so that the ones the tests above record today stay out of these months.
    const RATINGS = [
      { procedureCode: 'TEST-CRIMINAL-RECORD', ratedAt: '2025-01-10T03:00:00.000Z', satisfaction: 'very_satisfied', criteria: { access: 'very_satisfied', onTime: 'satisfied' } },
      { procedureCode: 'TEST-CRIMINAL-RECORD', ratedAt: '2025-01-20T03:00:00.000Z', satisfaction: 'satisfied', criteria: { onTime: 'not_satisfied' } },
      // 31 January 17:30 UTC is 1 February 00:30 in Vietnam: a February rating.
      { procedureCode: 'TEST-CRIMINAL-RECORD', ratedAt: '2025-01-31T17:30:00.000Z', satisfaction: 'not_satisfied', criteria: {} },
      { procedureCode: 'TEST-LICENCE', ratedAt: '2025-02-14T03:00:00.000Z', satisfaction: 'very_satisfied', criteria: { attitude: 'very_satisfied', guidance: 'satisfied' } },
      { procedureCode: 'TEST-LICENCE', ratedAt: '2025-03-31T16:59:59.000Z', satisfaction: 'satisfied', criteria: { attitude: 'not_satisfied' } },
      // April in Vietnam: outside a range that ends with March.
      { procedureCode: 'TEST-LICENCE', ratedAt: '2025-03-31T17:00:00.000Z', satisfaction: 'not_satisfied', criteria: {} },
    ];
    const SECRET = 'bình luận riêng không được công bố';
    const ratedIds: string[] = [];
    const range = { from: '2025-01', to: '2025-03' };

    const zero = { verySatisfied: 0, satisfied: 0, notSatisfied: 0, total: 0 };
    const counts = (verySatisfied: number, satisfied: number, notSatisfied: number) => ({ verySatisfied, satisfied, notSatisfied, total: verySatisfied + satisfied + notSatisfied });

    beforeAll(async () => {
      for (const rating of RATINGS) {
        const dossier = await deliveredDossier(rating.procedureCode);
        const rated = await rate(dossier, { satisfaction: rating.satisfaction, criteria: rating.criteria, comment: SECRET });
        expect(rated.status).toBe(201);
        // Time travel for the test only: the ratings' months are what is under test.
        await intake.dataSource.query('UPDATE dossier_rating SET rated_at = $2 WHERE dossier_id = $1', [dossier.id, rating.ratedAt]);
        ratedIds.push(dossier.id);
      }
    });

    it('gives officers of this agency the counts per procedure and month, per criterion, and the total', async () => {
      const { status, body: summary } = await call<RatingSummaryView>('GET', '/ratings/summary', { token: officer, query: range });
      expect(status).toBe(200);
      expect(summary).toEqual({
        agencyCode: body.thisAgency,
        from: '2025-01',
        to: '2025-03',
        procedureCode: null,
        months: [
          {
            procedureCode: 'TEST-CRIMINAL-RECORD',
            period: '2025-01',
            ...counts(1, 1, 0),
            criteria: { access: counts(1, 0, 0), onTime: counts(0, 1, 1), attitude: zero, guidance: zero },
          },
          { procedureCode: 'TEST-CRIMINAL-RECORD', period: '2025-02', ...counts(0, 0, 1), criteria: { access: zero, onTime: zero, attitude: zero, guidance: zero } },
          { procedureCode: 'TEST-LICENCE', period: '2025-02', ...counts(1, 0, 0), criteria: { access: zero, onTime: zero, attitude: counts(1, 0, 0), guidance: counts(0, 1, 0) } },
          { procedureCode: 'TEST-LICENCE', period: '2025-03', ...counts(0, 1, 0), criteria: { access: zero, onTime: zero, attitude: counts(0, 0, 1), guidance: zero } },
        ],
        total: { ...counts(2, 2, 1), criteria: { access: counts(1, 0, 0), onTime: counts(0, 1, 1), attitude: counts(1, 0, 1), guidance: counts(0, 1, 0) } },
      });
      expect(JSON.stringify(summary)).not.toContain(SECRET);

      const one = await call<RatingSummaryView>('GET', '/ratings/summary', { token: officer, query: { ...range, procedureCode: 'TEST-LICENCE' } });
      expect(one.body.months.map((month) => month.period)).toEqual(['2025-02', '2025-03']);
      expect(one.body.total).toMatchObject(counts(1, 1, 0));
    });

    it('shows the summary to no one else', async () => {
      const foreign = await call('GET', '/ratings/summary', { token: foreignOfficer, query: range });
      expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FOREIGN_AGENCY']);
      const citizen = await call('GET', '/ratings/summary', { token: await citizenToken(issuer.issuer, randomPersonalId()), query: range });
      expect([citizen.status, citizen.body.error.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
      const anonymous = await call('GET', '/ratings/summary', { query: range });
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('publishes the counts as open data, without a token, as JSON', async () => {
      const { status, body: open } = await call<OpenRatingsView>('GET', '/open-data/ratings.json', { query: range });
      expect(status).toBe(200);
      const row = (procedureCode: string, period: string, c: ReturnType<typeof counts>) => ({ agencyCode: body.thisAgency, procedureCode, period, ...c });
      expect(open).toEqual({
        agencyCode: body.thisAgency,
        from: '2025-01',
        to: '2025-03',
        procedureCode: null,
        rows: [
          row('TEST-CRIMINAL-RECORD', '2025-01', counts(1, 1, 0)),
          row('TEST-CRIMINAL-RECORD', '2025-02', counts(0, 0, 1)),
          row('TEST-LICENCE', '2025-02', counts(1, 0, 0)),
          row('TEST-LICENCE', '2025-03', counts(0, 1, 0)),
        ],
      });
      const text = JSON.stringify(open);
      expect(text).not.toContain(SECRET);
      for (const id of ratedIds) expect(text).not.toContain(id);
    });

    it('publishes the same counts as RFC 4180 CSV', async () => {
      const response = await fetch(`${intake.service.url}/open-data/ratings.csv?${new URLSearchParams(range).toString()}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await response.text()).toBe(
        [
          'agency_code,procedure_code,period,very_satisfied,satisfied,not_satisfied,total',
          `${body.thisAgency},TEST-CRIMINAL-RECORD,2025-01,1,1,0,2`,
          `${body.thisAgency},TEST-CRIMINAL-RECORD,2025-02,0,0,1,1`,
          `${body.thisAgency},TEST-LICENCE,2025-02,1,0,0,1`,
          `${body.thisAgency},TEST-LICENCE,2025-03,0,1,0,1`,
        ].join('\r\n') + '\r\n',
      );
      const empty = await fetch(`${intake.service.url}/open-data/ratings.csv?from=2020-01&to=2020-12`);
      expect(await empty.text()).toBe('agency_code,procedure_code,period,very_satisfied,satisfied,not_satisfied,total\r\n');
    });

    it.each<{ case: string; query: Record<string, string>; code: string }>([
      { case: 'a month 13', query: { from: '2026-13', to: '2026-12' }, code: 'INVALID_PERIOD' },
      { case: 'a date instead of a month', query: { from: '2026-01-01' }, code: 'INVALID_PERIOD' },
      { case: 'from after to', query: { from: '2026-04', to: '2026-03' }, code: 'PERIOD_REVERSED' },
      { case: 'more than 36 months', query: { from: '2023-12', to: '2026-12' }, code: 'PERIOD_TOO_LONG' },
      { case: 'an unknown parameter', query: { ...range, agencyCode: body.siblingAgency }, code: 'VALIDATION_FAILED' },
      { case: 'an over-long procedure code', query: { ...range, procedureCode: 'X'.repeat(65) }, code: 'VALIDATION_FAILED' },
    ])('refuses $case with 400 $code on every aggregate, as JSON, writing nothing', async ({ query, code }) => {
      const before = await written();
      for (const [path, token] of [
        ['/ratings/summary', officer],
        ['/open-data/ratings.json', undefined],
      ] as const) {
        const refused = await call('GET', path, { query, ...(token ? { token } : {}) });
        expect([path, refused.status, refused.body.error.code]).toEqual([path, 400, code]);
      }
      const csv = await fetch(`${intake.service.url}/open-data/ratings.csv?${new URLSearchParams(query).toString()}`);
      expect(csv.status).toBe(400);
      expect(csv.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await csv.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(await written()).toEqual(before);
    });
  });

  it('published every rating exactly once, and nothing for a refused one', async () => {
    // Once the outbox is empty every committed event has been acknowledged by Kafka.
    await eventually(async () => expect(await count('SELECT count(*)::int AS n FROM outbox_message WHERE topic = $1', [RATED_TOPIC])).toBe(0));
    const rated = (await intake.dataSource.query<{ dossier_id: string }[]>('SELECT dossier_id FROM dossier_rating ORDER BY dossier_id')).map((row) => row.dossier_id);
    await eventually(() => {
      const ours = recorder.on(RATED_TOPIC).filter((message) => (JSON.parse(message.value!) as { agencyCode: string }).agencyCode === body.thisAgency);
      expect(ours.map((message) => message.key).sort()).toEqual(rated);
    });
  });
});
