import { CsvSyntaxError, parseCsv, writeCsv, type CsvRecord } from './csv';

/**
 * The sandbox gateway's daily settlement file: one CSV (RFC 4180, UTF-8, CRLF) per
 * settlement day, this header first, one row per transaction the gateway settled or failed
 * that day. Amounts are whole đồng; `fee_vnd` is what the gateway keeps of `amount_vnd`.
 */
export const SETTLEMENT_COLUMNS = ['settlement_date', 'gateway_ref', 'order_reference', 'amount_vnd', 'fee_vnd', 'status'] as const;

export const SETTLEMENT_STATUSES = ['success', 'failed'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

export interface SettlementRow {
  /** YYYY-MM-DD, the gateway's settlement day (Vietnam time). */
  settlementDate: string;
  gatewayRef: string;
  orderReference: string;
  amountVnd: number;
  feeVnd: number;
  status: SettlementStatus;
}

export interface SettlementProblem {
  line: number;
  message: string;
}

/** A settlement file that cannot be read; every bad line is listed, none is skipped. */
export class SettlementFileError extends Error {
  constructor(readonly problems: SettlementProblem[]) {
    super(`The settlement file has ${problems.length} problem(s): ${problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`);
    this.name = 'SettlementFileError';
  }
}

const WHOLE = /^(0|[1-9]\d*)$/;
const TOKEN = /^[\x21-\x7E]{1,64}$/;

/**
 * Reads a settlement file, refusing it whole when any line is wrong: a reconciliation that
 * silently dropped a row would report a settled payment as missing, or miss a duplicate.
 */
export function parseSettlementFile(text: string): SettlementRow[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new SettlementFileError([{ line: error.line, message: error.reason }]);
    throw error;
  }
  const [header, ...body] = records;
  if (!header || header.fields.join(',') !== SETTLEMENT_COLUMNS.join(',')) {
    throw new SettlementFileError([{ line: 1, message: `the header must be ${SETTLEMENT_COLUMNS.join(',')}.` }]);
  }
  const problems: SettlementProblem[] = [];
  const rows: SettlementRow[] = [];
  for (const record of body) {
    const row = toRow(record.fields);
    if (typeof row === 'string') problems.push({ line: record.line, message: row });
    else rows.push(row);
  }
  const days = new Set(rows.map((row) => row.settlementDate));
  if (problems.length === 0 && days.size > 1) problems.push({ line: body[0].line, message: `one file holds one settlement day, this one holds ${[...days].sort().join(', ')}.` });
  if (problems.length > 0) throw new SettlementFileError(problems);
  return rows;
}

/** The file for `rows`, checked by the same rules the reader applies. */
export function writeSettlementFile(rows: readonly SettlementRow[]): string {
  const lines = rows.map((row) => [row.settlementDate, row.gatewayRef, row.orderReference, String(row.amountVnd), String(row.feeVnd), row.status]);
  const problems = lines.flatMap((fields, index) => {
    const row = toRow(fields);
    return typeof row === 'string' ? [{ line: index + 2, message: row }] : [];
  });
  if (problems.length > 0) throw new SettlementFileError(problems);
  return writeCsv([[...SETTLEMENT_COLUMNS], ...lines]);
}

/** The row, or why it is not one. */
function toRow(fields: string[]): SettlementRow | string {
  if (fields.length !== SETTLEMENT_COLUMNS.length) return `expected ${SETTLEMENT_COLUMNS.length} fields, found ${fields.length}.`;
  const [settlementDate, gatewayRef, orderReference, amount, fee, status] = fields;
  if (!isCalendarDay(settlementDate)) return `settlement_date "${settlementDate}" is not a YYYY-MM-DD day.`;
  if (!TOKEN.test(gatewayRef)) return `gateway_ref "${gatewayRef}" must be 1 to 64 printable characters without spaces.`;
  if (!TOKEN.test(orderReference)) return `order_reference "${orderReference}" must be 1 to 64 printable characters without spaces.`;
  const amountVnd = wholeVnd(amount);
  if (amountVnd === undefined || amountVnd === 0) return `amount_vnd "${amount}" is not a positive whole number of đồng.`;
  const feeVnd = wholeVnd(fee);
  if (feeVnd === undefined) return `fee_vnd "${fee}" is not a whole number of đồng.`;
  if (feeVnd > amountVnd) return `fee_vnd ${feeVnd} is more than amount_vnd ${amountVnd}.`;
  if (!(SETTLEMENT_STATUSES as readonly string[]).includes(status)) return `status "${status}" is not one of ${SETTLEMENT_STATUSES.join(', ')}.`;
  return { settlementDate, gatewayRef, orderReference, amountVnd, feeVnd, status: status as SettlementStatus };
}

function wholeVnd(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
