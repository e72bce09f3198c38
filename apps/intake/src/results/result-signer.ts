import { HttpStatus, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { loadSigningIdentity, signPdf, TimestampError, type SigningIdentity, type SigningIdentitySource } from '@app/pdf';
import { ApiError } from '@app/platform';
import { IntakeEnvironment } from '../intake-environment';
import { ResultErrorCode } from './result-error-code';

export interface SignedResult {
  readonly pdf: Buffer;
  /** PAdES-BASELINE-T with a timestamp authority, -B without. */
  readonly profile: 'PAdES-BASELINE-B' | 'PAdES-BASELINE-T';
}

/**
 * The agency's seal on its electronic results. The identity is read once at start-up, so a
 * wrong password or a broken file stops the deployment rather than the first citizen's
 * result. Without one configured the desk runs, and refuses to issue electronic results.
 */
@Injectable()
export class ResultSigner implements OnModuleInit {
  private readonly logger = new Logger(ResultSigner.name);
  private identity: SigningIdentity | undefined;

  constructor(private readonly env: IntakeEnvironment) {}

  async onModuleInit(): Promise<void> {
    const source = await signingSource(this.env);
    if (!source) {
      this.logger.warn('No result signing identity (RESULT_SIGNING_P12_FILE or RESULT_SIGNING_CERT_FILE): this desk cannot issue electronic results');
      return;
    }
    this.identity = await loadSigningIdentity(source);
    this.logger.log(`Results are signed by ${this.identity.subjectName}${this.env.RESULT_TIMESTAMP_URL ? ', timestamped' : ''}`);
  }

  async sign(pdf: Buffer, options: { reason: string; location: string }): Promise<SignedResult> {
    if (!this.identity) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ResultErrorCode.SigningNotConfigured, 'This desk has no signing certificate, so it cannot issue an electronic result; ask its administrators.');
    }
    const timestampUrl = this.env.RESULT_TIMESTAMP_URL;
    try {
      const signed = await signPdf(pdf, this.identity, { ...options, signerName: this.identity.subjectName, ...(timestampUrl ? { timestampUrl } : {}) });
      return { pdf: signed, profile: timestampUrl ? 'PAdES-BASELINE-T' : 'PAdES-BASELINE-B' };
    } catch (error) {
      if (!(error instanceof TimestampError)) throw error;
      this.logger.warn(`Timestamp authority failed: ${error.message}`);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ResultErrorCode.TimestampUnavailable, 'The timestamp authority cannot be reached right now, so the result was not issued; please try again shortly.');
    }
  }
}

async function signingSource(env: IntakeEnvironment): Promise<SigningIdentitySource | undefined> {
  if (env.RESULT_SIGNING_P12_FILE) {
    // The password lives in a file (a mounted secret), never in the environment itself.
    const password = (await readFile(env.RESULT_SIGNING_P12_PASSWORD_FILE!, 'utf8')).trim();
    return { kind: 'pkcs12', file: env.RESULT_SIGNING_P12_FILE, password };
  }
  if (env.RESULT_SIGNING_CERT_FILE) {
    return { kind: 'pem', certificateFile: env.RESULT_SIGNING_CERT_FILE, privateKeyFile: env.RESULT_SIGNING_KEY_FILE!, ...(env.RESULT_SIGNING_CHAIN_FILE ? { chainFile: env.RESULT_SIGNING_CHAIN_FILE } : {}) };
  }
  return undefined;
}
