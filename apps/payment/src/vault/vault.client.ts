import { HttpStatus, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { CitizenRefResponse } from '@app/contracts';
import { ApiError } from '@app/platform';
import { VaultClientErrorCode } from './vault-error-code';

const TIMEOUT_MS = 10_000;

/** What a receipt prints of the vault's directory: a name, and for an agency the body it answers to. */
export interface DirectoryEntry {
  readonly code: string;
  readonly nameVi: string;
  readonly governingBodyCode?: string;
}

/**
 * The payment service knows citizens only by the vault's `citizenRef`. The caller's own bearer
 * token is forwarded, so the vault decides who is asking; a vault refusal (4xx) is relayed,
 * anything else is 503 VAULT_UNAVAILABLE, never a 500 from here.
 */
export class VaultClient {
  private readonly logger = new Logger(VaultClient.name);
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  async citizenRef(authorization: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(new URL('citizens/me', this.base), { method: 'POST', headers: { authorization }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw this.unavailable(`POST /citizens/me failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as Partial<CitizenRefResponse> & { error?: { code?: unknown; message?: unknown } } | undefined;
    if (response.ok && body && isUUID(body.citizenRef)) return body.citizenRef!;
    const error = body?.error;
    if (response.status < 500 && !response.ok && typeof error?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(error.code) && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message);
    }
    throw this.unavailable(`POST /citizens/me answered ${response.status}${response.ok ? ' without a citizenRef' : ''}`);
  }

  /** An agency's entry in the vault's directory (its name, its governing body), read with the caller's own token. */
  agency(authorization: string, code: string): Promise<DirectoryEntry> {
    return this.directoryEntry(authorization, `directory/agencies/${encodeURIComponent(code)}`);
  }

  governingBody(authorization: string, code: string): Promise<DirectoryEntry> {
    return this.directoryEntry(authorization, `directory/governing-bodies/${encodeURIComponent(code)}`);
  }

  private async directoryEntry(authorization: string, path: string): Promise<DirectoryEntry> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { headers: { authorization }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw this.unavailable(`GET /${path} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as Partial<DirectoryEntry> | undefined;
    if (!response.ok || typeof body?.nameVi !== 'string' || typeof body.code !== 'string') throw this.unavailable(`GET /${path} answered ${response.status}${response.ok ? ' without a name' : ''}`);
    return { code: body.code, nameVi: body.nameVi, ...(typeof body.governingBodyCode === 'string' ? { governingBodyCode: body.governingBodyCode } : {}) };
  }

  private unavailable(reason: string): ApiError {
    this.logger.warn(`Vault unavailable: ${reason}`);
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, VaultClientErrorCode.VaultUnavailable, 'The document vault cannot be reached right now; please try again shortly.');
  }
}
