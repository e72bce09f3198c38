import { parseEmvQr, vietQrPayload } from '../../vietqr/vietqr-payload';
import { orderIdPrefixOf, vietQrReference } from './vietqr-reference';

describe(vietQrReference.name, () => {
  const id = '6f1c0d6e-8d3b-4c59-9a7c-1b2a3c4d5e6f';

  it('is 25 characters of A–Z and 0–9, stable, and fits the QR code purpose field', () => {
    const reference = vietQrReference(id);
    expect(reference).toBe('DVC6F1C0D6E8D3B4C599A7C1B');
    expect(reference).toMatch(/^[A-Z0-9]{25}$/);
    expect(vietQrReference(id.toUpperCase())).toBe(reference);
    const payload = vietQrPayload({ bankBin: '970436', accountNumber: '0011001234567', amountVnd: 205_000, reference });
    expect(parseEmvQr(payload).reference).toBe(reference);
  });

  it('reads back the id prefix, whatever the case and surrounding spaces, and nothing else', () => {
    expect(orderIdPrefixOf(' dvc6f1c0d6e8d3b4c599a7c1b ')).toBe('6f1c0d6e8d3b4c599a7c1b');
    expect(orderIdPrefixOf('DVC6F1C0D6E8D3B4C599A7C1')).toBeUndefined();
    expect(orderIdPrefixOf('HS000123')).toBeUndefined();
    expect(orderIdPrefixOf('DVC6F1C0D6E8D3B4C599A7C1BX')).toBeUndefined();
  });
});
