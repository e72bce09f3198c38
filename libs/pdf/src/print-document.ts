/**
 * What the intake prints: a Decree 30/2020 administrative document (forms and slips of
 * Level 2, results of Level 4). Plain data, so a form is a value a test can build and compare.
 */
export interface PrintDocument {
  /** e.g. 'PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' */
  title: string;
  subtitle?: string;
  /** The top-left block: the governing body, then the agency (Decree 30/2020 layout). */
  issuer?: { superior?: string; name: string };
  /** 'Số: ...' under the issuer. */
  reference?: string;
  /** Top right, under the national motto, e.g. 'Hà Nội, ngày 02 tháng 12 năm 2026'. */
  placeAndDate?: string;
  blocks: PrintBlock[];
  /** A QR image with its caption, e.g. a verification URL and a short code. */
  qr?: { text: string; caption: string };
  metadata?: { title?: string; author?: string; subject?: string; createdAt?: Date };
}

export type PrintBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Without a value the field prints dotted line(s) to fill in by hand. */
  | { kind: 'field'; label: string; value?: string; lines?: number }
  | { kind: 'checkbox'; label: string; checked?: boolean }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  /** `widths` are relative weights of the columns, not points. */
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  /** The right-hand signature block. */
  | { kind: 'signature'; title: string; name?: string; note?: string };
