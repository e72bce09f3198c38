import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Min, ValidateIf } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { ServiceEnvironment } from '@app/platform';

/** One codebase, one deployment per agency: the agency code is what makes a deployment. */
export class IntakeEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3002;

  /** Electronic identifier code of the agency this desk serves, e.g. `000.00.12.H26`. */
  @Matches(AGENCY_CODE_PATTERN, {
    message: 'AGENCY_CODE must be an electronic identifier code such as 000.00.12.H26',
  })
  AGENCY_CODE!: string;

  /**
   * The governing body whose availability topic this desk reads. Left out, it is derived from
   * AGENCY_CODE (see `governingBodyCodeOf`); set it only where the national registry says otherwise.
   */
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, {
    message: 'GOVERNING_BODY_CODE must be an electronic identifier code such as 000.00.00.H26',
  })
  GOVERNING_BODY_CODE?: string;

  /** Base URL of the vault's HTTP API: commands (store a document, resolve a citizen) go there. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'VAULT_URL must be an http(s) URL' })
  VAULT_URL!: string;

  /** Refused at the desk already, so an oversized upload never travels on to the vault. */
  @IsInt()
  @Min(1)
  MAX_UPLOAD_BYTES: number = 10_485_760;

  /**
   * Where citizens reach this desk from outside: verification links and QR codes on results
   * point here. Left out, http://localhost:<HTTP_PORT>, which suits only a laptop.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /**
   * The agency's certificate and key for signing electronic results (level 4): a PKCS#12 file
   * with its password in a file, or a PEM certificate, key and optional chain. Left out, this
   * desk cannot issue electronic results and says so when asked to.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  RESULT_SIGNING_P12_FILE?: string;

  @ValidateIf((env: IntakeEnvironment) => env.RESULT_SIGNING_P12_FILE !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'RESULT_SIGNING_P12_PASSWORD_FILE is required with RESULT_SIGNING_P12_FILE' })
  RESULT_SIGNING_P12_PASSWORD_FILE?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  RESULT_SIGNING_CERT_FILE?: string;

  @ValidateIf((env: IntakeEnvironment) => env.RESULT_SIGNING_CERT_FILE !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'RESULT_SIGNING_KEY_FILE is required with RESULT_SIGNING_CERT_FILE' })
  RESULT_SIGNING_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  RESULT_SIGNING_CHAIN_FILE?: string;

  /** An RFC 3161 timestamp authority: with it results are PAdES-BASELINE-T, without it BASELINE-B. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'RESULT_TIMESTAMP_URL must be an http(s) URL' })
  RESULT_TIMESTAMP_URL?: string;

  /** How often overdue dossiers are looked for, to apologise and set a new date (0: never, for tests). */
  @IsInt()
  @Min(0)
  APOLOGY_SWEEP_INTERVAL_MS: number = 3_600_000;

  /** Working days an automatic apology adds, counted from the day it is issued. */
  @IsInt()
  @Min(1)
  APOLOGY_EXTENSION_WORKING_DAYS: number = 5;
}

/** Kafka client id, consumer group and CloudEvents source of one agency's intake. */
export function intakeDeploymentName(env: IntakeEnvironment): string {
  return `intake-${env.AGENCY_CODE.toLowerCase()}`;
}

/**
 * The level-1 body is named by the last group of an agency's code (QCVN 102:2016), and the
 * body itself carries zeros in the other groups: 000.00.12.H26 → 000.00.00.H26.
 */
export function governingBodyCodeOf(agencyCode: string): string {
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) throw new Error(`${agencyCode} is not an electronic identifier code`);
  return `000.00.00.${agencyCode.split('.').at(-1)!}`;
}

export function intakeGoverningBodyCode(env: IntakeEnvironment): string {
  return env.GOVERNING_BODY_CODE ?? governingBodyCodeOf(env.AGENCY_CODE);
}
