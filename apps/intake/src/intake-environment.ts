import { Matches } from 'class-validator';
import { ServiceEnvironment } from '@app/platform';

/** One codebase, one deployment per agency: the agency code is what makes a deployment. */
export class IntakeEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3002;

  /** Electronic identifier code of the agency this desk serves, e.g. `000.00.12.H26`. */
  @Matches(/^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$/, {
    message: 'AGENCY_CODE must be an electronic identifier code such as 000.00.12.H26',
  })
  AGENCY_CODE!: string;
}

/** Kafka client id, consumer group and CloudEvents source of one agency's intake. */
export function intakeDeploymentName(env: IntakeEnvironment): string {
  return `intake-${env.AGENCY_CODE.toLowerCase()}`;
}
