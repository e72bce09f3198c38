import type { Pool } from 'pg';
import type { Kafka } from 'kafkajs';
import { availabilityTopic, deadLetterTopic } from '@app/contracts';
import type { JourneyRecord } from './citizen-journey';
import { readTopics, type ReadRecord } from './topic-reader';

/** `crashed`: a service exited by itself (the run reports it; the oracle never does). */
export type FindingKind = 'lost' | 'duplicated' | 'out-of-order' | 'crashed';

export interface Finding {
  readonly kind: FindingKind;
  readonly what: string;
}

/** Where the oracle reads: each service's database, and the broker. */
export interface OracleSources {
  readonly kafka: Kafka;
  readonly vault: Pool;
  readonly intakeA: Pool;
  readonly siblingB: Pool;
  readonly payment: Pool;
  readonly notification: Pool;
  readonly governingBody: string;
  /** The deliveries whose email the mailbox received (a Message-ID is `<delivery id@domain>`; a resend of one it holds is dropped). */
  readonly mailboxDeliveryIds: () => ReadonlySet<string>;
}

/** Who consumes which topic (docs/architecture.md §4): each of their events must be in that inbox. */
function consumers(sources: OracleSources): { readonly topic: string; readonly service: string; readonly pool: Pool }[] {
  const availability = availabilityTopic(sources.governingBody);
  return [
    { topic: 'intake.document-verified.v1', service: 'vault', pool: sources.vault },
    { topic: 'intake.document-reused.v1', service: 'vault', pool: sources.vault },
    { topic: availability, service: 'intake A', pool: sources.intakeA },
    { topic: availability, service: 'intake B', pool: sources.siblingB },
    { topic: 'payment.payment-outcome.v1', service: 'intake A', pool: sources.intakeA },
    { topic: 'payment.payment-outcome.v1', service: 'intake B', pool: sources.siblingB },
    { topic: 'intake.payment-requested.v1', service: 'payment', pool: sources.payment },
    { topic: 'intake.dossier-lifecycle.v1', service: 'notification', pool: sources.notification },
    { topic: 'intake.payment-requested.v1', service: 'notification', pool: sources.notification },
    { topic: 'payment.payment-outcome.v1', service: 'notification', pool: sources.notification },
    { topic: 'intake.document-reused.v1', service: 'notification', pool: sources.notification },
  ];
}

const DEAD_LETTER_OWNERS = ['vault', 'intake', 'payment', 'notification'] as const;

/**
 * Checks, from the databases and the topics, that what the platform accepted happened exactly
 * once: every accepted request has its effect once, no event is lost (every record of a
 * consumed topic is in its consumer's inbox, nothing is dead-lettered, no outbox holds rows),
 * order is kept where it is promised (a document's provision before its verification on one
 * citizen's partition; a document's availability versions rising), every sibling index agrees
 * with the vault, every payment reached its dossier once and every email was sent once.
 */
export async function checkOracle(sources: OracleSources, journeys: readonly JourneyRecord[], from?: ReadonlyMap<string, bigint>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, what: string) => findings.push({ kind, what });
  for (const journey of journeys) await checkJourney(sources, journey, add);
  await checkOutboxes(sources, add);
  await checkEvents(sources, add, from);
  await checkIndexes(sources, add);
  await checkEmails(sources, add);
  return findings;
}

type Add = (kind: FindingKind, what: string) => void;

async function count(pool: Pool, sql: string, values: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, values);
  return Number(rows[0].n);
}

/** Exactly one: none is lost, more is duplicated. */
function once(add: Add, n: number, what: string): void {
  if (n === 0) add('lost', what);
  else if (n > 1) add('duplicated', `${what} (×${n})`);
}

async function checkJourney(sources: OracleSources, journey: JourneyRecord, add: Add): Promise<void> {
  const who = `citizen …${journey.personalId.slice(-4)}`;
  if (journey.dossierA) {
    once(add, await count(sources.intakeA, 'SELECT count(*) AS n FROM dossier WHERE citizen_personal_id = $1', [journey.personalId]), `${who}: the dossier at A`);
  }
  for (const [type, documentId] of Object.entries(journey.documents)) {
    once(add, await count(sources.intakeA, 'SELECT count(*) AS n FROM dossier_document WHERE dossier_id = $1 AND document_type_code = $2', [journey.dossierA, type]), `${who}: ${type} attached at A`);
    once(
      add,
      await count(sources.vault, `SELECT count(*) AS n FROM document_attachment WHERE document_id = $1 AND dossier_id = $2 AND kind = 'provided'`, [documentId, journey.dossierA]),
      `${who}: the vault's provenance of ${type}`,
    );
  }
  for (const type of journey.verified) {
    const documentId = journey.documents[type];
    once(add, await count(sources.vault, 'SELECT count(*) AS n FROM verification_evidence WHERE document_id = $1', [documentId]), `${who}: the vault's verification of ${type}`);
    const status = journey.revoked === documentId ? 'revoked' : 'verified';
    once(add, await count(sources.vault, 'SELECT count(*) AS n FROM document WHERE id = $1 AND status = $2', [documentId, status]), `${who}: ${type} ${status} in the vault`);
  }
  if (journey.paid) {
    once(add, await count(sources.payment, `SELECT count(*) AS n FROM payment_order WHERE dossier_id = $1 AND status = 'paid'`, [journey.dossierA]), `${who}: the paid order`);
    once(
      add,
      await count(sources.intakeA, `SELECT count(*) AS n FROM dossier_transition WHERE dossier_id = $1 AND from_status = 'awaiting_payment' AND to_status = 'in_processing'`, [journey.dossierA]),
      `${who}: the payment reaching the dossier`,
    );
  }
  if (journey.dossierB) {
    once(add, await count(sources.siblingB, 'SELECT count(*) AS n FROM dossier WHERE citizen_personal_id = $1', [journey.personalId]), `${who}: the dossier at B`);
    for (const type of journey.reusedAtB) {
      const documentId = journey.documents[type];
      once(
        add,
        await count(sources.vault, `SELECT count(*) AS n FROM access_log WHERE document_id = $1 AND dossier_id = $2 AND action = 'reused'`, [documentId, journey.dossierB]),
        `${who}: the access log's reuse of ${type} at B`,
      );
    }
  }
}

async function checkOutboxes(sources: OracleSources, add: Add): Promise<void> {
  const pools = { vault: sources.vault, 'intake A': sources.intakeA, 'intake B': sources.siblingB, payment: sources.payment, notification: sources.notification };
  for (const [service, pool] of Object.entries(pools)) {
    const waiting = await count(pool, 'SELECT count(*) AS n FROM outbox_message', []);
    const parked = await count(pool, 'SELECT count(*) AS n FROM outbox_parked', []);
    if (waiting + parked > 0) add('lost', `${service}: ${waiting} events still in the outbox, ${parked} parked`);
  }
}

/** Every topic the oracle reads: the consumed ones and the dead letters. */
export function oracleTopics(sources: OracleSources): string[] {
  return [...new Set([...consumers(sources).map((w) => w.topic), ...DEAD_LETTER_OWNERS.map((owner) => deadLetterTopic(owner))])];
}

/** Records before `from` were judged by an earlier run (the inboxes keep them all the same). */
async function checkEvents(sources: OracleSources, add: Add, from?: ReadonlyMap<string, bigint>): Promise<void> {
  const wiring = consumers(sources);
  const dead = DEAD_LETTER_OWNERS.map((owner) => deadLetterTopic(owner));
  const records = await readTopics(sources.kafka, oracleTopics(sources), from);
  for (const record of records.filter((r) => dead.includes(r.topic))) {
    add('lost', `dead-lettered on ${record.topic}: ${record.headers['ce_type']} ${record.headers['ce_id']} (${record.headers['dlt-reason']}: ${record.headers['dlt-error']?.slice(0, 200)})`);
  }
  for (const { topic, service, pool } of wiring) {
    const ids = [...new Set(records.filter((r) => r.topic === topic).map((r) => r.headers['ce_id']))];
    if (ids.length === 0) continue;
    const { rows } = await pool.query<{ event_id: string; outcome: string }>('SELECT event_id, outcome FROM inbox_entry WHERE event_id = ANY($1)', [ids]);
    const outcomes = new Map(rows.map((row) => [row.event_id, row.outcome]));
    const missing = ids.filter((id) => !outcomes.has(id) || outcomes.get(id) === 'dead-lettered');
    if (missing.length > 0) add('lost', `${service}: ${missing.length} of ${ids.length} events of ${topic} not applied (e.g. ${missing[0]})`);
  }
  checkOrder(records, availabilityTopic(sources.governingBody), add);
}

function checkOrder(records: readonly ReadRecord[], availability: string, add: Add): void {
  // A citizen's provision and verification of a document share one key and so one partition.
  const firstOffset = new Map<string, bigint>();
  for (const record of records.filter((r) => r.topic === 'intake.document-verified.v1')) {
    const documentId = (JSON.parse(record.value) as { documentId: string }).documentId;
    const slot = `${record.headers['ce_type']}/${documentId}`;
    if (!firstOffset.has(slot) || record.offset < firstOffset.get(slot)!) firstOffset.set(slot, record.offset);
  }
  for (const [slot, verifiedAt] of firstOffset) {
    if (!slot.startsWith('vn.gov.intake.document.verified.')) continue;
    const documentId = slot.split('/')[1];
    const providedAt = firstOffset.get(`vn.gov.intake.document.provided.v1/${documentId}`);
    if (providedAt === undefined || providedAt > verifiedAt) add('out-of-order', `document ${documentId}: its verification is on the topic before its provision`);
  }
  // A document's availability records carry rising versions; a lower one after a higher is a reordering.
  const highest = new Map<string, number>();
  for (const record of records.filter((r) => r.topic === availability).sort((x, y) => (x.partition - y.partition) || Number(x.offset - y.offset))) {
    const version = (JSON.parse(record.value) as { version: number }).version;
    const before = highest.get(record.key) ?? 0;
    if (version < before) add('out-of-order', `document ${record.key}: availability version ${version} after ${before}`);
    highest.set(record.key, Math.max(before, version));
  }
}

/** Every sibling index holds each announced document at the vault's latest version and state. */
async function checkIndexes(sources: OracleSources, add: Add): Promise<void> {
  const { rows: announced } = await sources.vault.query<{ id: string; version: string; status: string }>(
    `SELECT d.id, d.availability_version AS version, d.status FROM document d JOIN agency a ON a.code = d.verified_by_agency_code
      WHERE d.availability_version > 0 AND a.governing_body_code = $1`,
    [sources.governingBody],
  );
  for (const [service, pool] of [['intake A', sources.intakeA], ['intake B', sources.siblingB]] as const) {
    const { rows } = await pool.query<{ document_id: string; version: string; status: string }>('SELECT document_id, version, status FROM reusable_document');
    const held = new Map(rows.map((row) => [row.document_id, row]));
    let disagreeing = 0;
    let example = '';
    for (const document of announced) {
      const entry = held.get(document.id);
      const expected = document.status === 'revoked' ? 'withdrawn' : 'available';
      if (!entry || entry.version !== document.version || entry.status !== expected) {
        disagreeing += 1;
        example ||= `${document.id}: vault v${document.version} ${document.status}, index ${entry ? `v${entry.version} ${entry.status}` : 'nothing'}`;
      }
    }
    if (disagreeing > 0) add('lost', `${service}: ${disagreeing} of ${announced.length} documents disagree with the vault (e.g. ${example})`);
  }
}

/** Every email the service made was handed to the relay once and arrived: its Message-ID is in the mailbox. */
async function checkEmails(sources: OracleSources, add: Add): Promise<void> {
  const { rows } = await sources.notification.query<{ status: string; delivery_id: string | null }>(
    `SELECT status, delivery_id FROM notification_message WHERE channel = 'email'`,
  );
  const unsent = rows.filter((row) => row.status !== 'sent');
  if (unsent.length > 0) add('lost', `notification: ${unsent.length} emails not sent (${[...new Set(unsent.map((row) => row.status))].join(', ')})`);
  const received = sources.mailboxDeliveryIds();
  const missing = [...new Set(rows.filter((row) => row.status === 'sent').map((row) => row.delivery_id!))].filter((id) => !received.has(id));
  if (missing.length > 0) add('lost', `notification: ${missing.length} sent emails never reached the mailbox (e.g. delivery ${missing[0]})`);
}
