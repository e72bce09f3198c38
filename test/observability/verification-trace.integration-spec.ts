import { resolve } from 'node:path';
import { Client } from 'pg';
import { newTraceparent } from '@app/contracts';
import { startZipkin, type ZipkinHandle } from '@app/local-infra';
import { eventually, providedInfrastructure } from '@app/testing';
import { CitizenJourney, expectStatus, type DossierView } from '../support/citizen-journey';
import { ProcessPlatform } from '../support/process-platform';

const HANOI_JUSTICE = '000.00.12.H26';
const HANOI_HEALTH = '000.00.15.H26';

interface ZipkinSpan {
  readonly id: string;
  readonly parentId?: string;
  readonly name: string;
  readonly kind?: 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  readonly localEndpoint: { readonly serviceName: string };
}

/**
 * One officer's verification, followed in a real trace viewer: the services run as their own
 * processes exporting to a real Zipkin, and the trace read back from Zipkin's API must hold
 * every hop, each the child of the one before.
 */
describe('the trace of one verification', () => {
  let zipkin: ZipkinHandle;
  let platform: ProcessPlatform;

  beforeAll(async () => {
    const { kafkaBrokers, postgresAdminUrl } = providedInfrastructure();
    zipkin = await startZipkin({ stateDir: resolve('.state/test'), log: () => undefined });
    platform = await ProcessPlatform.start({
      kafkaBrokers,
      postgresAdminUrl,
      intakes: [HANOI_JUSTICE, HANOI_HEALTH],
      env: { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansEndpoint, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await zipkin?.stop();
  });

  it('runs from the officer’s request through the outbox, Kafka and the vault to the sibling agency’s index', async () => {
    const citizen = new CitizenJourney(platform);
    const dossier = await citizen.openDossier(HANOI_JUSTICE, 'JUS-CRIMINAL-RECORD');
    const provided = await citizen.provide(HANOI_JUSTICE, dossier.id, 'BIRTH_CERTIFICATE');
    expectStatus(provided, 201);
    const documentId = (provided.body as DossierView).documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')!.documentId;

    const traceparent = newTraceparent();
    const traceId = traceparent.split('-')[1];
    expectStatus(await citizen.verify(HANOI_JUSTICE, dossier.id, 'BIRTH_CERTIFICATE', {}, traceparent), 200);
    await eventually(async () => expect(await indexedAt(platform.intake(HANOI_HEALTH).databaseUrl, documentId)).toBe('available'), 30_000);

    const justice = `intake-${HANOI_JUSTICE.toLowerCase()}`;
    const health = `intake-${HANOI_HEALTH.toLowerCase()}`;
    await eventually(async () => {
      const spans = await traceFrom(zipkin, traceId);
      const request = one(spans, (span) => span.kind === 'SERVER' && span.localEndpoint.serviceName === justice && span.name === 'post /dossiers/:id/documents/:documenttypecode/verification');
      const verifiedOut = one(spans, (span) => span.kind === 'PRODUCER' && span.name === 'intake.document-verified.v1 publish');
      const verifiedIn = one(spans, (span) => span.kind === 'CONSUMER' && span.name === 'intake.document-verified.v1 process');
      const availabilityOut = one(spans, (span) => span.kind === 'PRODUCER' && span.name === 'vault.document-availability.000-00-00-h26.v1 publish');
      const availabilityIn = one(spans, (span) => span.kind === 'CONSUMER' && span.name === 'vault.document-availability.000-00-00-h26.v1 process' && span.localEndpoint.serviceName === health);

      // The request is where the trace enters the platform: its parent is the caller's span.
      expect(request.parentId).toBe(traceparent.split('-')[2]);
      expect(verifiedOut.localEndpoint.serviceName).toBe(justice);
      expect(ancestors(spans, verifiedOut)).toContain(request.id);
      expect(verifiedIn.localEndpoint.serviceName).toBe('vault');
      expect(verifiedIn.parentId).toBe(verifiedOut.id);
      expect(availabilityOut.localEndpoint.serviceName).toBe('vault');
      expect(ancestors(spans, availabilityOut)).toContain(verifiedIn.id);
      expect(availabilityIn.parentId).toBe(availabilityOut.id);
      // PostgreSQL is in the trace too: the vault's writes under its handler, the index update under the sibling's.
      expect(spans.some((span) => span.kind === 'CLIENT' && span.localEndpoint.serviceName === 'vault' && ancestors(spans, span).includes(verifiedIn.id))).toBe(true);
      expect(spans.some((span) => span.kind === 'CLIENT' && span.localEndpoint.serviceName === health && ancestors(spans, span).includes(availabilityIn.id))).toBe(true);
    }, 30_000);
  });
});

async function traceFrom(zipkin: ZipkinHandle, traceId: string): Promise<ZipkinSpan[]> {
  const response = await fetch(`${zipkin.url}/api/v2/trace/${traceId}`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Zipkin answered ${response.status}`);
  return ((await response.json()) as ZipkinSpan[]).map((span) => ({ ...span, name: span.name.toLowerCase() }));
}

function one(spans: ZipkinSpan[], matches: (span: ZipkinSpan) => boolean): ZipkinSpan {
  const found = spans.filter(matches);
  if (found.length !== 1) throw new Error(`expected one matching span, found ${found.length} among: ${spans.map((span) => `${span.localEndpoint.serviceName}:${span.kind ?? '-'}:${span.name}`).join(', ')}`);
  return found[0];
}

function ancestors(spans: ZipkinSpan[], span: ZipkinSpan): string[] {
  const byId = new Map(spans.map((candidate) => [candidate.id, candidate]));
  const chain: string[] = [];
  for (let parent = span.parentId; parent; parent = byId.get(parent)?.parentId) chain.push(parent);
  return chain;
}

async function indexedAt(databaseUrl: string, documentId: string): Promise<string | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string }>('SELECT status FROM reusable_document WHERE document_id = $1', [documentId]);
    return rows[0]?.status;
  } finally {
    await client.end();
  }
}
