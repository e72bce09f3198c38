import { randomInt } from 'node:crypto';
import { token } from './bench-context';

/**
 * The few calls the scenarios prepare their data with, through the intakes' public HTTP APIs,
 * as a citizen and an officer make them. Preparation is not measured.
 */

// @app/testing serves vitest suites (it imports vitest); a benchmark is a plain Node program, so its two needs are here.
const randomPersonalId = () => Array.from({ length: 12 }, () => randomInt(10)).join('');
const scan = (marker: string) => Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Marker (${marker}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);

export interface PreparedCitizen {
  readonly personalId: string;
  readonly token: string;
}

export async function newCitizen(): Promise<PreparedCitizen> {
  const personalId = randomPersonalId();
  return { personalId, token: await token({ role: 'citizen', personalId }) };
}

async function call<T>(method: string, url: string, bearer: string, body?: object | FormData): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${url} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

export interface DossierAnswer {
  readonly id: string;
  readonly reused: readonly { documentTypeCode: string }[];
  readonly documents: readonly { documentTypeCode: string; documentId: string }[];
}

export function openDossier(intakeUrl: string, citizen: PreparedCitizen, procedureCode: string): Promise<DossierAnswer> {
  return call('POST', `${intakeUrl}/dossiers`, citizen.token, { procedureCode });
}

/** Uploads a scan of the document; returns its id in the vault. */
export async function provide(intakeUrl: string, citizen: PreparedCitizen, dossierId: string, documentTypeCode: string): Promise<string> {
  const form = new FormData();
  form.set('documentTypeCode', documentTypeCode);
  form.set('file', new Blob([new Uint8Array(scan(documentTypeCode))], { type: 'application/pdf' }), 'scan.pdf');
  const dossier = await call<DossierAnswer>('POST', `${intakeUrl}/dossiers/${dossierId}/documents`, citizen.token, form);
  return dossier.documents.find((document) => document.documentTypeCode === documentTypeCode)!.documentId;
}

export function verificationPath(dossierId: string, documentTypeCode: string): string {
  return `/dossiers/${dossierId}/documents/${documentTypeCode}/verification`;
}

export async function verify(intakeUrl: string, officerToken: string, dossierId: string, documentTypeCode: string): Promise<void> {
  await call('POST', `${intakeUrl}${verificationPath(dossierId, documentTypeCode)}`, officerToken, {});
}
