import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `npm run demo`: the once-only story, played against the running platform (`npm run
 * platform` or docker-compose) through its public HTTP APIs, one plain sentence per step.
 * It exits non-zero if the platform does not behave as the Circular requires.
 */

const issuerUrl = process.env.DEMO_ISSUER_URL ?? 'http://127.0.0.1:3000';
const vaultUrl = process.env.DEMO_VAULT_URL ?? 'http://127.0.0.1:3001';
const traceViewerUrl = process.env.DEMO_TRACE_VIEWER_URL ?? 'http://127.0.0.1:9411';
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

  step(`An officer of the ${intakes.hanoiHealth.name} opens the reused certificate for dossier ${sibling.id}.`);
  await call('GET', `${vaultUrl}/documents/${documentId}/content?dossierId=${sibling.id}`, { token: await officerOf(intakes.hanoiHealth) });
  detail('Allowed: the agency is in the document’s reuse scope. The read is logged.');
  await call('GET', `${vaultUrl}/documents/${documentId}/content?dossierId=${elsewhere.id}`, { token: await officerOf(intakes.danangJustice), expect: 403 });
  detail(`An officer of the ${intakes.danangJustice.name} tries the same and is refused (403). The attempt is logged too.`);

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
