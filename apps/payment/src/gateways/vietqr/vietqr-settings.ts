export interface VietQrSettings {
  /** The receiving bank's six-digit NAPAS BIN. */
  readonly bankBin: string;
  readonly accountNumber: string;
  /** ASCII, no diacritics: it goes into the QR code's merchant name. */
  readonly accountName: string;
  /** The key the bank's credit notifications are signed with (HMAC-SHA512). */
  readonly creditSecret: string;
}

/** Off, and why: `GET /gateways` says it, and a checkout there is refused with the reason. */
export interface GatewayOff {
  readonly off: string;
}

const VARIABLES = ['VIETQR_BANK_BIN', 'VIETQR_ACCOUNT_NUMBER', 'VIETQR_ACCOUNT_NAME', 'VIETQR_CREDIT_SECRET_FILE'] as const;

/**
 * The receiving account is configuration: with none of the variables the adapter is off; with
 * some but not all, the service refuses to start rather than show a code nobody can pay to.
 */
export function vietQrSettings(env: Readonly<Partial<Record<(typeof VARIABLES)[number], string>>>, readSecret: (path: string) => string): VietQrSettings | GatewayOff {
  const missing = VARIABLES.filter((name) => !env[name]);
  if (missing.length === VARIABLES.length) return { off: 'VIETQR_BANK_BIN is not set' };
  if (missing.length > 0) throw new Error(`${missing.join(', ')} must be set with the other VIETQR_* variables`);
  const creditSecret = readSecret(env.VIETQR_CREDIT_SECRET_FILE!).trim();
  if (creditSecret.length < 16) throw new Error(`VIETQR_CREDIT_SECRET_FILE ${env.VIETQR_CREDIT_SECRET_FILE} must hold a secret of at least 16 characters`);
  return { bankBin: env.VIETQR_BANK_BIN!, accountNumber: env.VIETQR_ACCOUNT_NUMBER!, accountName: env.VIETQR_ACCOUNT_NAME!, creditSecret };
}
