import { IsInt, IsOptional, IsUrl, Matches, Min } from 'class-validator';
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
