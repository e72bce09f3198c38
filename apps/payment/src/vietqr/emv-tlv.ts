import { VietQrError, VietQrErrorCode } from './vietqr-error';

/** EMVCo data objects: a two-digit id, a two-digit length, then that many characters. */
export interface TlvField {
  id: string;
  value: string;
}

export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new VietQrError(VietQrErrorCode.InvalidField, `EMV tag id ${id} is not two digits.`);
  if (value.length === 0 || value.length > 99) throw new VietQrError(VietQrErrorCode.InvalidField, `EMV tag ${id} must hold 1 to 99 characters, not ${value.length}.`);
  return `${id}${value.length.toString().padStart(2, '0')}${value}`;
}

/** Reads a run of data objects, refusing a length that overruns, a non-numeric header or a repeated id. */
export function parseTlv(text: string, where = 'payload'): TlvField[] {
  const fields: TlvField[] = [];
  let at = 0;
  while (at < text.length) {
    const header = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(header)) throw new VietQrError(VietQrErrorCode.Malformed, `The ${where} has no valid tag header at position ${at}.`);
    const id = header.slice(0, 2);
    const length = Number(header.slice(2));
    if (length === 0) throw new VietQrError(VietQrErrorCode.Malformed, `Tag ${id} of the ${where} is empty.`);
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length !== length) throw new VietQrError(VietQrErrorCode.Malformed, `Tag ${id} of the ${where} declares ${length} characters but only ${value.length} remain.`);
    if (fields.some((field) => field.id === id)) throw new VietQrError(VietQrErrorCode.Malformed, `Tag ${id} appears twice in the ${where}.`);
    fields.push({ id, value });
    at += 4 + length;
  }
  return fields;
}
