import { receiptDocument, type ReceiptFacts } from './receipt-document';
import { vietnamTime, vndInFigures } from './vietnam-format';

const receiptFacts = (overrides: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  agencyName: 'UBND PHƯỜNG BA ĐÌNH',
  agencySuperior: 'UBND THÀNH PHỐ HÀ NỘI',
  place: 'Hà Nội',
  receiptNumber: 'BL-2026-000042',
  orderReference: 'HS000123',
  dossierCode: '000.00.01.H26-261202-0001',
  procedureName: 'Đăng ký hộ kinh doanh',
  amountVnd: 205_000,
  feeLines: [
    { label: 'Lệ phí đăng ký hộ kinh doanh', amountVnd: 100_000 },
    { label: 'Phí cung cấp thông tin', amountVnd: 105_000 },
  ],
  // 17:30 UTC on 1 December is 00:30 on 2 December in Vietnam.
  paidAt: new Date('2026-12-01T17:30:05Z'),
  channel: 'vietqr',
  gateway: 'NAPAS',
  gatewayRef: 'FT26336123456789',
  ...overrides,
});

describe(receiptDocument.name, () => {
  it('prints the amount in figures and words, the references and the Vietnam date', () => {
    const document = receiptDocument(receiptFacts());
    expect(document).toMatchObject({
      title: 'BIÊN LAI THU PHÍ, LỆ PHÍ',
      subtitle: '(Biên lai điện tử)',
      issuer: { superior: 'UBND THÀNH PHỐ HÀ NỘI', name: 'UBND PHƯỜNG BA ĐÌNH' },
      reference: 'Số: BL-2026-000042',
      placeAndDate: 'Hà Nội, ngày 02 tháng 12 năm 2026',
    });
    expect(document.blocks).toEqual([
      { kind: 'field', label: 'Mã thanh toán', value: 'HS000123' },
      { kind: 'field', label: 'Mã hồ sơ', value: '000.00.01.H26-261202-0001' },
      { kind: 'field', label: 'Thủ tục hành chính', value: 'Đăng ký hộ kinh doanh' },
      {
        kind: 'table',
        columns: ['STT', 'Nội dung thu', 'Số tiền'],
        rows: [
          ['1', 'Lệ phí đăng ký hộ kinh doanh', '100.000 đồng'],
          ['2', 'Phí cung cấp thông tin', '105.000 đồng'],
        ],
        widths: [1, 6, 3],
      },
      { kind: 'field', label: 'Tổng số tiền', value: '205.000 đồng' },
      { kind: 'field', label: 'Số tiền bằng chữ', value: 'Hai trăm linh năm nghìn đồng' },
      { kind: 'field', label: 'Hình thức thanh toán', value: 'Chuyển khoản ngân hàng (VietQR)' },
      { kind: 'field', label: 'Đơn vị thanh toán', value: 'NAPAS' },
      { kind: 'field', label: 'Mã giao dịch', value: 'FT26336123456789' },
      { kind: 'field', label: 'Thời điểm thanh toán', value: '00:30:05 ngày 02/12/2026' },
      { kind: 'signature', title: 'ĐƠN VỊ THU', name: 'UBND PHƯỜNG BA ĐÌNH' },
    ]);
  });

  it('prints the payer reference when there is one and leaves out what is not given', () => {
    const document = receiptDocument(receiptFacts({ payerRef: 'CD-7F3A', dossierCode: undefined, procedureName: undefined, agencySuperior: undefined, channel: 'paygov' }));
    const labels = document.blocks.flatMap((block) => (block.kind === 'field' ? [block.label] : []));
    expect(labels).toEqual(['Mã thanh toán', 'Mã người nộp', 'Tổng số tiền', 'Số tiền bằng chữ', 'Hình thức thanh toán', 'Đơn vị thanh toán', 'Mã giao dịch', 'Thời điểm thanh toán']);
    expect(document.issuer).toEqual({ name: 'UBND PHƯỜNG BA ĐÌNH' });
    expect(document.blocks).toContainEqual({ kind: 'field', label: 'Hình thức thanh toán', value: 'Nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia' });
  });

  it.each([
    ['fee lines that do not add up to the amount', { amountVnd: 200_000 }],
    ['no fee lines', { feeLines: [], amountVnd: 0 }],
    ['a fractional fee line', { feeLines: [{ label: 'Lệ phí', amountVnd: 0.5 }], amountVnd: 0.5 }],
    ['a negative fee line', { feeLines: [{ label: 'Lệ phí', amountVnd: 205_001 }, { label: 'Giảm', amountVnd: -1 }] }],
  ])('refuses %s', (_case, overrides: Partial<ReceiptFacts>) => {
    expect(() => receiptDocument(receiptFacts(overrides))).toThrow(RangeError);
  });
});

describe(vndInFigures.name, () => {
  it.each([
    [0, '0 đồng'],
    [999, '999 đồng'],
    [1000, '1.000 đồng'],
    [205_000, '205.000 đồng'],
    [1_234_567_891, '1.234.567.891 đồng'],
  ])('%i → %s', (amount, text) => {
    expect(vndInFigures(amount)).toBe(text);
  });
});

describe(vietnamTime.name, () => {
  it('is UTC+7 across the new year', () => {
    expect(vietnamTime(new Date('2026-12-31T17:00:00Z'))).toEqual({ day: '01', month: '01', year: '2027', clock: '00:00:00' });
  });
});
