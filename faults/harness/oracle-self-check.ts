import { randomUUID } from 'node:crypto';
import type { JourneyRecord } from './citizen-journey';
import type { FaultPlatform } from './fault-platform';
import { oracleSources } from './fault-run';
import { checkOracle, type FindingKind } from './oracle';

/**
 * Shows that the oracle can fail, on the platform it has just judged: a loss is planted (an event
 * the vault applied is struck from its inbox) and then a duplicate (a second verification record
 * of one document), and each must be reported; both are undone afterwards. A matrix of zeros
 * means something only if this passes.
 */
export async function proveOracleCanFail(platform: FaultPlatform, journeys: readonly JourneyRecord[]): Promise<string[]> {
  const problems: string[] = [];
  const vault = platform.pool(platform.deployment('vault'));
  const journey = journeys.find((j) => j.finished && j.verified.length > 0);
  if (!journey) return ['no finished journey to plant a fault in'];
  const documentId = journey.documents[journey.verified[0]];
  const sources = oracleSources(platform);
  const reports = async (kind: FindingKind) => (await checkOracle(sources, [journey])).some((finding) => finding.kind === kind);

  const { rows } = await vault.query<{ event_id: string }>('SELECT event_id FROM verification_evidence WHERE document_id = $1', [documentId]);
  const eventId = rows[0].event_id;
  const { rows: entries } = await vault.query<{ consumer: string; event_type: string }>('DELETE FROM inbox_entry WHERE event_id = $1 RETURNING consumer, event_type', [eventId]);
  try {
    if (!(await reports('lost'))) problems.push('a verification struck from the vault inbox was not reported lost');
  } finally {
    for (const entry of entries) await vault.query(`INSERT INTO inbox_entry (consumer, event_id, event_type, outcome) VALUES ($1, $2, $3, 'applied')`, [entry.consumer, eventId, entry.event_type]);
  }

  const copy = randomUUID();
  await vault.query(
    `INSERT INTO verification_evidence (event_id, document_id, agency_code, attributes, payload_text, signature, kid, accepted_at)
     SELECT $2, document_id, agency_code, attributes, payload_text, signature, kid, accepted_at FROM verification_evidence WHERE event_id = $1`,
    [eventId, copy],
  );
  try {
    if (!(await reports('duplicated'))) problems.push('a second verification record of one document was not reported duplicated');
  } finally {
    await vault.query('DELETE FROM verification_evidence WHERE event_id = $1', [copy]);
  }
  if ((await checkOracle(sources, [journey])).length > 0) problems.push('the oracle still reports findings once the planted faults are undone');
  return problems;
}
