/**
 * STAND-IN, TO BE DELETED AT MERGE: the API of `@app/pdf`, which another branch writes.
 * It exists only so this branch compiles; it renders nothing. At the merge, delete this file
 * and import `renderPdf` and `PrintDocument` from '@app/pdf' in forms.controller.ts and
 * form-print.ts.
 */
export interface PrintDocument {
  title: string;
  subtitle?: string;
  issuer?: { superior?: string; name: string };
  reference?: string;
  placeAndDate?: string;
  blocks: PrintBlock[];
  qr?: { text: string; caption: string };
  metadata?: { title?: string; author?: string; subject?: string; createdAt?: Date };
}

export type PrintBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'field'; label: string; value?: string; lines?: number }
  | { kind: 'checkbox'; label: string; checked?: boolean }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  | { kind: 'signature'; title: string; name?: string; note?: string };

export function renderPdf(document: PrintDocument): Promise<Buffer> {
  return Promise.reject(new Error(`@app/pdf is not merged into this branch yet; cannot render "${document.title}"`));
}
