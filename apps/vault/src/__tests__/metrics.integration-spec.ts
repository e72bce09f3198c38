import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DocumentReused, DocumentReusedV1, DocumentVerified, DocumentVerifiedV1, type CitizenRefResponse, type StoredDocumentResponse } from '@app/contracts';
import { eventually, randomPersonalId, samplePdf } from '@app/testing';
import { VaultHarness, type TestBody } from './vault.harness';

const METRICS_TOKEN = `metrics-${randomUUID()}`;

/** A Prometheus text exposition, as name{labels} → value. */
function parse(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

function value(series: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, label]) => `${key}="${label}"`);
  for (const [key, number] of series) {
    if ((key === name || key.startsWith(`${name}{`)) && wanted.every((pair) => key.includes(pair))) return number;
  }
  return undefined;
}

/** Every metric the operators' dashboard and alert rules query, read from deploy/monitoring. */
function metricsQueriedInDeploy(): Set<string> {
  const rules = readFileSync('deploy/monitoring/alert-rules.yml', 'utf8')
    .split('\n')
    .filter((line) => line.trim().startsWith('expr:'));
  const dashboard = (JSON.parse(readFileSync('deploy/monitoring/grafana-dashboard.json', 'utf8')) as { panels: { targets: { expr: string }[] }[] }).panels.flatMap((panel) =>
    panel.targets.map((target) => target.expr),
  );
  const names = new Set<string>();
  for (const expr of [...rules, ...dashboard]) {
    // Label matchers and grouping clauses name labels, not metrics; functions are PromQL's own.
    const bare = expr.replace(/\{[^}]*\}/g, '').replace(/\b(by|without)\s*\([^)]*\)/g, '').replace(/\b[a-z_]+\(/g, '(');
    for (const [token] of bare.matchAll(/\b[a-z][a-z0-9]*(_[a-z0-9]+)+\b/g)) names.add(token);
  }
  return names;
}

/** `/metrics` of a real vault: what an operator's Prometheus would scrape, after real traffic. */
describe('vault metrics', () => {
  let vault: VaultHarness;
  let body: TestBody;

  beforeAll(async () => {
    vault = await VaultHarness.start({ METRICS_TOKEN });
    await vault.createDocumentTypes();
    body = await vault.createBody({ connected: true, agencies: ['justice'] });
  });

  afterAll(async () => {
    await vault?.stop();
  });

  const scrape = async () => parse((await vault.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text);

  it('is shut to anyone without the scrape token', async () => {
    expect((await vault.http().get('/metrics').expect(401)).body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    await vault.http().get('/metrics').set('authorization', 'Bearer wrong-token-of-some-length').expect(401);
    // A citizen's valid token is not a scrape token either.
    await vault.http().get('/metrics').set('authorization', await vault.citizen()).expect(401);
  });

  it('counts requests per route template, events handled and dead-lettered per type, and shows the outbox, the lag and the pool', async () => {
    const citizen = await vault.citizen(randomPersonalId());
    const { citizenRef } = (await vault.http().post('/citizens/me').set('authorization', citizen)).body as CitizenRefResponse;
    const dossierId = randomUUID();
    const stored = (
      await vault.upload(citizen, { file: samplePdf(randomUUID()), documentTypeCode: 'BIRTH_CERTIFICATE' }).expect(201)
    ).body as StoredDocumentResponse;
    await vault.provideTo({ documentId: stored.documentId, citizenRef }, body.agencies.justice, dossierId);
    await vault.http().get(`/documents/${randomUUID()}`).set('authorization', citizen).expect(404);

    await vault.produce(
      DocumentVerified,
      Object.assign(new DocumentVerifiedV1(), { documentId: stored.documentId, citizenRef, dossierId, agencyCode: body.agencies.justice, officer: 'officer-1@test', verifiedAt: new Date().toISOString() }),
    );
    // A reuse of a document that does not exist can never be applied: dead-lettered at once.
    const poison = await vault.produce(
      DocumentReused,
      Object.assign(new DocumentReusedV1(), { documentId: randomUUID(), citizenRef, agencyCode: body.agencies.justice, dossierId, reusedAt: new Date().toISOString() }),
    );
    // The shared broker may also replay earlier suites' events to this new consumer group,
    // so the counters are read once this suite's own two events are known to be done.
    await eventually(async () => {
      expect(await vault.count('document', `id = $1 AND status = 'verified'`, [stored.documentId])).toBe(1);
      expect(await vault.count('inbox_entry', `event_id = $1 AND outcome = 'dead-lettered'`, [poison])).toBe(1);
    });

    const verified = 'vn.gov.intake.document.verified.v1';
    const reused = 'vn.gov.intake.document.reused.v1';
    const availabilityTopic = `vault.document-availability.${body.code.toLowerCase().replaceAll('.', '-')}.v1`;
    // The verification's availability record is published by the relay a moment after the commit.
    const series = await eventually(async () => {
      const current = await scrape();
      expect(value(current, 'outbox_published_total', { topic: availabilityTopic })).toBeGreaterThanOrEqual(1);
      return current;
    });
    expect(value(series, 'events_handled_total', { type: verified, outcome: 'applied' })).toBeGreaterThanOrEqual(1);
    expect(value(series, 'events_dead_lettered_total', { type: reused, reason: 'handler-failed' })).toBeGreaterThanOrEqual(1);
    expect(value(series, 'http_server_request_duration_seconds_count', { method: 'POST', route: '/documents', status_code: '201' })).toBe(1);
    expect(value(series, 'http_server_request_duration_seconds_count', { method: 'GET', route: '/documents/:id', status_code: '404' })).toBe(1);
    // Route templates only: no series names a concrete id.
    expect([...series.keys()].some((key) => key.includes(stored.documentId))).toBe(false);
    expect(value(series, 'event_handling_duration_seconds_count', { type: verified })).toBeGreaterThanOrEqual(1);
    expect(value(series, 'outbox_backlog_messages')).toBeGreaterThanOrEqual(0);
    expect(value(series, 'outbox_oldest_message_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(series, 'outbox_parked_messages')).toBe(0);
    expect(value(series, 'db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(value(series, 'process_resident_memory_bytes', { service: 'vault' })).toBeGreaterThan(0);
    // The dashboard and the alerts query only what the services really export.
    const families = new Set([...(await vault.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`)).text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, kind]) =>
      kind === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
    ));
    const queried = metricsQueriedInDeploy();
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !families.has(name))).toEqual([]);
    await eventually(async () => {
      const lag = await scrape();
      expect(value(lag, 'kafka_consumer_lag', { topic: 'intake.document-verified.v1' })).toBe(0);
      expect(value(lag, 'kafka_consumer_lag', { topic: 'intake.document-reused.v1' })).toBe(0);
    });
  });
});
