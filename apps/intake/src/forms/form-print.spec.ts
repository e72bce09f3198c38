import { applicationFormFixture } from '../__tests__/procedure-fixtures';
import { formToPrint } from './form-print';

const procedure = { code: 'JUS-CRIMINAL-RECORD', version: 3, information: { nameVi: 'Cấp Phiếu lý lịch tư pháp', handlingAgencyVi: 'Sở Tư pháp' } };

describe(formToPrint.name, () => {
  it('lays out a blank form: national header, addressee, one block per field in order, the signature left to the hand', () => {
    const document = formToPrint(procedure, applicationFormFixture());
    expect(document).toMatchObject({
      title: 'TỜ KHAI THỬ NGHIỆM',
      subtitle: 'Cấp Phiếu lý lịch tư pháp',
      issuer: { superior: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', name: 'Độc lập - Tự do - Hạnh phúc' },
      reference: 'Mẫu TK-TEST (thủ tục JUS-CRIMINAL-RECORD, phiên bản 3)',
      placeAndDate: expect.stringMatching(/ngày \.+ tháng \.+ năm/),
      metadata: { title: 'Tờ khai thử nghiệm', author: 'Sở Tư pháp', subject: 'Cấp Phiếu lý lịch tư pháp' },
    });
    expect(document.qr).toBeUndefined();
    expect(document.blocks).toEqual([
      { kind: 'paragraph', text: 'Kính gửi: Sở Tư pháp' },
      { kind: 'field', label: 'Họ, chữ đệm và tên (*)' },
      { kind: 'field', label: 'Số định danh cá nhân' },
      { kind: 'field', label: 'Ngày, tháng, năm sinh' },
      { kind: 'paragraph', text: 'Loại phiếu:' },
      { kind: 'checkbox', label: 'Phiếu số 1', checked: false },
      { kind: 'checkbox', label: 'Phiếu số 2', checked: false },
      { kind: 'field', label: 'Số bản sao (*)' },
      { kind: 'checkbox', label: 'Nhận kết quả qua bưu điện', checked: false },
      { kind: 'field', label: 'Ghi chú', lines: 6 },
      { kind: 'paragraph', text: expect.stringMatching(/^Tôi xin cam đoan/) },
      { kind: 'signature', title: 'NGƯỜI KHAI', note: '(Ký, ghi rõ họ, chữ đệm, tên)' },
      { kind: 'paragraph', text: '(*) Thông tin bắt buộc.' },
    ]);
  });

  it('fills in the answers, ticks the chosen boxes, and prints the dossier code as a QR code', () => {
    const issuedAt = new Date('2026-12-01T03:00:00Z');
    const document = formToPrint(procedure, applicationFormFixture(), {
      answers: { hoTen: 'Nguyễn Thị Bình', personalId: '001099012345', soBanSao: 0, loaiPhieu: 'Phiếu số 2', nhanQuaBuuDien: true },
      issuedAt,
      dossierCode: '000.00.12.H26-261201-0001',
    });
    expect(document.blocks).toEqual(
      expect.arrayContaining([
        { kind: 'field', label: 'Họ, chữ đệm và tên (*)', value: 'Nguyễn Thị Bình' },
        { kind: 'field', label: 'Số định danh cá nhân', value: '001099012345' },
        { kind: 'field', label: 'Ngày, tháng, năm sinh' },
        { kind: 'checkbox', label: 'Phiếu số 1', checked: false },
        { kind: 'checkbox', label: 'Phiếu số 2', checked: true },
        { kind: 'field', label: 'Số bản sao (*)', value: '0' },
        { kind: 'checkbox', label: 'Nhận kết quả qua bưu điện', checked: true },
      ]),
    );
    expect(document.qr).toEqual({ text: '000.00.12.H26-261201-0001', caption: 'Mã hồ sơ: 000.00.12.H26-261201-0001' });
    expect(document.metadata?.createdAt).toBe(issuedAt);
  });
});
