import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Min, ValidateIf } from 'class-validator';
import { ServiceEnvironment } from '@app/platform';

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class PaymentEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3003;

  /** The vault: who the calling citizen is (`POST /citizens/me`), and the intakes' public keys. */
  @IsUrl(HTTP_URL, { message: 'VAULT_URL must be an http(s) URL' })
  VAULT_URL!: string;

  /**
   * Where gateways reach this service from outside: their IPN and the citizen's browser return
   * here. Left out, http://localhost:<HTTP_PORT>, which suits only a laptop.
   */
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /**
   * The citizen portal. Set, a browser back from a gateway is sent on to the dossier's payment
   * page there; left out, it sees this service's own plain return page.
   */
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'PORTAL_URL must be an http(s) URL' })
  PORTAL_URL?: string;

  /** How long an order may stay unpaid (created, or pending at a gateway) before it expires. */
  @IsInt()
  @Min(1_000)
  ORDER_TTL_MS: number = 15 * 60_000;

  /** How often pending orders are asked about at their gateway and overdue ones expired (0: never, for tests). */
  @IsInt()
  @Min(0)
  PENDING_POLL_INTERVAL_MS: number = 60_000;

  /** The development sandbox gateway (apps/payment-sandbox); all three or none, and none in production. */
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'SANDBOX_GATEWAY_URL must be an http(s) URL' })
  SANDBOX_GATEWAY_URL?: string;

  @ValidateIf((env: PaymentEnvironment) => env.SANDBOX_GATEWAY_URL !== undefined)
  @Matches(/^[A-Z0-9]{1,20}$/, { message: 'SANDBOX_TMN_CODE must be 1 to 20 capital letters or digits (required with SANDBOX_GATEWAY_URL)' })
  SANDBOX_TMN_CODE?: string;

  /** The merchant's HMAC secret, in a file: a secret is never an environment variable's value. */
  @ValidateIf((env: PaymentEnvironment) => env.SANDBOX_GATEWAY_URL !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'SANDBOX_HASH_SECRET_FILE is required with SANDBOX_GATEWAY_URL' })
  SANDBOX_HASH_SECRET_FILE?: string;

  /** VietQR bank transfers to the agency's account (apps/payment/src/gateways/vietqr): all four or none. */
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'VIETQR_BANK_BIN must be the six-digit NAPAS BIN of the receiving bank' })
  VIETQR_BANK_BIN?: string;

  @IsOptional()
  @Matches(/^[A-Z0-9]{1,19}$/, { message: 'VIETQR_ACCOUNT_NUMBER must be 1 to 19 digits or capital letters' })
  VIETQR_ACCOUNT_NUMBER?: string;

  @IsOptional()
  @Matches(/^[\x20-\x7E]{1,25}$/, { message: 'VIETQR_ACCOUNT_NAME must be 1 to 25 printable ASCII characters (no diacritics)' })
  VIETQR_ACCOUNT_NAME?: string;

  /** The key the bank signs its credit notifications with, in a file. */
  @IsOptional()
  @IsString()
  VIETQR_CREDIT_SECRET_FILE?: string;

  /** The national payment platform; read by payGovConfig, which refuses a half configuration. */
  @IsOptional() @IsString() PAYGOV_URL?: string;
  @IsOptional() @IsString() PAYGOV_MERCHANT_CODE?: string;
  @IsOptional() @IsString() PAYGOV_SECRET_FILE?: string;
  @IsOptional() @IsString() PAYGOV_CALLBACK_URL?: string;
  @IsOptional() @IsString() PAYGOV_RETURN_URL?: string;
}
