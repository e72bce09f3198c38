import { renderPdf, type PrintDocument } from '@app/pdf';
import { pdfText, readQrCodes } from '@app/testing';

const nfd = (text: string) => text.normalize('NFD');

/** What a Level 2 slip looks like, with every string typed in decomposed form. */
const slip = (rows: number): PrintDocument => ({
  title: nfd('PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'),
  subtitle: nfd('Phiếu lý lịch tư pháp số 1'),
  issuer: { superior: nfd('UBND THÀNH PHỐ HÀ NỘI'), name: nfd('SỞ TƯ PHÁP') },
  reference: '125/PTN-STP',
  placeAndDate: nfd('Hà Nội, ngày 02 tháng 12 năm 2026'),
  blocks: [
    { kind: 'heading', text: nfd('I. Thông tin hồ sơ') },
    { kind: 'field', label: nfd('Cơ quan tiếp nhận'), value: nfd('Sở Tư pháp thành phố Hà Nội') },
    { kind: 'field', label: nfd('Họ và tên người nộp') },
    { kind: 'field', label: nfd('Địa chỉ liên hệ'), lines: 2 },
    { kind: 'checkbox', label: nfd('Nhận kết quả qua bưu điện'), checked: true },
    { kind: 'checkbox', label: nfd('Nhận kết quả tại bộ phận một cửa') },
    { kind: 'list', ordered: true, items: [nfd('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'), nfd('Bản chụp Căn cước')] },
    { kind: 'heading', text: nfd('II. Giấy tờ đã nhận') },
    {
      kind: 'table',
      columns: ['STT', nfd('Tên giấy tờ'), nfd('Hình thức')],
      widths: [1, 6, 3],
      rows: Array.from({ length: rows }, (_, index) => [String(index + 1), nfd(`Giấy tờ kèm theo thứ ${index + 1}`), nfd('Bản chính')]),
    },
    { kind: 'paragraph', text: nfd('Ngày hẹn trả kết quả: thứ Tư, ngày 09 tháng 12 năm 2026.') },
    { kind: 'signature', title: nfd('NGƯỜI TIẾP NHẬN'), note: nfd('(Ký, ghi rõ họ tên)'), name: nfd('Nguyễn Thị Hồng Nhung') },
  ],
  metadata: { author: nfd('Sở Tư pháp thành phố Hà Nội'), subject: nfd('Phiếu tiếp nhận') },
});

describe('renderPdf', () => {
  it('gives back, through pdftotext, exactly the composed (NFC) Vietnamese words it was given decomposed', async () => {
    const text = await pdfText(await renderPdf(slip(3)));
    for (const words of [
      'Sở Tư pháp thành phố Hà Nội',
      'Phiếu lý lịch tư pháp số 1',
      'Độc lập - Tự do - Hạnh phúc',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Hà Nội, ngày 02 tháng 12 năm 2026',
      'Số: 125/PTN-STP',
      'Giấy tờ kèm theo thứ 3',
      'Nguyễn Thị Hồng Nhung',
      'Nhận kết quả qua bưu điện',
    ]) {
      expect(text).toContain(words);
    }
    expect(text.normalize('NFC')).toBe(text);
  });

  it('prints the national motto even with no issuer, on A4, with no interactive form', async () => {
    const pdf = await renderPdf({ title: 'THÔNG BÁO', blocks: [{ kind: 'paragraph', text: 'Nội dung.' }] });
    expect(await pdfText(pdf)).toMatch(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\s+Độc lập - Tự do - Hạnh phúc/);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(raw).not.toContain('/AcroForm');
  });

  it('breaks a long table across pages and loses no row', async () => {
    const text = await pdfText(await renderPdf(slip(80)));
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const row of [1, 40, 79, 80]) expect(text).toContain(`Giấy tờ kèm theo thứ ${row}`);
    expect(pages.at(-1)).toContain('Nguyễn Thị Hồng Nhung');
    // Decree 30 numbers the pages from the second on.
    pages.slice(1).forEach((page, index) => expect(page.trimStart().split('\n')[0]).toBe(String(index + 2)));
    expect(pages[0]).not.toMatch(/^\s*1\n/);
  });

  it('prints a QR code that a scanner reads back to the exact text, with its caption', async () => {
    const url = 'https://dichvucong.hanoi.example.vn/tra-cuu/ket-qua?ma=STP-2026-000125&kiem-tra=7F3K9Q';
    const pdf = await renderPdf({ ...slip(2), qr: { text: url, caption: nfd('Mã tra cứu: 7F3K9Q') } });
    expect(await readQrCodes(pdf)).toEqual([url]);
    expect(await pdfText(pdf)).toContain('Mã tra cứu: 7F3K9Q');
  });
});
