import type { FormAnswers, FormTemplate, ProcedureInformation } from '../procedures/procedure-information';
import type { PrintBlock, PrintDocument } from '@app/pdf';

/** The procedure a printed form belongs to, and the version whose form it is. */
export interface PrintedProcedure {
  readonly code: string;
  readonly version: number;
  readonly information: Pick<ProcedureInformation, 'nameVi' | 'handlingAgencyVi'>;
}

export interface FieldSchema {
  readonly type?: unknown;
  readonly title?: unknown;
  readonly description?: unknown;
  readonly enum?: readonly unknown[];
  readonly maxLength?: unknown;
}

/** A long free-text answer gets several ruled lines on paper. */
const LINE_LENGTH = 90;
const MAX_LINES = 6;

/**
 * A form as a paper form to print and fill by hand (L2 and up), blank or prefilled. The
 * national header and "Kính gửi" come first, then one block per field in the schema's order:
 * a ruled line (several for long text), a tick box for a yes/no field, a tick box per choice
 * for an enumeration. A blank form leaves the date and the signature to the hand.
 */
export function formToPrint(procedure: PrintedProcedure, form: FormTemplate, options: { answers?: FormAnswers; issuedAt?: Date; dossierCode?: string } = {}): PrintDocument {
  const answers = options.answers ?? {};
  const required = new Set(Array.isArray(form.schema.required) ? (form.schema.required as string[]) : []);
  const fields = Object.entries((form.schema.properties ?? {}) as Record<string, FieldSchema>);
  const blocks: PrintBlock[] = [{ kind: 'paragraph', text: `Kính gửi: ${procedure.information.handlingAgencyVi}` }];
  for (const [name, field] of fields) blocks.push(...fieldBlocks(field, label(name, field, required.has(name)), answers[name]));
  blocks.push(
    { kind: 'paragraph', text: 'Tôi xin cam đoan những thông tin khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình.' },
    { kind: 'signature', title: 'NGƯỜI KHAI', note: '(Ký, ghi rõ họ, chữ đệm, tên)' },
  );
  if (required.size > 0) blocks.push({ kind: 'paragraph', text: '(*) Thông tin bắt buộc.' });
  return {
    title: form.titleVi.toLocaleUpperCase('vi'),
    subtitle: procedure.information.nameVi,
    issuer: { superior: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', name: 'Độc lập - Tự do - Hạnh phúc' },
    reference: `Mẫu ${form.code} (thủ tục ${procedure.code}, phiên bản ${procedure.version})`,
    placeAndDate: '......................., ngày ...... tháng ...... năm ............',
    blocks,
    ...(options.dossierCode ? { qr: { text: options.dossierCode, caption: `Mã hồ sơ: ${options.dossierCode}` } } : {}),
    metadata: { title: form.titleVi, author: procedure.information.handlingAgencyVi, subject: procedure.information.nameVi, ...(options.issuedAt ? { createdAt: options.issuedAt } : {}) },
  };
}

function label(name: string, field: FieldSchema, required: boolean): string {
  const title = typeof field.title === 'string' ? field.title : name;
  return required ? `${title} (*)` : title;
}

function fieldBlocks(field: FieldSchema, text: string, answer: string | number | boolean | undefined): PrintBlock[] {
  if (field.enum) {
    return [{ kind: 'paragraph', text: `${text}:` }, ...field.enum.map((choice): PrintBlock => ({ kind: 'checkbox', label: String(choice), checked: answer === choice }))];
  }
  if (field.type === 'boolean') return [{ kind: 'checkbox', label: text, checked: answer === true }];
  const lines = typeof field.maxLength === 'number' ? Math.min(MAX_LINES, Math.max(1, Math.ceil(field.maxLength / LINE_LENGTH / 2))) : 1;
  return [{ kind: 'field', label: text, ...(answer === undefined ? {} : { value: String(answer) }), ...(lines > 1 ? { lines } : {}) }];
}
