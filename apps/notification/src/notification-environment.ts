import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, ValidateIf } from 'class-validator';
import { ServiceEnvironment } from '@app/platform';

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
// Read the raw variable: implicit conversion has already turned the string "false" into true.
const flag = (name: string) => Transform(({ obj }: { obj: Record<string, unknown> }) => obj[name] === true || obj[name] === 'true');

export class NotificationEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3004;

  /** The vault: who the calling citizen is (`POST /citizens/me`), and the producers' public keys. */
  @IsUrl(HTTP_URL, { message: 'VAULT_URL must be an http(s) URL' })
  VAULT_URL!: string;

  /** Where citizens and officers open the portal: every link in a message starts here. */
  @IsUrl(HTTP_URL, { message: 'PORTAL_URL must be an http(s) URL' })
  PORTAL_URL: string = 'http://localhost:8080';

  /** The mail relay (the ministry's MTA, or the local development mailbox). */
  @IsString()
  @IsNotEmpty()
  SMTP_HOST!: string;

  @IsInt()
  @Min(1)
  @Max(65_535)
  SMTP_PORT: number = 587;

  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the relay offers it. */
  @flag('SMTP_SECURE')
  @IsBoolean()
  SMTP_SECURE: boolean = false;

  /** Refuse to send unless the relay upgrades to TLS: set for any relay off this host. */
  @flag('SMTP_REQUIRE_TLS')
  @IsBoolean()
  SMTP_REQUIRE_TLS: boolean = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  /** The relay's password, in a file: a secret is never an environment variable's value. */
  @ValidateIf((env: NotificationEnvironment) => env.SMTP_USER !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'SMTP_PASSWORD_FILE is required with SMTP_USER' })
  SMTP_PASSWORD_FILE?: string;

  /** SMTP connections kept open to the relay; deliveries of one dispatch round share them. */
  @IsInt()
  @Min(1)
  @Max(50)
  SMTP_MAX_CONNECTIONS: number = 5;

  /** The sender citizens see, e.g. `Cổng dịch vụ công <no-reply@dichvucong.example.vn>`. */
  @IsString()
  @IsNotEmpty()
  MAIL_FROM: string = 'Cổng dịch vụ công <no-reply@dichvucong.localhost>';

  /** The domain of the Message-IDs this service mints (one per delivery, kept across retries). */
  @IsString()
  @IsNotEmpty()
  MESSAGE_ID_DOMAIN: string = 'notification.dichvucong.localhost';

  /** Which SMS provider sends: none (SMS off), the local sandbox, or eSMS.vn brand-name SMS. */
  @IsIn(['none', 'sandbox', 'esms'])
  SMS_PROVIDER: 'none' | 'sandbox' | 'esms' = 'none';

  @ValidateIf((env: NotificationEnvironment) => env.SMS_PROVIDER === 'sandbox')
  @IsUrl(HTTP_URL, { message: 'SMS_SANDBOX_URL must be an http(s) URL (required with SMS_PROVIDER=sandbox)' })
  SMS_SANDBOX_URL?: string;

  @ValidateIf((env: NotificationEnvironment) => env.SMS_PROVIDER === 'sandbox')
  @IsNotEmpty({ message: 'SMS_SANDBOX_API_KEY_FILE is required with SMS_PROVIDER=sandbox' })
  SMS_SANDBOX_API_KEY_FILE?: string;

  @ValidateIf((env: NotificationEnvironment) => env.SMS_PROVIDER === 'esms')
  @IsNotEmpty({ message: 'ESMS_API_KEY_FILE is required with SMS_PROVIDER=esms' })
  ESMS_API_KEY_FILE?: string;

  @ValidateIf((env: NotificationEnvironment) => env.SMS_PROVIDER === 'esms')
  @IsNotEmpty({ message: 'ESMS_SECRET_KEY_FILE is required with SMS_PROVIDER=esms' })
  ESMS_SECRET_KEY_FILE?: string;

  @ValidateIf((env: NotificationEnvironment) => env.SMS_PROVIDER === 'esms')
  @IsNotEmpty({ message: 'ESMS_BRANDNAME is required with SMS_PROVIDER=esms' })
  ESMS_BRANDNAME?: string;

  /** How often queued messages are sent (0: only when a test asks). */
  @IsInt()
  @Min(0)
  DISPATCH_INTERVAL_MS: number = 2_000;

  /** Per recipient and channel: at most this many emails or SMS in RATE_LIMIT_WINDOW_MS; more are coalesced into one. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_COUNT: number = 5;

  @IsInt()
  @Min(1_000)
  RATE_LIMIT_WINDOW_MS: number = 10 * 60_000;

  /** First retry delay of a temporary failure; each next one doubles, up to an hour. */
  @IsInt()
  @Min(100)
  RETRY_BASE_MS: number = 30_000;

  /** Attempts before a temporary failure becomes permanent. */
  @IsInt()
  @Min(1)
  MAX_ATTEMPTS: number = 8;

  /** How long a send may take before another attempt may assume this one died (same Message-ID). */
  @IsInt()
  @Min(1_000)
  SEND_LEASE_MS: number = 60_000;

  /** Officers are told about a dossier due within this many hours that has no result yet. */
  @IsInt()
  @Min(1)
  DUE_SOON_HOURS: number = 24;

  /** An event older than this is recorded but tells no one: a first start on an old topic must not flood citizens. */
  @IsInt()
  @Min(1)
  STALE_AFTER_HOURS: number = 72;
}
