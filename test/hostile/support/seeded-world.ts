import { randomUUID } from 'node:crypto';
import { generateSigningKey } from '@app/messaging';
import type { Principal } from '@app/platform';
import { eventually, randomPersonalId, samplePdf } from '@app/testing';
import { HOME_AGENCY, OTHER_AGENCY, type HostilePlatform } from './hostile-platform';

export type CitizenName = 'A' | 'B';
/** The body both agencies are under; its data sharing is connected in the seed. */
export const GOVERNING_BODY = '000.00.00.H26';
/** A procedure each intake has as a draft only. */
export const DRAFT_PROCEDURE = 'HOSTILE-DRAFT';
export type SeededAgency = typeof HOME_AGENCY | typeof OTHER_AGENCY;

/** What one citizen holds at one agency once the seeding has taken a level 4 dossier to its signed result. */
export interface Holding {
  readonly dossierId: string;
  /** A document the citizen provided to this agency for this dossier, verified by its officer. */
  readonly documentId: string;
  /** That document's type, as the dossier lists it. */
  readonly documentTypeCode: string;
  readonly orderId: string;
  readonly resultCode: string;
  readonly resultDocumentId: string;
  readonly nationalDossierCode: string;
}

export interface SeededCitizen {
  readonly name: CitizenName;
  readonly personalId: string;
  readonly subject: string;
  readonly citizenRef: string;
  readonly holdings: Readonly<Record<SeededAgency, Holding>>;
  /** In-app messages the notification service wrote to this citizen about those dossiers. */
  readonly messageIds: readonly string[];
}

/** The level 4 procedure each agency offers, with e-form answers that its schema accepts. */
export const LEVEL_4: Record<SeededAgency, { procedureCode: string; formCode: string; answers: Record<string, unknown>; amountVnd: number }> = {
  [HOME_AGENCY]: {
    procedureCode: 'JUS-CRIMINAL-RECORD',
    formCode: 'TK-LY-LICH-TU-PHAP',
    answers: { hoTen: 'Trần Văn Bình', ngaySinh: '1988-03-09', diaChi: 'Số 5 phố Hàng Bài, Hà Nội', loaiPhieu: 'Phiếu số 2', soPhieuThem: 0 },
    amountVnd: 200_000,
  },
  [OTHER_AGENCY]: {
    procedureCode: 'HEA-PRACTICE-LICENCE-REISSUE',
    formCode: 'DON-CAP-LAI-GPHN',
    answers: { hoTen: 'Lê Thị Hoa', ngaySinh: '1979-11-23', soGiayPhep: '004512/HNO-GPHN', lyDo: 'Bị mất' },
    amountVnd: 150_000,
  },
};

export interface CallAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A JSON call that explains itself when the seeding meets a refusal it did not expect. */
export async function call(url: string, method: string, path: string, token: string | undefined, body?: unknown, expected?: number[]): Promise<CallAnswer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  const parsed = (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (expected && !expected.includes(response.status)) throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return { status: response.status, body: parsed };
}

/**
 * The resources the hostile suites aim at, made through the public APIs only: for citizens A
 * and B, at each of the two sibling agencies, a level 4 dossier taken from opening through a
 * provided and verified document, online payment at the sandbox gateway, approval and a signed
 * result, plus the inbox messages that journey caused. Every id here is real, so a refusal
 * is a refusal of a resource that exists, not a miss.
 */
export class SeededWorld {
  private constructor(
    readonly citizens: Readonly<Record<CitizenName, SeededCitizen>>,
    /** A key the seeding registered for the home agency, for the key directory's routes (never one the platform signs with). */
    readonly signingKey: { readonly keyId: string; readonly publicJwk: Record<string, unknown> },
    /** The directory entries and a document type as the vault holds them: writing them back changes nothing. */
    readonly directory: { readonly governingBody: Record<string, unknown>; readonly agencies: Readonly<Record<SeededAgency, Record<string, unknown>>>; readonly documentType: Record<string, unknown> },
    /** Reconciliation runs of today's sandbox settlement, made by each agency's officer (an agency's own) and by an admin (every agency's). */
    readonly reconciliations: Readonly<Record<SeededAgency | 'admin', string>>,
  ) {}

  static async seed(platform: HostilePlatform): Promise<SeededWorld> {
    const people = { A: randomPersonalId(), B: randomPersonalId() };
    const subjects = { A: `citizen-a-${people.A}`, B: `citizen-b-${people.B}` };
    const holdings = await Promise.all(
      (['A', 'B'] as const).flatMap((name) =>
        ([HOME_AGENCY, OTHER_AGENCY] as const).map(async (agency) => [name, agency, await journey(platform, { role: 'citizen', subject: subjects[name], personalId: people[name] }, agency)] as const),
      ),
    );
    const admin = await platform.token({ role: 'admin', subject: 'hostile-seed-admin' });
    const key = await generateSigningKey(`hostile-seed-${randomUUID().slice(0, 8)}`);
    await platform.harness.registerKey({ kind: 'agency', code: HOME_AGENCY }, key);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const reconciliations = {} as Record<SeededAgency | 'admin', string>;
    for (const who of [HOME_AGENCY, OTHER_AGENCY, 'admin'] as const) {
      const token = who === 'admin' ? admin : await platform.token({ role: 'officer', subject: `hostile-seed-officer@${who}`, agencyCode: who });
      reconciliations[who] = String((await call(platform.url('payment'), 'POST', '/reconciliations', token, { date: today, gateway: 'sandbox' }, [201])).body.id);
    }
    const citizens = {} as Record<CitizenName, SeededCitizen>;
    for (const name of ['A', 'B'] as const) {
      const token = await platform.token({ role: 'citizen', subject: subjects[name], personalId: people[name] });
      const citizenRef = String((await call(platform.url('vault'), 'POST', '/citizens/me', token, undefined, [200, 201])).body.citizenRef);
      // Each journey's status changes reach the inbox over Kafka; the delivered result is the last of them.
      const messageIds = await eventually(
        async () => {
          const page = await call(platform.url('notification'), 'GET', '/me/messages?limit=200', token, undefined, [200]);
          const items = page.body.items as { id: string }[];
          if (items.length < 2) throw new Error(`citizen ${name} has ${items.length} inbox messages yet`);
          return items.map((item) => item.id);
        },
        60_000,
        250,
      );
      const own = Object.fromEntries(holdings.filter(([who]) => who === name).map(([, agency, holding]) => [agency, holding])) as Record<SeededAgency, Holding>;
      citizens[name] = { name, personalId: people[name], subject: subjects[name], citizenRef, holdings: own, messageIds };
    }
    const vault = platform.url('vault');
    const directory = {
      governingBody: (await call(vault, 'GET', `/directory/governing-bodies/${GOVERNING_BODY}`, undefined, undefined, [200])).body,
      agencies: {
        [HOME_AGENCY]: (await call(vault, 'GET', `/directory/agencies/${HOME_AGENCY}`, undefined, undefined, [200])).body,
        [OTHER_AGENCY]: (await call(vault, 'GET', `/directory/agencies/${OTHER_AGENCY}`, undefined, undefined, [200])).body,
      },
      documentType: ((await call(vault, 'GET', '/document-types?limit=200', undefined, undefined, [200])).body.items as Record<string, unknown>[]).find((type) => type.code === 'BIRTH_CERTIFICATE')!,
    };
    // A draft at each intake, for the procedure editor's routes, and each desk's notification address.
    for (const agency of [HOME_AGENCY, OTHER_AGENCY] as const) {
      await call(platform.url('notification'), 'PUT', `/agencies/${agency}/contact`, admin, { email: `mot-cua-${agency.replaceAll('.', '-').toLowerCase()}@example.vn`, language: 'vi' }, [200]);
      const officer = await platform.token({ role: 'officer', subject: `hostile-seed-officer@${agency}`, agencyCode: agency });
      await call(platform.url(`intake-${agency}`), 'POST', '/procedures', officer, { code: DRAFT_PROCEDURE }, [201]);
    }
    return new SeededWorld(citizens, { keyId: key.keyId, publicJwk: key.publicJwk }, directory, reconciliations);
  }

  /**
   * Everything that identifies `name` or their resources: what must never reach the other
   * citizen, nor anyone without a token.
   */
  markersOf(name: CitizenName): string[] {
    const citizen = this.citizens[name];
    return [
      citizen.personalId,
      citizen.citizenRef,
      ...citizen.messageIds,
      ...Object.values(citizen.holdings).flatMap((holding) => [holding.dossierId, holding.documentId, holding.orderId, holding.resultDocumentId, holding.resultCode, holding.nationalDossierCode]),
    ];
  }
}

/** One citizen's level 4 dossier at `agency`, from opening to the signed result, as the portal's users would take it. */
async function journey(platform: HostilePlatform, citizen: Principal & { role: 'citizen' }, agency: SeededAgency): Promise<Holding> {
  const intake = platform.url(`intake-${agency}`);
  const token = await platform.token(citizen);
  const officer = await platform.token({ role: 'officer', subject: `hostile-seed-officer@${agency}`, agencyCode: agency });
  const { procedureCode, answers, amountVnd } = LEVEL_4[agency];
  const opened = await call(intake, 'POST', '/dossiers', token, { procedureCode }, [201]);
  const dossierId = String(opened.body.id);
  await call(intake, 'PUT', `/dossiers/${dossierId}/form`, token, { ...answers, personalId: citizen.personalId }, [200]);
  let provided: string | undefined;
  for (const type of opened.body.stillRequired as string[]) {
    const form = new FormData();
    form.set('documentTypeCode', type);
    form.set('file', new Blob([new Uint8Array(samplePdf(`${citizen.subject}-${agency}-${type}`))], { type: 'application/pdf' }), 'scan.pdf');
    const upload = await fetch(`${intake}/dossiers/${dossierId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    // A sibling's verification may have made the type reusable meanwhile: once-only at work, not a failure.
    if (upload.status === 409) continue;
    if (upload.status !== 201) throw new Error(`seeding: uploading ${type} answered ${upload.status}: ${await upload.text()}`);
    provided ??= type;
  }
  if (!provided) throw new Error(`seeding: nothing was left to provide at ${agency}`);
  await call(intake, 'POST', `/dossiers/${dossierId}/documents/${provided}/verification`, officer, {}, [200]);
  await call(intake, 'POST', `/dossiers/${dossierId}/submit`, token, { returnChannel: 'online' }, [200]);
  for (const step of ['receipt', 'processing', 'payment-request']) await call(intake, 'POST', `/dossiers/${dossierId}/${step}`, officer, {}, [200]);

  const payment = platform.url('payment');
  const orderId = await eventually(
    async () => {
      const page = await call(payment, 'GET', `/orders?dossierId=${dossierId}`, token, undefined, [200]);
      const [order] = page.body.items as { id: string; amountVnd: number }[];
      if (order?.amountVnd !== amountVnd) throw new Error(`no order of ${amountVnd} đ for ${dossierId} yet`);
      return order.id;
    },
    60_000,
    200,
  );
  const checkout = await call(payment, 'POST', `/orders/${orderId}/checkout`, token, { gateway: 'sandbox' }, [200]);
  const page = await (await fetch(String(checkout.body.redirectUrl))).text();
  const txnRef = /name="vnp_TxnRef" value="([^"]+)"/.exec(page)?.[1];
  if (!txnRef) throw new Error('seeding: the sandbox page has no transaction reference');
  const gateway = new URL(String(checkout.body.redirectUrl)).origin;
  await fetch(`${gateway}/paymentv2/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ vnp_TxnRef: txnRef }).toString(), redirect: 'manual' });
  await eventually(
    async () => {
      const seen = await call(intake, 'GET', `/dossiers/${dossierId}`, token, undefined, [200]);
      if (seen.body.status !== 'in_processing') throw new Error(`dossier ${dossierId} is ${String(seen.body.status)}`);
    },
    60_000,
    200,
  );
  await call(intake, 'POST', `/dossiers/${dossierId}/approval`, officer, {}, [200]);
  const result = await call(intake, 'POST', `/dossiers/${dossierId}/result`, officer, { summary: 'Không có án tích.', resultNumber: `${randomUUID().slice(0, 4)}/2026/HOSTILE` }, [201]);
  const view = await call(intake, 'GET', `/dossiers/${dossierId}`, token, undefined, [200]);
  const documents = view.body.documents as { documentTypeCode: string; documentId: string }[];
  return {
    dossierId,
    documentId: documents.find((document) => document.documentTypeCode === provided)!.documentId,
    documentTypeCode: provided,
    orderId,
    resultCode: String(result.body.verificationCode),
    resultDocumentId: String(result.body.documentId),
    nationalDossierCode: String(view.body.dossierCode),
  };
}
