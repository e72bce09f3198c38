import { crcHex } from './crc16';
import { parseTlv, tlv, type TlvField } from './emv-tlv';
import { VietQrError, VietQrErrorCode } from './vietqr-error';

/** NAPAS's application id: tag 38 with this GUID is a VietQR (NAPAS 247) account. */
export const NAPAS_GUID = 'A000000727';
/** Transfer to an account (QRIBFTTC would be to a card). */
export const VIETQR_ACCOUNT_SERVICE = 'QRIBFTTA';
const VND_NUMERIC = '704';
const MAX_AMOUNT_DIGITS = 13;

/** Banks carry only these in the transfer description, and some truncate past 25 characters. */
const REFERENCE = /^[A-Z0-9]{1,25}$/;
const BANK_BIN = /^\d{6}$/;
const ACCOUNT = /^[A-Z0-9]{1,19}$/;
/** EMVCo's tags 59 and 60 allow any printable ASCII; Vietnamese diacritics must be dropped by the caller. */
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

export interface VietQrRequest {
  /** The beneficiary bank's six-digit NAPAS BIN, e.g. 970436 (Vietcombank). */
  bankBin: string;
  accountNumber: string;
  amountVnd: number;
  /** The order reference, which the payer's bank puts in the transfer description. */
  reference: string;
  /** Up to 25 ASCII characters. */
  merchantName?: string;
  /** Up to 15 ASCII characters. */
  city?: string;
}

/**
 * The EMVCo Merchant-Presented Mode payload of a dynamic VietQR (NAPAS) code for a transfer of
 * `amountVnd` to the account, with the order reference as the purpose of the transaction.
 * Tags in ascending order, CRC-16/CCITT-FALSE last, over everything up to and including "6304".
 */
export function vietQrPayload(request: VietQrRequest): string {
  const { bankBin, accountNumber, amountVnd, reference, merchantName, city } = request;
  check(BANK_BIN.test(bankBin), `The bank BIN must be six digits, not "${bankBin}".`);
  check(ACCOUNT.test(accountNumber), 'The account number must be 1 to 19 digits or capital letters.');
  check(Number.isSafeInteger(amountVnd) && amountVnd > 0 && String(amountVnd).length <= MAX_AMOUNT_DIGITS, `The amount must be a positive whole number of đồng of at most ${MAX_AMOUNT_DIGITS} digits, not ${amountVnd}.`);
  check(REFERENCE.test(reference), `The reference must be 1 to 25 capital letters A–Z or digits, not "${reference}".`);
  if (merchantName !== undefined) check(PRINTABLE_ASCII.test(merchantName) && merchantName.length <= 25, 'The merchant name must be 1 to 25 printable ASCII characters.');
  if (city !== undefined) check(PRINTABLE_ASCII.test(city) && city.length <= 15, 'The city must be 1 to 15 printable ASCII characters.');

  const beneficiary = tlv('00', bankBin) + tlv('01', accountNumber);
  const merchantAccount = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', VIETQR_ACCOUNT_SERVICE);
  const body = [
    tlv('00', '01'),
    tlv('01', '12'),
    tlv('38', merchantAccount),
    tlv('53', VND_NUMERIC),
    tlv('54', String(amountVnd)),
    tlv('58', 'VN'),
    merchantName === undefined ? '' : tlv('59', merchantName),
    city === undefined ? '' : tlv('60', city),
    tlv('62', tlv('08', reference)),
  ].join('');
  const unsigned = `${body}6304`;
  return unsigned + crcHex(unsigned);
}

export interface EmvQr {
  /** Every top-level tag as read, by id. */
  tags: Record<string, string>;
  pointOfInitiation: 'static' | 'dynamic';
  /** ISO 4217 numeric, '704' for VND. */
  currency: string;
  countryCode: string;
  amountVnd?: number;
  merchantName?: string;
  city?: string;
  /** Tag 62, sub-tag 08: the purpose of the transaction. */
  reference?: string;
  /** Present when tag 38 is a NAPAS (VietQR) account. */
  vietQr?: { bankBin: string; accountNumber: string; serviceCode: string };
}

/**
 * A strict reader of an EMVCo merchant-presented payload: every length must add up, the CRC
 * must be the last data object and match, and a tag seen twice is refused, so a payload that
 * a bank app might read differently from us never passes. Amounts are whole đồng only.
 */
export function parseEmvQr(payload: string): EmvQr {
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== '6304') throw malformed('The payload does not end with a CRC (tag 63, length 04).');
  // Some generators write the CRC in lower case: the same number, so read either.
  const stated = payload.slice(crcAt + 4).toUpperCase();
  if (!/^[0-9A-F]{4}$/.test(stated)) throw malformed(`The CRC "${stated}" is not four hex digits.`);
  const computed = crcHex(payload.slice(0, crcAt + 4));
  if (stated !== computed) throw new VietQrError(VietQrErrorCode.BadCrc, `The payload's CRC is ${stated} but its content gives ${computed}.`);

  const fields = parseTlv(payload.slice(0, crcAt));
  const tags = Object.fromEntries([...fields.map((field): [string, string] => [field.id, field.value]), ['63', stated]]);
  if (fields[0]?.id !== '00' || fields[0].value !== '01') throw malformed('The payload must begin with payload format indicator 01 (tag 00).');
  const initiation = tags['01'];
  if (initiation !== '11' && initiation !== '12') throw malformed(`The point of initiation (tag 01) must be 11 or 12, not ${initiation ?? 'missing'}.`);
  const currency = required(tags, '53', 'currency');
  const countryCode = required(tags, '58', 'country code');

  const result: EmvQr = { tags, pointOfInitiation: initiation === '12' ? 'dynamic' : 'static', currency, countryCode };
  if (tags['54'] !== undefined) result.amountVnd = wholeAmount(tags['54']);
  if (tags['59'] !== undefined) result.merchantName = tags['59'];
  if (tags['60'] !== undefined) result.city = tags['60'];
  if (tags['62'] !== undefined) {
    const purpose = subTag(parseTlv(tags['62'], 'additional data (tag 62)'), '08');
    if (purpose !== undefined) result.reference = purpose;
  }
  if (tags['38'] !== undefined) {
    const account = parseTlv(tags['38'], 'merchant account (tag 38)');
    if (subTag(account, '00') === NAPAS_GUID) {
      const beneficiary = parseTlv(requiredSub(account, '01', 'beneficiary organisation (tag 38.01)'), 'beneficiary organisation (tag 38.01)');
      result.vietQr = {
        bankBin: requiredSub(beneficiary, '00', 'acquirer BIN (tag 38.01.00)'),
        accountNumber: requiredSub(beneficiary, '01', 'account number (tag 38.01.01)'),
        serviceCode: requiredSub(account, '02', 'service code (tag 38.02)'),
      };
    }
  }
  return result;
}

function wholeAmount(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw malformed(`The amount (tag 54) "${text}" is not a whole number of đồng.`);
  const amount = Number(text);
  if (!Number.isSafeInteger(amount)) throw malformed(`The amount (tag 54) "${text}" is too large.`);
  return amount;
}

function subTag(fields: TlvField[], id: string): string | undefined {
  return fields.find((field) => field.id === id)?.value;
}

function requiredSub(fields: TlvField[], id: string, what: string): string {
  const value = subTag(fields, id);
  if (value === undefined) throw malformed(`The payload has no ${what}.`);
  return value;
}

function required(tags: Record<string, string>, id: string, what: string): string {
  const value = tags[id];
  if (value === undefined) throw malformed(`The payload has no ${what} (tag ${id}).`);
  return value;
}

function malformed(message: string): VietQrError {
  return new VietQrError(VietQrErrorCode.Malformed, message);
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new VietQrError(VietQrErrorCode.InvalidField, message);
}
