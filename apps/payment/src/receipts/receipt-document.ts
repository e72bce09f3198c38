import type { PrintDocument } from '@app/pdf';
import { vndInWords } from './amount-in-words';
import { vietnamTime, vndInFigures } from './vietnam-format';

/** How the money came: online (one of three ways) or, at level 3, at the desk in person or by post. */
export type PaymentChannel = 'vietqr' | 'intermediary' | 'paygov' | 'in_person' | 'post';

const CHANNEL_LABEL: Record<PaymentChannel, string> = {
  vietqr: 'Chuyển khoản ngân hàng (VietQR)',
  intermediary: 'Thanh toán trực tuyến qua tổ chức trung gian thanh toán',
  paygov: 'Nền tảng thanh toán trực tuyến của Cổng Dịch vụ công quốc gia',
  in_person: 'Nộp trực tiếp tại Bộ phận Một cửa',
  post: 'Nộp qua dịch vụ bưu chính',
};

export interface FeeLine {
  /** e.g. 'Lệ phí cấp giấy chứng nhận đăng ký hộ kinh doanh' */
  label: string;
  amountVnd: number;
}

export interface ReceiptFacts {
  /** As Decree 30 prints the issuer: capitals, e.g. 'UBND PHƯỜNG BA ĐÌNH'. */
  agencyName: string;
  agencySuperior?: string;
  /** The place line, e.g. 'Hà Nội'. */
  place: string;
  receiptNumber: string;
  orderReference: string;
  dossierCode?: string;
  /** An opaque reference to the payer (never their name or personal id number here). */
  payerRef?: string;
  procedureName?: string;
  amountVnd: number;
  feeLines: FeeLine[];
  paidAt: Date;
  channel: PaymentChannel;
  /** Who carried the money, e.g. 'Sandbox', 'NAPAS', 'PayGov'. */
  gateway: string;
  /** The gateway's or bank's transaction id, the key for reconciliation and complaints. */
  gatewayRef: string;
}

/**
 * The electronic fee receipt (biên lai thu phí, lệ phí) for a paid order, as a document to
 * render. The amount is printed in figures and in words, and the fee lines must add up to
 * it: a receipt whose lines and total disagree is refused here rather than issued.
 */
export function receiptDocument(facts: ReceiptFacts): PrintDocument {
  if (facts.feeLines.length === 0) throw new RangeError('A receipt needs at least one fee line.');
  for (const line of facts.feeLines) vndInFigures(line.amountVnd);
  const total = facts.feeLines.reduce((sum, line) => sum + line.amountVnd, 0);
  if (!Number.isSafeInteger(total) || total !== facts.amountVnd) {
    throw new RangeError(`The fee lines add up to ${total} đồng but the receipt is for ${facts.amountVnd}.`);
  }
  const paid = vietnamTime(facts.paidAt);
  const optional = (label: string, value: string | undefined) => (value === undefined ? [] : [{ kind: 'field' as const, label, value }]);
  return {
    title: 'BIÊN LAI THU PHÍ, LỆ PHÍ',
    subtitle: '(Biên lai điện tử)',
    issuer: { ...(facts.agencySuperior === undefined ? {} : { superior: facts.agencySuperior }), name: facts.agencyName },
    reference: `Số: ${facts.receiptNumber}`,
    placeAndDate: `${facts.place}, ngày ${paid.day} tháng ${paid.month} năm ${paid.year}`,
    blocks: [
      { kind: 'field', label: 'Mã thanh toán', value: facts.orderReference },
      ...optional('Mã hồ sơ', facts.dossierCode),
      ...optional('Thủ tục hành chính', facts.procedureName),
      ...optional('Mã người nộp', facts.payerRef),
      {
        kind: 'table',
        columns: ['STT', 'Nội dung thu', 'Số tiền'],
        rows: facts.feeLines.map((line, index) => [String(index + 1), line.label, vndInFigures(line.amountVnd)]),
        widths: [1, 6, 3],
      },
      { kind: 'field', label: 'Tổng số tiền', value: vndInFigures(facts.amountVnd) },
      { kind: 'field', label: 'Số tiền bằng chữ', value: vndInWords(facts.amountVnd) },
      { kind: 'field', label: 'Hình thức thanh toán', value: CHANNEL_LABEL[facts.channel] },
      { kind: 'field', label: 'Đơn vị thanh toán', value: facts.gateway },
      { kind: 'field', label: 'Mã giao dịch', value: facts.gatewayRef },
      { kind: 'field', label: 'Thời điểm thanh toán', value: `${paid.clock} ngày ${paid.day}/${paid.month}/${paid.year}` },
      { kind: 'signature', title: 'ĐƠN VỊ THU', name: facts.agencyName },
    ],
    metadata: { title: `Biên lai ${facts.receiptNumber}`, author: facts.agencyName, subject: `Biên lai thu phí, lệ phí ${facts.orderReference}`, createdAt: facts.paidAt },
  };
}
