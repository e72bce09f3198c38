import { crc16CcittFalse } from './crc16';
import { parseEmvQr, vietQrPayload, type VietQrRequest } from './vietqr-payload';
import { VietQrErrorCode } from './vietqr-error';

const request = (overrides: Partial<VietQrRequest> = {}): VietQrRequest => ({ bankBin: '970436', accountNumber: '0011001234567', amountVnd: 205_000, reference: 'HS000123', ...overrides });

/**
 * Built by hand, tag by tag: 00 02 "01" | 01 02 "12" | 38 57 [00 10 "A000000727" | 01 27
 * [00 06 "970436" | 01 13 "0011001234567"] | 02 08 "QRIBFTTA"] | 53 03 "704" | 54 06 "205000"
 * | 58 02 "VN" | 62 12 [08 08 "HS000123"] | 63 04 CRC. The CRC E1A1 was computed apart from
 * this code, with Python's binascii.crc_hqx(payload_up_to_6304, 0xFFFF) — CRC-CCITT with init
 * 0xFFFF, i.e. CRC-16/CCITT-FALSE, which gives the standard check value 0x29B1 for "123456789".
 */
const HAND_BUILT = '00020101021238570010A00000072701270006970436011300110012345670208QRIBFTTA530370454062050005802VN62120808HS0001236304E1A1';

/**
 * Payloads made by other generators, seen in public code: a dynamic one for an MB Bank (970422)
 * virtual account whose description has spaces and lower case, and a static one (no amount)
 * with its CRC in lower case. Their CRCs were checked with binascii.crc_hqx as above.
 */
const MB_DYNAMIC = '00020101021238570010A000000727012700069704220113VQRQACLNP26800208QRIBFTTA530370454061000005802VN62270823Thanh toan don hang ABC6304CE4C';
const MB_STATIC = '00020101021138540010A00000072701240006970422011099999991480208QRIBFTTA53037045802VN63047b49';

describe('crc16CcittFalse', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
  });
});

describe('vietQrPayload', () => {
  it('builds, digit for digit, the payload written out by hand', () => {
    expect(vietQrPayload(request())).toBe(HAND_BUILT);
  });

  it('adds the merchant name and city as tags 59 and 60 before the additional data', () => {
    const payload = vietQrPayload(request({ merchantName: 'UBND PHUONG BA DINH', city: 'HA NOI' }));
    expect(payload).toContain('5802VN5919UBND PHUONG BA DINH6006HA NOI62120808HS000123');
    expect(parseEmvQr(payload)).toMatchObject({ merchantName: 'UBND PHUONG BA DINH', city: 'HA NOI' });
  });

  it.each([
    ['a bank BIN of five digits', { bankBin: '97043' }],
    ['an account with a hyphen', { accountNumber: '0011-001' }],
    ['an account of 20 characters', { accountNumber: '1'.repeat(20) }],
    ['a zero amount', { amountVnd: 0 }],
    ['a negative amount', { amountVnd: -5 }],
    ['a fractional amount', { amountVnd: 1000.5 }],
    ['an amount beyond a safe integer', { amountVnd: 2 ** 53 }],
    ['an amount of 14 digits', { amountVnd: 10_000_000_000_000 }],
    ['a reference in lower case', { reference: 'hs000123' }],
    ['a reference with a space', { reference: 'HS 000123' }],
    ['a reference with Vietnamese letters', { reference: 'HỒSƠ1' }],
    ['a reference of 26 characters', { reference: 'A'.repeat(26) }],
    ['an empty reference', { reference: '' }],
    ['a merchant name with diacritics', { merchantName: 'ỦY BAN' }],
    ['a merchant name of 26 characters', { merchantName: 'A'.repeat(26) }],
    ['a city of 16 characters', { city: 'A'.repeat(16) }],
  ])('refuses %s', (_case, overrides: Partial<VietQrRequest>) => {
    expect(() => vietQrPayload(request(overrides))).toThrow(expect.objectContaining({ code: VietQrErrorCode.InvalidField }));
  });

  it('accepts the longest reference banks carry', () => {
    expect(parseEmvQr(vietQrPayload(request({ reference: 'Z9'.repeat(12) + 'Q' }))).reference).toBe('Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9Q');
  });
});

describe('parseEmvQr', () => {
  it('reads back the fields of the hand-built payload', () => {
    const parsed = parseEmvQr(HAND_BUILT);
    expect(parsed).toEqual({
      tags: { '00': '01', '01': '12', '38': '0010A00000072701270006970436011300110012345670208QRIBFTTA', '53': '704', '54': '205000', '58': 'VN', '62': '0808HS000123', '63': 'E1A1' },
      pointOfInitiation: 'dynamic',
      currency: '704',
      countryCode: 'VN',
      amountVnd: 205_000,
      reference: 'HS000123',
      vietQr: { bankBin: '970436', accountNumber: '0011001234567', serviceCode: 'QRIBFTTA' },
    });
  });

  it('round-trips what the builder makes', () => {
    for (const amountVnd of [1, 999, 205_000, 9_999_999_999_999]) {
      const parsed = parseEmvQr(vietQrPayload(request({ amountVnd, accountNumber: 'VQR12345', bankBin: '970422' })));
      expect(parsed).toMatchObject({ amountVnd, vietQr: { bankBin: '970422', accountNumber: 'VQR12345' }, reference: 'HS000123' });
    }
  });

  it('reads payloads from other generators, a static one with a lower-case CRC included', () => {
    expect(parseEmvQr(MB_DYNAMIC)).toMatchObject({
      pointOfInitiation: 'dynamic',
      amountVnd: 100_000,
      reference: 'Thanh toan don hang ABC',
      vietQr: { bankBin: '970422', accountNumber: 'VQRQACLNP2680', serviceCode: 'QRIBFTTA' },
    });
    const staticCode = parseEmvQr(MB_STATIC);
    expect(staticCode).toMatchObject({ pointOfInitiation: 'static', vietQr: { bankBin: '970422', accountNumber: '9999999148' } });
    expect(staticCode.amountVnd).toBeUndefined();
  });

  it('refuses a payload with one digit changed, because its CRC no longer matches', () => {
    const tampered = HAND_BUILT.replace('5406205000', '5406905000');
    expect(() => parseEmvQr(tampered)).toThrow(expect.objectContaining({ code: VietQrErrorCode.BadCrc, message: "The payload's CRC is E1A1 but its content gives " + crcOf(tampered) + '.' }));
  });

  it.each([
    ['no CRC at all', HAND_BUILT.slice(0, -8), 'does not end with a CRC'],
    ['a CRC that is not hex', HAND_BUILT.slice(0, -4) + 'E1AG', 'not four hex digits'],
    ['a length that overruns the payload', withCrc('000201010212540999'), 'declares 9 characters but only 2 remain'],
    ['a length that is not a number', withCrc('0002010102125a03704'), 'no valid tag header at position 12'],
    ['an empty tag', withCrc('00020101021254005802VN'), 'Tag 54 of the payload is empty'],
    ['a tag repeated', withCrc('000201010212530370453037045802VN'), 'Tag 53 appears twice'],
    ['a different payload format', withCrc('00020201021253037045802VN'), 'payload format indicator 01'],
    ['an unknown point of initiation', withCrc('0002010102135303704'), 'must be 11 or 12, not 13'],
    ['no currency', withCrc('0002010102125802VN'), 'no currency (tag 53)'],
    ['a decimal amount', withCrc('00020101021253037045409205000.005802VN'), '"205000.00" is not a whole number'],
    ['an amount with a leading zero', withCrc('0002010102125303704540702050005802VN'), '"0205000" is not a whole number'],
    ['a VietQR account without the account number', withCrc('00020101021238400010A000000727011000069704360208QRIBFTTA53037045802VN'), 'no account number (tag 38.01.01)'],
    ['additional data whose sub-tags overrun', withCrc('00020101021253037045802VN62060815AB'), 'Tag 08 of the additional data (tag 62) declares 15'],
  ])('refuses %s', (_case, payload, reason) => {
    expect(() => parseEmvQr(payload)).toThrow(expect.objectContaining({ code: VietQrErrorCode.Malformed, message: expect.stringContaining(reason) }));
  });
});

function crcOf(payload: string): string {
  return crc16CcittFalse(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0');
}

function withCrc(body: string): string {
  return `${body}6304${crc16CcittFalse(`${body}6304`).toString(16).toUpperCase().padStart(4, '0')}`;
}
