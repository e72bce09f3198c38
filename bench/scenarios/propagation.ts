import { build } from 'hdr-histogram-js';
import { Pool } from 'pg';
import type { Percentiles } from '../harness/open-load';
import type { PlannedLoadResult } from '../harness/load-generator.process';
import { untilQuiet } from './platform-processes';
import { AGENCY_A, inParallel, SIBLING_B, token, type BenchContext } from './bench-context';
import { newCitizen, openDossier, provide, verificationPath } from './desk-calls';

const PROCEDURE = 'JUS-CRIMINAL-RECORD';
const TYPES = ['IDENTITY_CARD', 'BIRTH_CERTIFICATE'] as const;
/** How long a verified document may take to reach B before it counts as lost. */
const ARRIVAL_TIMEOUT_MS = 60_000;

export interface PropagationStep {
  readonly rate: number;
  /** The officers' verification calls themselves (open model, from intended send time). */
  readonly verification: PlannedLoadResult;
  /** From each verification's commit (its HTTP 200) at A to the document's row at sibling B. */
  readonly propagationMs: Percentiles;
  readonly arrived: number;
  readonly missing: number;
}

/**
 * Scenario 2: officers at agency A verify documents at a fixed rate; each is then reusable at
 * sibling B once it has travelled A's outbox → Kafka → vault → vault's outbox → B's
 * availability topic → B's index. The arrival time is B's own: `updated_at` of the index row,
 * PostgreSQL's now() of the transaction that wrote it, on the same clock as the generator's.
 */
export async function propagation(context: BenchContext): Promise<PropagationStep[]> {
  const { profile, say, generator } = context;
  const sibling = new Pool({ connectionString: context.platform.databaseUrl(SIBLING_B.database), max: 2 });
  try {
    const officer = await token({ role: 'officer', agencyCode: AGENCY_A.code });
    const needed = profile.propagationRates.map((rate) => Math.round((rate * profile.propagationStepMs) / 1000));
    say(`  preparing ${needed.reduce((a, b) => a + b, 0)} provided, unverified documents at ${AGENCY_A.code}…`);
    const pending = await providedDocuments(needed.reduce((a, b) => a + b, 0));
    const steps: PropagationStep[] = [];
    for (const [i, rate] of profile.propagationRates.entries()) {
      const batch = pending.splice(0, needed[i]);
      await untilQuiet(context.processes, context.idle);
      const verification = await generator.run({
        target: AGENCY_A.url,
        ratePerSecond: rate,
        durationMs: profile.propagationStepMs,
        requests: batch.map((document) => ({
          method: 'POST',
          path: verificationPath(document.dossierId, document.documentTypeCode),
          headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
          body: '{}',
        })),
        answerTimes: true,
      });
      const committed = batch.flatMap((document, index) => (verification.answeredAt![index] === null ? [] : [{ ...document, at: verification.answeredAt![index] }]));
      const arrivals = await arrivalsAt(sibling, committed.map((document) => document.documentId));
      const delays = build({ lowestDiscernibleValue: 1, highestTrackableValue: 300_000_000, numberOfSignificantValueDigits: 3 });
      for (const document of committed) {
        const arrived = arrivals.get(document.documentId);
        if (arrived !== undefined) delays.recordValue(Math.max(1, Math.round((arrived - document.at) * 1000)));
      }
      const at = (percentile: number) => delays.getValueAtPercentile(percentile) / 1000;
      const step: PropagationStep = {
        rate,
        verification,
        propagationMs: { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: delays.maxValue / 1000 },
        arrived: arrivals.size,
        missing: committed.length - arrivals.size,
      };
      steps.push(step);
      say(
        `  ${String(rate).padStart(6)}/s verified (${verification.succeeded}/${verification.sent} committed, p99 ${verification.latencyMs.p99.toFixed(1)} ms) → reusable at ${SIBLING_B.code}: p50 ${step.propagationMs.p50.toFixed(1)} ms  p99 ${step.propagationMs.p99.toFixed(1)} ms  max ${step.propagationMs.max.toFixed(0)} ms${step.missing ? `  ${step.missing} never arrived` : ''}`,
      );
    }
    return steps;
  } finally {
    await sibling.end();
  }
}

/** Each a dossier's document uploaded by its own citizen, waiting for an officer; two per dossier. */
async function providedDocuments(count: number): Promise<{ dossierId: string; documentTypeCode: string; documentId: string }[]> {
  const dossiers = await inParallel(Array.from({ length: Math.ceil(count / TYPES.length) }), 16, async () => {
    const citizen = await newCitizen();
    const dossier = await openDossier(AGENCY_A.url, citizen, PROCEDURE);
    const documents = [];
    for (const documentTypeCode of TYPES) documents.push({ dossierId: dossier.id, documentTypeCode, documentId: await provide(AGENCY_A.url, citizen, dossier.id, documentTypeCode) });
    return documents;
  });
  return dossiers.flat().slice(0, count);
}

/** When each document became reusable at B (wall-clock ms), waiting until all are there or the timeout. */
async function arrivalsAt(sibling: Pool, documentIds: readonly string[]): Promise<Map<string, number>> {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  for (;;) {
    const { rows } = await sibling.query<{ document_id: string; at: string }>(
      `SELECT document_id, extract(epoch FROM updated_at) * 1000 AS at FROM reusable_document
       WHERE document_id = ANY($1::uuid[]) AND status = 'available' AND scope = 'governing-body'`,
      [documentIds],
    );
    if (rows.length === documentIds.length || Date.now() > deadline) return new Map(rows.map((row) => [row.document_id, Number(row.at)]));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
