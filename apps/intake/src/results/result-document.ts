import { placeAndDate, type PrintDocument } from '@app/pdf';
import type { Letterhead } from '../printing/letterhead.service';

export interface ResultContent {
  readonly titleVi: string;
  readonly resultNumber: string;
  readonly dossierCode: string;
  readonly procedureNameVi: string;
  readonly personalId: string;
  readonly summary: string;
  readonly lines: readonly { readonly label: string; readonly value: string }[];
  readonly issuedOn: string;
  readonly verificationUrl: string;
  readonly verificationCode: string;
}

/**
 * The electronic result as a Decree 30/2020 document: letterhead, number, the decision in the
 * officer's words, and a QR code with the short code, which lead anyone holding it to the
 * public verification page. The signature is the agency's digital one; the block says so.
 */
export function resultDocument(letterhead: Letterhead, content: ResultContent): PrintDocument {
  return {
    title: content.titleVi.toUpperCase(),
    issuer: { superior: letterhead.superior, name: letterhead.name },
    reference: `Số: ${content.resultNumber}`,
    placeAndDate: placeAndDate(letterhead.place, content.issuedOn),
    blocks: [
      { kind: 'field', label: 'Mã hồ sơ', value: content.dossierCode },
      { kind: 'field', label: 'Thủ tục', value: content.procedureNameVi },
      { kind: 'field', label: 'Số định danh cá nhân', value: content.personalId },
      ...content.lines.map((line) => ({ kind: 'field' as const, label: line.label, value: line.value })),
      { kind: 'paragraph', text: content.summary },
      { kind: 'signature', title: `THỦ TRƯỞNG ${letterhead.name}`, note: 'Đã ký số' },
      {
        kind: 'paragraph',
        text: `Văn bản điện tử có giá trị pháp lý như bản giấy. Kiểm tra tính xác thực tại ${content.verificationUrl} với mã tra cứu ${content.verificationCode}.`,
      },
    ],
    qr: { text: content.verificationUrl, caption: `Mã tra cứu: ${content.verificationCode}` },
    metadata: { title: content.titleVi, author: letterhead.name, subject: content.procedureNameVi },
  };
}
