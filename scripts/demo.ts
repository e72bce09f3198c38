import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, DocumentVerified, newCloudEvent, toKafkaHeaders, type DocumentVerifiedV1 } from '@app/contracts';
import { generateSigningKey, SIGNATURE_HEADER, SigningIdentity } from '@app/messaging';

/**
 * `npm run demo`: the once-only story, played against the running platform (`npm run
 * platform` or docker-compose) through its public HTTP APIs, one plain sentence per step.
 * It exits non-zero if the platform does not behave as the Circular requires.
 */

const issuerUrl = process.env.DEMO_ISSUER_URL ?? 'http://127.0.0.1:3000';
const vaultUrl = process.env.DEMO_VAULT_URL ?? 'http://127.0.0.1:3001';
const traceViewerUrl = process.env.DEMO_TRACE_VIEWER_URL ?? 'http://127.0.0.1:9411';
/** The forger writes straight to the broker, as any process with write access to intake.* could. */
const kafkaBrokers = (process.env.DEMO_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const intakes = {
  hanoiJustice: { code: '000.00.12.H26', name: 'Hanoi Department of Justice', url: process.env.DEMO_HANOI_JUSTICE_URL ?? 'http://127.0.0.1:3101' },
  hanoiHealth: { code: '000.00.15.H26', name: 'Hanoi Department of Health', url: process.env.DEMO_HANOI_HEALTH_URL ?? 'http://127.0.0.1:3102' },
  danangJustice: { code: '000.00.12.H17', name: 'Da Nang Department of Justice', url: process.env.DEMO_DANANG_JUSTICE_URL ?? 'http://127.0.0.1:3103' },
};
type Intake = (typeof intakes)[keyof typeof intakes];

interface DossierView {
  id: string;
  reused: { documentTypeCode: string; documentId: string; verifiedByAgencyName: string | null; verifiedAt: string }[];
  stillRequired: string[];
  documents: { documentTypeCode: string; documentId: string }[];
}

let stepNumber = 0;
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\n${++stepNumber}. ${line}`);
const detail = (line: string) => say(`   ${line}`);

async function token(body: object): Promise<string> {
  const { access_token } = await call<{ access_token: string }>('POST', `${issuerUrl}/tokens`, { json: body });
  return access_token;
}

async function call<T>(
  method: string,
  url: string,
  options: { token?: string; json?: object; form?: FormData; expect?: number; traceparent?: string } = {},
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.json ? { 'content-type': 'application/json' } : {}),
      ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    },
    body: options.json ? JSON.stringify(options.json) : options.form,
  });
  const body = (await response.json().catch(() => ({}))) as T;
  const expected = options.expect ?? (method === 'POST' ? [200, 201] : [200]);
  if (!(Array.isArray(expected) ? expected : [expected]).includes(response.status)) {
    throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

function birthCertificatePdf(personalId: string): Blob {
  const pdf = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title (Giay khai sinh ${personalId}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
  return new Blob([pdf], { type: 'application/pdf' });
}

async function openDossier(at: Intake, citizen: string, procedureCode: string): Promise<DossierView> {
  return call<DossierView>('POST', `${at.url}/dossiers`, { token: citizen, json: { procedureCode } });
}

/** Availability travels over Kafka, so a sibling learns of a verification a moment later. */
async function openDossierUntil(at: Intake, citizen: string, procedureCode: string, done: (dossier: DossierView) => boolean): Promise<DossierView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const dossier = await openDossier(at, citizen, procedureCode);
    if (done(dossier) || Date.now() > deadline) return dossier;
    await sleep(250);
  }
}

/**
 * Produces a DocumentVerified straight to Kafka, claiming `as` for its source and its agency,
 * signed with a freshly made key the vault has never registered. Returns the dead letter the
 * vault writes for it.
 */
async function forgeVerification(citizen: string, documentId: string, dossierId: string, as: Intake): Promise<{ reason: string; error: string }> {
  const { citizenRef } = await call<{ citizenRef: string }>('POST', `${vaultUrl}/citizens/me`, { token: citizen });
  const forger = SigningIdentity.load(await generateSigningKey(`intake-${as.code.toLowerCase()}-stolen-name`));
  const kafka = new Kafka({ clientId: 'demo-forger', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `demo-${randomUUID()}` });
  const producer = kafka.producer();
  const payload: DocumentVerifiedV1 = { documentId, citizenRef, agencyCode: as.code, dossierId, officer: 'forger', verifiedAt: new Date().toISOString() };
  const event = newCloudEvent({ source: `/intake-${as.code.toLowerCase()}`, type: DocumentVerified.type, subject: documentId });
  const value = JSON.stringify(payload);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic('vault'), fromBeginning: false });
    // The consumer must own its partition before the forgery lands, or it would start after it.
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    const letter = new Promise<{ reason: string; error: string }>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          if (message.headers?.ce_id?.toString() === event.id) resolve({ reason: message.headers['dlt-reason']?.toString() ?? '', error: message.headers['dlt-error']?.toString() ?? '' });
          return Promise.resolve();
        },
      });
    });
    await joined;
    await sleep(1_000);
    await producer.connect();
    const headers = { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await forger.sign(event, Buffer.from(value)) };
    await producer.send({ topic: DocumentVerified.topic(payload), acks: -1, messages: [{ key: citizenRef, value, headers }] });
    return await Promise.race([letter, sleep(30_000).then(() => ({ reason: 'no dead letter within 30 s', error: '' }))]);
  } finally {
    await producer.disconnect();
    await consumer.disconnect();
  }
}

function check(condition: boolean, failure: string): void {
  if (!condition) throw new Error(failure);
}

async function main(): Promise<void> {
  const personalId = Array.from({ length: 12 }, () => randomInt(10)).join('');
  const citizen = await token({ role: 'citizen', personalId });
  const officerOf = (at: Intake) => token({ role: 'officer', agencyCode: at.code });
  say(`Once-only demo — citizen with personal identification number ${personalId.slice(0, 3)}•••••••${personalId.slice(-2)}`);

  step(`The citizen applies for a criminal record certificate at the ${intakes.hanoiJustice.name}.`);
  const first = await openDossier(intakes.hanoiJustice, citizen, 'JUS-CRIMINAL-RECORD');
  detail(`Dossier ${first.id}. Documents asked for: ${first.stillRequired.join(', ')}.`);
  check(first.stillRequired.includes('BIRTH_CERTIFICATE'), 'a first-time applicant should be asked for a birth certificate');

  step('The citizen uploads a scan of the birth certificate.');
  const form = new FormData();
  form.append('documentTypeCode', 'BIRTH_CERTIFICATE');
  form.append('file', birthCertificatePdf(personalId), 'giay-khai-sinh.pdf');
  const uploaded = await call<DossierView>('POST', `${intakes.hanoiJustice.url}/dossiers/${first.id}/documents`, { token: citizen, form });
  const documentId = uploaded.documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')!.documentId;
  detail(`Stored once in the vault as document ${documentId}.`);

  step(`An officer of the ${intakes.hanoiJustice.name} checks it against the original and marks it verified.`);
  // The demo starts the trace itself, so it can point at it in the trace viewer.
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  await call('POST', `${intakes.hanoiJustice.url}/dossiers/${first.id}/documents/BIRTH_CERTIFICATE/verification`, { token: await officerOf(intakes.hanoiJustice), json: {}, traceparent });
  detail('Verified. The vault now lets every agency of Hà Nội (connected data sharing) reuse it.');
  detail(`Follow it across the intake, Kafka, the vault and the sibling agencies: ${traceViewerUrl}/zipkin/traces/${traceId}`);

  step(`The citizen applies for a medical practice licence at the ${intakes.hanoiHealth.name}, a sibling agency.`);
  const sibling = await openDossierUntil(intakes.hanoiHealth, citizen, 'HEA-PRACTICE-LICENCE', (d) => d.reused.some((r) => r.documentId === documentId));
  const reused = sibling.reused.find((r) => r.documentId === documentId);
  check(reused !== undefined, 'the sibling agency should have reused the verified birth certificate');
  detail(`Not asked for the birth certificate: reused, verified by ${reused!.verifiedByAgencyName} at ${reused!.verifiedAt}.`);
  detail(`Still to provide there: ${sibling.stillRequired.join(', ')}.`);

  step(`The citizen applies for a criminal record certificate at the ${intakes.danangJustice.name}, in another province.`);
  const elsewhere = await openDossier(intakes.danangJustice, citizen, 'JUS-CRIMINAL-RECORD');
  check(elsewhere.stillRequired.includes('BIRTH_CERTIFICATE'), 'another province must ask for the birth certificate');
  detail(`Asked for: ${elsewhere.stillRequired.join(', ')} — Đà Nẵng is a different governing body, so the document is not shared.`);

  step(`A forger claims the ${intakes.danangJustice.name} verified a birth certificate the citizen uploads there.`);
  const forgedForm = new FormData();
  forgedForm.append('documentTypeCode', 'BIRTH_CERTIFICATE');
  forgedForm.append('file', birthCertificatePdf(`${personalId}-danang`), 'giay-khai-sinh.pdf');
  const provided = await call<DossierView>('POST', `${intakes.danangJustice.url}/dossiers/${elsewhere.id}/documents`, { token: citizen, form: forgedForm });
  const unverifiedId = provided.documents.find((document) => document.documentTypeCode === 'BIRTH_CERTIFICATE')!.documentId;
  const refused = await forgeVerification(citizen, unverifiedId, elsewhere.id, intakes.danangJustice);
  check(refused.reason === 'SIGNATURE_INVALID', `the forged verification should be dead-lettered as SIGNATURE_INVALID, not ${refused.reason}`);
  const stillProvided = await call<{ status: string }>('GET', `${vaultUrl}/documents/${unverifiedId}`, { token: citizen });
  check(stillProvided.status === 'provided', 'a forged verification must not verify the document');
  detail(`Produced to Kafka as the Đà Nẵng intake, signed with a key that is not the agency's: dead-lettered (${refused.reason}: ${refused.error}).`);
  detail(`Document ${unverifiedId} is still "${stillProvided.status}": nobody can reuse it.`);

  step(`An officer of the ${intakes.hanoiHealth.name} opens the reused certificate for dossier ${sibling.id}.`);
  const healthOfficer = await officerOf(intakes.hanoiHealth);
  // The vault learns of the sibling's dossier from its signed DocumentReused, a moment after the reuse.
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${vaultUrl}/documents/${documentId}/content?dossierId=${sibling.id}`, { headers: { authorization: `Bearer ${healthOfficer}` } });
    if (response.ok) break;
    check(attempt < 40, `the sibling agency's officer should be able to read the reused certificate (last answer ${response.status})`);
    await sleep(250);
  }
  detail('Allowed: the document is attached to that dossier of the agency, and the agency is in its reuse scope. The read is logged.');
  await call('GET', `${vaultUrl}/documents/${documentId}/content?dossierId=${elsewhere.id}`, { token: await officerOf(intakes.danangJustice), expect: 403 });
  detail(`An officer of the ${intakes.danangJustice.name} tries the same and is refused (403). The attempt is logged too.`);
  await call('GET', `${vaultUrl}/documents/${documentId}/content?dossierId=${randomUUID()}`, { token: healthOfficer, expect: 403 });
  detail(`So is the ${intakes.hanoiHealth.name} officer giving a dossier id of their own invention: reads are bound to real dossiers.`);

  step(`The ${intakes.hanoiJustice.name} revokes the birth certificate.`);
  await call('POST', `${vaultUrl}/documents/${documentId}/revocation`, { token: await officerOf(intakes.hanoiJustice), json: { reason: 'Demo: certificate replaced' } });
  const afterRevocation = await openDossierUntil(intakes.hanoiHealth, citizen, 'HEA-PRACTICE-LICENCE', (d) => !d.reused.some((r) => r.documentId === documentId));
  check(afterRevocation.stillRequired.includes('BIRTH_CERTIFICATE'), 'nobody may reuse a revoked document');
  detail(`Nobody reuses it any more: the ${intakes.hanoiHealth.name} asks for a birth certificate again.`);

  step('The citizen reads who used their documents.');
  type LogEntry = { documentTypeCode: string; action: string; agencyName: string | null; dossierId: string | null; at: string };
  // The log is paged like every list: walk it to the end.
  const log: LogEntry[] = [];
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page: { items: LogEntry[]; nextCursor: string | null } = await call('GET', `${vaultUrl}/access-log?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token: citizen });
    log.push(...page.items);
    cursor = page.nextCursor;
  }
  for (const entry of log) detail(`${entry.at}  ${entry.action.padEnd(12)} ${entry.documentTypeCode.padEnd(18)} ${entry.agencyName ?? '—'}${entry.dossierId ? `  (dossier ${entry.dossierId})` : ''}`);
  check(log.some((entry) => entry.action === 'reused') && log.some((entry) => entry.action === 'read-denied'), 'the access log should show the reuse and the refused read');

  say('\nDone: the citizen handed over the birth certificate once.');
}

main().catch((error: unknown) => {
  say(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  say('Is the platform running? Start it with: npm ci && npm run platform');
  process.exit(1);
});
