import { IsInt, Min } from 'class-validator';
import { ServiceEnvironment } from '@app/platform';

export class VaultEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3001;

  /** Largest accepted upload; scans of certificates are well under the 10 MB default. */
  @IsInt()
  @Min(1)
  MAX_UPLOAD_BYTES: number = 10_485_760;

  /** How often documents past their validity are withdrawn from reuse. */
  @IsInt()
  @Min(100)
  EXPIRY_SWEEP_INTERVAL_MS: number = 60_000;

  /** How often the live documents are compared with what the availability topics hold. */
  @IsInt()
  @Min(1_000)
  AVAILABILITY_AUDIT_INTERVAL_MS: number = 60_000;

  /** Hours an uploaded document may stay unused before it counts as orphaned (an upload that lost a race) and is removed. */
  @IsInt()
  @Min(1)
  ORPHAN_GRACE_HOURS: number = 24;

  /** How often orphaned uploads are looked for. */
  @IsInt()
  @Min(1_000)
  ORPHAN_SWEEP_INTERVAL_MS: number = 3_600_000;
}
