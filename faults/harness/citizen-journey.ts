import { randomInt } from 'node:crypto';
import type { Principal } from '@app/platform';
import type { Answer, PatientClient } from './patient-client';

/** The URLs and tokens a journey needs, whichever harness runs the platform. */
export interface JourneyTargets {
  readonly vault: string;
  readonly intakeA: { readonly url: string; readonly agency: string };
  readonly siblingB: { readonly url: string; readonly agency: string };
  readonly payment: string;
  readonly notification: string;
  readonly gateway: string;
  token(principal: Principal): Promise<string>;
}

/** A level 4 procedure with a fee at A, and one at sibling B that asks for a document A verifies. */
const AT_A = 'JUS-CRIMINAL-RECORD';
const AT_B = 'HEA-PRACTICE-LICENCE-REISSUE';
export const VERIFIED_AT_A = ['IDENTITY_CARD', 'BIRTH_CERTIFICATE'] as const;
const REVOKED = 'BIRTH_CERTIFICATE';
const ANSWERS = { hoTen: 'Trần Văn Bình', ngaySinh: '1988-03-09', diaChi: 'Số 5 phố Hàng Bài, Hà Nội', loaiPhieu: 'Phiếu số 2', soPhieuThem: 0 };

/** What the platform accepted for one citizen: what the oracle expects to find, once each. */
export interface JourneyRecord {
  readonly personalId: string;
  readonly revokes: boolean;
  dossierA?: string;
  documents: Record<string, string>;
  verified: string[];
  paid: boolean;
  revoked?: string;
  dossierB?: string;
  reusedAtB: string[];
  finished: boolean;
  failure?: string;
}

interface DossierAnswer {
  id: string;
  status: string;
  paidAt?: string | null;
  stillRequired: string[];
  reused: { documentTypeCode: string }[];
  documents: { documentTypeCode: string; documentId: string }[];
}

/**
 * One citizen's whole visit, through the public HTTP APIs: contact preferences, a level 4
 * dossier at A with three uploads, the officer's reception, verification of two documents and
 * fee request, the online payment on the gateway, for some citizens a revocation, and a dossier
 * at sibling B that reuses what A verified. Every step is retried through faults until its
 * answer comes; every accepted step is written down for the oracle.
 */
export async function runJourney(targets: JourneyTargets, client: PatientClient, revokes: boolean): Promise<JourneyRecord> {
  const personalId = Array.from({ length: 12 }, () => randomInt(10)).join('');
  const record: JourneyRecord = { personalId, revokes, documents: {}, verified: [], paid: false, reusedAtB: [], finished: false };
  try {
    const citizen = await targets.token({ role: 'citizen', subject: `citizen-${personalId}`, personalId });
    const officerA = await targets.token({ role: 'officer', subject: `officer@${targets.intakeA.agency}`, agencyCode: targets.intakeA.agency });
    const expect = (answer: Answer, status: number, what: string) => {
      if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer.body as DossierAnswer;
    };

    expect(
      await client.call('PUT', `${targets.notification}/me/preferences`, {
        token: citizen,
        body: { language: 'vi', email: `${personalId}@faults.example`, emailEnabled: true, smsEnabled: false, inAppEnabled: true, accessAlerts: true },
      }),
      200,
      'preferences',
    );
    const opened = expect(await client.call('POST', `${targets.intakeA.url}/dossiers`, { token: citizen, body: { procedureCode: AT_A }, idempotent: true }), 201, 'dossier at A');
    const dossier = opened.id;
    record.dossierA = dossier;
    const at = `${targets.intakeA.url}/dossiers/${dossier}`;
    expect(await client.call('PUT', `${at}/form`, { token: citizen, body: { ...ANSWERS, personalId } }), 200, 'form');
    for (const type of opened.stillRequired) {
      const form = new FormData();
      form.set('documentTypeCode', type);
      form.set('file', new Blob([new Uint8Array(scan(`${type}-${personalId}`))], { type: 'application/pdf' }), 'scan.pdf');
      let uploaded = await client.call('POST', `${at}/documents`, { token: citizen, body: form, idempotent: true });
      // A first try that committed but died before its answer was stored is run again after its
      // claim lapses, and refused as already done (docs/architecture.md §6): the dossier says so.
      if (uploaded.status === 409 && (uploaded.body as { error?: { code?: string } }).error?.code === 'ALREADY_PROVIDED') uploaded = { status: 201, body: (await client.call('GET', at, { token: citizen })).body };
      const view = expect(uploaded, 201, `upload ${type}`);
      record.documents[type] = view.documents.find((d) => d.documentTypeCode === type)!.documentId;
    }
    expect(await client.call('POST', `${at}/submit`, { token: citizen, body: { returnChannel: 'online' }, idempotent: true }), 200, 'submit');
    await officerStep(client, at, officerA, 'receipt', ['received', 'in_processing', 'awaiting_payment']);
    for (const type of VERIFIED_AT_A) {
      expect(await client.call('POST', `${at}/documents/${type}/verification`, { token: officerA, body: {}, idempotent: true }), 200, `verify ${type}`);
      record.verified.push(type);
    }
    await officerStep(client, at, officerA, 'processing', ['in_processing', 'awaiting_payment']);
    await officerStep(client, at, officerA, 'payment-request', ['awaiting_payment']);
    await pay(targets, client, citizen, dossier);
    await client.until('the payment reaching the dossier', async () => {
      const seen = await client.call('GET', at, { token: citizen });
      return (seen.body as DossierAnswer).paidAt ? true : undefined;
    });
    record.paid = true;

    if (revokes) {
      const documentId = record.documents[REVOKED];
      // Only the verifying agency may revoke, and the vault learns of the verification over Kafka.
      await client.until('the vault applying the verification', async () => {
        const seen = await client.call('GET', `${targets.vault}/documents/${documentId}`, { token: citizen });
        return (seen.body as { status?: string }).status === 'verified' ? true : undefined;
      });
      const revoked = await client.call('POST', `${targets.vault}/documents/${documentId}/revocation`, {
        token: officerA,
        body: { reason: 'Cấp nhầm; đã thay bằng bản đính chính.' },
        idempotent: true,
      });
      expect(revoked, 201, 'revocation');
      record.revoked = documentId;
    }

    const atB = expect(await client.call('POST', `${targets.siblingB.url}/dossiers`, { token: citizen, body: { procedureCode: AT_B }, idempotent: true }), 201, 'dossier at B');
    record.dossierB = atB.id;
    record.reusedAtB = atB.reused.map((r) => r.documentTypeCode);
    record.finished = true;
  } catch (error) {
    record.failure = (error as Error).message;
  }
  return record;
}

/**
 * An officer's move that takes no Idempotency-Key: a retry after a lost answer meets 409, and
 * the dossier's state then says whether the first try went through.
 */
async function officerStep(client: PatientClient, dossierUrl: string, officer: string, step: string, done: readonly string[]): Promise<void> {
  const answer = await client.call('POST', `${dossierUrl}/${step}`, { token: officer, body: {} });
  if (answer.status === 200) return;
  if (answer.status !== 409) throw new Error(`${step}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  const seen = await client.call('GET', dossierUrl, { token: officer });
  if (!done.includes((seen.body as DossierAnswer).status)) throw new Error(`${step}: HTTP 409 with the dossier ${(seen.body as DossierAnswer).status}`);
}

/** The fee, paid online on the sandbox gateway's page, once the payment service has made the order. */
async function pay(targets: JourneyTargets, client: PatientClient, citizen: string, dossier: string): Promise<void> {
  const order = await client.until('the payment order', async () => {
    const orders = await client.call('GET', `${targets.payment}/orders?dossierId=${dossier}`, { token: citizen });
    return orders.status === 200 ? (orders.body as { items: { id: string }[] }).items[0] : undefined;
  });
  const checkout = await client.call('POST', `${targets.payment}/orders/${order.id}/checkout`, { token: citizen, body: { gateway: 'sandbox' } });
  if (checkout.status !== 200) throw new Error(`checkout: HTTP ${checkout.status} ${JSON.stringify(checkout.body).slice(0, 300)}`);
  const page = await client.call('GET', (checkout.body as { redirectUrl: string }).redirectUrl);
  const txnRef = /name="vnp_TxnRef" value="([^"]+)"/.exec(String(page.body))?.[1];
  if (!txnRef) throw new Error('the gateway page carries no transaction reference');
  const pressed = await fetch(`${targets.gateway}/paymentv2/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ vnp_TxnRef: txnRef }).toString(),
    redirect: 'manual',
  });
  if (pressed.status !== 302) throw new Error(`the gateway's pay button answered ${pressed.status}`);
}

/** A small valid PDF whose bytes differ per citizen and type (identical bytes are stored once). */
function scan(marker: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Marker (${marker}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
}
