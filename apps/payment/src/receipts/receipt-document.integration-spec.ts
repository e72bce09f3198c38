import { renderPdf } from '@app/pdf';
import { pdfText } from '@app/testing';
import { receiptDocument } from './receipt-document';

describe('the receipt PDF', () => {
  it('gives back the amount in words, in figures and the references as printed', async () => {
    const pdf = await renderPdf(
      receiptDocument({
        agencyName: 'UBND PHƯỜNG BA ĐÌNH',
        agencySuperior: 'UBND THÀNH PHỐ HÀ NỘI',
        place: 'Hà Nội',
        receiptNumber: 'BL-2026-000042',
        orderReference: 'HS000123',
        amountVnd: 1_005_000,
        feeLines: [{ label: 'Lệ phí cấp giấy phép xây dựng', amountVnd: 1_005_000 }],
        paidAt: new Date('2026-12-02T03:15:00Z'),
        channel: 'intermediary',
        gateway: 'Sandbox',
        gatewayRef: 'SBX-20261202-0007',
      }),
    );
    const text = (await pdfText(pdf)).normalize('NFC');
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain('Một triệu không trăm linh năm nghìn đồng');
    expect(text).toContain('1.005.000 đồng');
    expect(text).toContain('HS000123');
    expect(text).toContain('SBX-20261202-0007');
    expect(text).toContain('Hà Nội, ngày 02 tháng 12 năm 2026');
  });
});
