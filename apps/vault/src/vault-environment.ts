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
}
