import { placeAndDate, vietnameseDate, type PrintBlock, type PrintDocument } from '@app/pdf';
import type { Channel } from '../procedures/procedure-information';
import type { Letterhead } from '../printing/letterhead.service';

/** The four slips of Circular 01/2018/TT-VPCP's one-stop desk (its forms 01 to 04). */
export const SLIP_KINDS = ['receipt', 'supplement', 'refusal', 'apology'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

const CHANNEL_VI: Record<Channel, string> = { in_person: 'Trực tiếp tại Bộ phận Một cửa', post: 'Qua dịch vụ bưu chính', online: 'Trực tuyến' };

export interface SlipDossier {
  readonly dossierCode: string | null;
  readonly procedureNameVi: string;
  readonly personalId: string;
  readonly submittedAt: string | null;
}

const who = (dossier: SlipDossier): PrintBlock[] => [
  { kind: 'field', label: 'Số định danh cá nhân của người nộp', value: dossier.personalId },
  { kind: 'field', label: 'Thủ tục', value: dossier.procedureNameVi },
];

const officerSignature: PrintBlock = { kind: 'signature', title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)' };

/** Form 01: receipt of the dossier and the day its result is due. */
export function receiptSlip(
  letterhead: Letterhead,
  dossier: SlipDossier & { readonly dossierCode: string },
  facts: {
    readonly receivedOn: string;
    readonly appointmentDate: string;
    readonly components: readonly { readonly name: string; readonly source: string }[];
    readonly feeVnd: number | null;
    readonly returnChannel: Channel | null;
  },
): PrintDocument {
  return {
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    issuer: { superior: letterhead.superior, name: letterhead.name },
    reference: dossier.dossierCode,
    placeAndDate: placeAndDate(letterhead.place, facts.receivedOn),
    blocks: [
      { kind: 'paragraph', text: `${letterhead.name} đã tiếp nhận hồ sơ của:` },
      ...who(dossier),
      { kind: 'field', label: 'Mã hồ sơ', value: dossier.dossierCode },
      { kind: 'heading', text: 'Thành phần hồ sơ' },
      { kind: 'table', columns: ['TT', 'Tên giấy tờ', 'Hình thức'], rows: facts.components.map((component, index) => [String(index + 1), component.name, component.source]), widths: [1, 7, 4] },
      { kind: 'field', label: 'Phí, lệ phí', value: facts.feeVnd ? `${facts.feeVnd.toLocaleString('vi-VN')} đồng` : 'Không' },
      { kind: 'field', label: 'Thời gian trả kết quả', value: `Ngày ${vietnameseDate(facts.appointmentDate)}` },
      { kind: 'field', label: 'Hình thức nhận kết quả', value: facts.returnChannel ? CHANNEL_VI[facts.returnChannel] : 'Trực tiếp tại Bộ phận Một cửa' },
      { kind: 'paragraph', text: 'Thời gian giải quyết tạm dừng trong thời gian cơ quan yêu cầu bổ sung hồ sơ.' },
      officerSignature,
    ],
  };
}

/** Form 02: what the citizen must add, and why. */
export function supplementSlip(letterhead: Letterhead, dossier: SlipDossier, request: { readonly requestedOn: string; readonly items: readonly string[]; readonly note: string }): PrintDocument {
  return {
    title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    issuer: { superior: letterhead.superior, name: letterhead.name },
    ...(dossier.dossierCode ? { reference: dossier.dossierCode } : {}),
    placeAndDate: placeAndDate(letterhead.place, request.requestedOn),
    blocks: [
      ...who(dossier),
      { kind: 'paragraph', text: 'Sau khi xem xét, hồ sơ cần được bổ sung, hoàn thiện các nội dung sau:' },
      { kind: 'list', ordered: true, items: [...request.items] },
      { kind: 'field', label: 'Lý do', value: request.note },
      { kind: 'paragraph', text: 'Giấy tờ đã có trong hệ thống và còn hiệu lực sẽ không bị yêu cầu nộp lại. Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ Bộ phận Một cửa.' },
      officerSignature,
    ],
  };
}

/** Form 03: the refusal, with its reason. */
export function refusalSlip(letterhead: Letterhead, dossier: SlipDossier, refusal: { readonly refusedOn: string; readonly reason: string }): PrintDocument {
  return {
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
    issuer: { superior: letterhead.superior, name: letterhead.name },
    placeAndDate: placeAndDate(letterhead.place, refusal.refusedOn),
    blocks: [
      ...who(dossier),
      { kind: 'paragraph', text: 'Cơ quan không tiếp nhận, giải quyết hồ sơ này với lý do sau:' },
      { kind: 'paragraph', text: refusal.reason },
      { kind: 'paragraph', text: 'Xin thông báo để ông/bà được biết và thực hiện.' },
      officerSignature,
    ],
  };
}

/** Form 04: the apology for a late result, with the new appointment. */
export function apologySlip(
  letterhead: Letterhead,
  dossier: SlipDossier & { readonly dossierCode: string },
  apology: { readonly issuedOn: string; readonly previousAppointmentDate: string; readonly newAppointmentDate: string; readonly reason: string },
): PrintDocument {
  return {
    title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
    issuer: { superior: letterhead.superior, name: letterhead.name },
    reference: dossier.dossierCode,
    placeAndDate: placeAndDate(letterhead.place, apology.issuedOn),
    blocks: [
      ...who(dossier),
      { kind: 'paragraph', text: `Ngày hẹn trả kết quả là ngày ${vietnameseDate(apology.previousAppointmentDate)}, nhưng đến nay cơ quan chưa trả được kết quả.` },
      { kind: 'field', label: 'Lý do', value: apology.reason },
      { kind: 'paragraph', text: `${letterhead.name} xin lỗi ông/bà và hẹn trả kết quả vào ngày ${vietnameseDate(apology.newAppointmentDate)}.` },
      { kind: 'signature', title: `THỦ TRƯỞNG ${letterhead.name}`, note: '(Ký, ghi rõ họ tên và đóng dấu)' },
    ],
  };
}
