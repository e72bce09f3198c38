import { isAbsolute } from 'node:path';

/**
 * The national payment platform (Nền tảng thanh toán trực tuyến of Cổng Dịch vụ công quốc
 * gia, "PayGov"), as this service would reach it. Every variable is issued by or registered
 * with the operator (Văn phòng Chính phủ, technically VNPT) when an agency's system is
 * connected; none has a default, because a guessed endpoint or key is worse than none:
 *
 * - `PAYGOV_URL`           the platform's payment API base URL (https), given by the operator;
 * - `PAYGOV_MERCHANT_CODE` the code the operator assigns to this agency's system;
 * - `PAYGOV_SECRET_FILE`   absolute path of a file holding the shared signing key;
 * - `PAYGOV_CALLBACK_URL`  our https endpoint the platform calls server to server with the result;
 * - `PAYGOV_RETURN_URL`    the https page the citizen's browser comes back to after paying.
 *
 * Without `PAYGOV_URL` the adapter is off and says why; with it, every other variable is
 * required, and a half configuration stops the service at start-up naming the variable.
 */
export type PayGovConfig = { enabled: false; reason: string } | PayGovEnabled;

export interface PayGovEnabled {
  enabled: true;
  url: string;
  merchantCode: string;
  secretFile: string;
  callbackUrl: string;
  returnUrl: string;
}

export class PayGovConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'PayGovConfigError';
  }
}

const MERCHANT_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export function payGovConfig(env: Readonly<Record<string, string | undefined>>): PayGovConfig {
  const url = env.PAYGOV_URL?.trim();
  if (!url) return { enabled: false, reason: 'PAYGOV_URL is not set' };
  const merchantCode = required(env, 'PAYGOV_MERCHANT_CODE');
  if (!MERCHANT_CODE.test(merchantCode)) throw new PayGovConfigError('PAYGOV_MERCHANT_CODE', 'PAYGOV_MERCHANT_CODE must be 1 to 64 letters, digits, dots, dashes or underscores.');
  const secretFile = required(env, 'PAYGOV_SECRET_FILE');
  if (!isAbsolute(secretFile)) throw new PayGovConfigError('PAYGOV_SECRET_FILE', 'PAYGOV_SECRET_FILE must be an absolute path.');
  return {
    enabled: true,
    url: httpsUrl('PAYGOV_URL', url),
    merchantCode,
    secretFile,
    callbackUrl: httpsUrl('PAYGOV_CALLBACK_URL', required(env, 'PAYGOV_CALLBACK_URL')),
    returnUrl: httpsUrl('PAYGOV_RETURN_URL', required(env, 'PAYGOV_RETURN_URL')),
  };
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new PayGovConfigError(name, `${name} is required when PAYGOV_URL is set.`);
  return value;
}

/** Payment data and the signing key travel over these: plain http is refused, even in a test. */
function httpsUrl(name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new PayGovConfigError(name, `${name} is not a URL.`);
  }
  if (parsed.protocol !== 'https:') throw new PayGovConfigError(name, `${name} must be an https URL.`);
  return parsed.toString().replace(/\/$/, '');
}
