import { createHash } from 'node:crypto';
import { HttpStatus, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { LRUCache } from 'lru-cache';
import type { CitizenRefResponse, DirectoryName, StoredDocumentResponse } from '@app/contracts';
import { ApiError } from '@app/platform';
import { VaultClientErrorCode } from './vault-error-code';

export interface DocumentUpload {
  readonly content: Buffer;
  readonly fileName: string;
  readonly mimeType: string;
  readonly documentTypeCode: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// Names of agencies change by decree, not by the minute: a slip may print one ten minutes old.
const DIRECTORY_CACHE_MS = 10 * 60_000;
/**
 * A citizen's reference never changes, and a token names one citizen for its whole life, so
 * the reference a token was answered with is remembered, keyed by the token's hash (no token
 * is kept), for at most as long as an access token lives. Without it every dossier opened
 * paid an HTTP call to the vault, and the vault a database read.
 */
const CITIZEN_REF_CACHE = { max: 50_000, ttl: 15 * 60_000 } as const;

/**
 * The services' way to the vault's HTTP API (the intake's commands, the directory names both
 * the intake and payment print, a caller's citizenRef). The caller's own bearer token is
 * forwarded, so the vault decides for itself who is asking. A refusal by the vault (4xx with an
 * error body) is relayed as it is; anything else going wrong on the vault's side becomes 503
 * VAULT_UNAVAILABLE, never a 500 from the calling service.
 */
export class VaultClient {
  private readonly logger = new Logger(VaultClient.name);
  private readonly base: string;
  private readonly directory = new Map<string, { entry: DirectoryName; until: number }>();
  private readonly citizenRefs = new LRUCache<string, string>(CITIZEN_REF_CACHE);

  constructor(
    baseUrl: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    // A trailing slash makes relative paths keep any prefix the vault is served under.
    this.base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  /** The vault's opaque reference for the calling citizen (created on first use). */
  async citizenRef(authorization: string): Promise<string> {
    const key = createHash('sha256').update(authorization).digest('base64url');
    const known = this.citizenRefs.get(key);
    if (known) return known;
    const body = await this.call<CitizenRefResponse>('citizens/me', { method: 'POST', headers: { authorization } });
    if (!body || !isUUID(body.citizenRef)) throw this.unavailable('POST /citizens/me answered without a citizenRef');
    this.citizenRefs.set(key, body.citizenRef);
    return body.citizenRef;
  }

  async storeDocument(authorization: string, upload: DocumentUpload): Promise<StoredDocumentResponse> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(upload.content)], { type: upload.mimeType }), upload.fileName);
    form.append('documentTypeCode', upload.documentTypeCode);
    // No agency, no dossier: the vault believes those only from this desk's signed DocumentProvided.
    const body = await this.call<StoredDocumentResponse>('documents', { method: 'POST', headers: { authorization }, body: form });
    if (!body || !isUUID(body.documentId)) throw this.unavailable('POST /documents answered without a documentId');
    return body;
  }

  /** A signed electronic result, stored for the citizen it was issued to; the officer's token says which agency stores it. */
  async storeIssuedDocument(authorization: string, upload: DocumentUpload & { readonly citizenRef: string }): Promise<StoredDocumentResponse> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(upload.content)], { type: upload.mimeType }), upload.fileName);
    form.append('documentTypeCode', upload.documentTypeCode);
    form.append('citizenRef', upload.citizenRef);
    const body = await this.call<StoredDocumentResponse>('documents/issued', { method: 'POST', headers: { authorization }, body: form });
    if (!body || !isUUID(body.documentId)) throw this.unavailable('POST /documents/issued answered without a documentId');
    return body;
  }

  async revokeDocument(authorization: string, documentId: string, reason: string): Promise<void> {
    await this.call(`documents/${documentId}/revocation`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
  }

  /** An agency's entry in the vault's directory, read with the caller's own token. */
  agency(authorization: string, code: string): Promise<DirectoryName> {
    return this.directoryName(authorization, `directory/agencies/${encodeURIComponent(code)}`);
  }

  governingBody(authorization: string, code: string): Promise<DirectoryName> {
    return this.directoryName(authorization, `directory/governing-bodies/${encodeURIComponent(code)}`);
  }

  private async directoryName(authorization: string, path: string): Promise<DirectoryName> {
    const cached = this.directory.get(path);
    if (cached && cached.until > Date.now()) return cached.entry;
    const body = await this.call<DirectoryName>(path, { method: 'GET', headers: { authorization } });
    if (!body || typeof body.nameVi !== 'string' || typeof body.code !== 'string') throw this.unavailable(`GET /${path} answered without a name`);
    const entry = { code: body.code, nameVi: body.nameVi, nameEn: body.nameEn, ...(typeof body.governingBodyCode === 'string' ? { governingBodyCode: body.governingBodyCode } : {}) };
    this.directory.set(path, { entry, until: Date.now() + DIRECTORY_CACHE_MS });
    return entry;
  }

  private async call<T>(path: string, init: RequestInit): Promise<T | undefined> {
    const route = `${init.method ?? 'GET'} /${path}`;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw this.unavailable(`${route} failed: ${describe(error)}`);
    }
    const body = await response.json().catch(() => undefined);
    if (response.ok) return body as T;
    if (response.status < 500 && isErrorBody(body)) {
      throw new ApiError(response.status, body.error.code, body.error.message);
    }
    throw this.unavailable(`${route} answered ${response.status}`);
  }

  private unavailable(reason: string): ApiError {
    this.logger.warn(`Vault unavailable: ${reason}`);
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, VaultClientErrorCode.VaultUnavailable, 'The document vault cannot be reached right now; please try again shortly.');
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) return false;
  return typeof error.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(error.code) && typeof error.message === 'string';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
