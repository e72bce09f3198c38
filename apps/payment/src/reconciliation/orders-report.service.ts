import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page } from '@app/platform';
import { writeCsv } from './csv';
import { ReconciliationErrorCode } from './reconciliation-error-code';
import { inert } from './reconciliation-view';

/** One order as the agency's accountant reads it; the gateway fee is known once a reconciliation matched it. */
export interface OrderReportLine {
  readonly orderId: string;
  readonly dossierId: string;
  readonly procedureCode: string;
  readonly feeCode: string;
  readonly amountVnd: number;
  readonly channel: string;
  readonly status: string;
  readonly gateway: string | null;
  readonly gatewayRef: string | null;
  /** What the gateway kept, from the latest reconciliation that matched the order; null before. */
  readonly gatewayFeeVnd: number | null;
  readonly createdAt: string;
  readonly paidAt: string | null;
}

const MAX_DAYS = 366;
const MAX_CSV_ROWS = 50_000;
const CSV_COLUMNS: (keyof OrderReportLine)[] = ['orderId', 'dossierId', 'procedureCode', 'feeCode', 'amountVnd', 'channel', 'status', 'gateway', 'gatewayRef', 'gatewayFeeVnd', 'createdAt', 'paidAt'];

interface Row {
  id: string;
  dossier_id: string;
  procedure_code: string;
  fee_code: string;
  amount_vnd: string;
  channel: string;
  status: string;
  gateway: string | null;
  gateway_transaction_no: string | null;
  fee_vnd: string | null;
  created_at: Date;
  paid_at: Date | null;
}

/** An agency's orders created between two Vietnam days, inclusive: paged JSON, or one CSV. */
@Injectable()
export class OrdersReportService {
  constructor(private readonly dataSource: DataSource) {}

  async page(agencyCode: string, from: string, to: string, limit: number, cursor: string | undefined): Promise<Page<OrderReportLine>> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, [isTimestampKey, isUuidKey]);
    const rows = await this.rows(agencyCode, from, to, limit + 1, after);
    return toPage(rows, limit, (row) => [row.created_at.toISOString(), row.id], line);
  }

  async csv(agencyCode: string, from: string, to: string): Promise<string> {
    const rows = await this.rows(agencyCode, from, to, MAX_CSV_ROWS + 1);
    if (rows.length > MAX_CSV_ROWS) throw new ApiError(HttpStatus.BAD_REQUEST, ReconciliationErrorCode.InvalidRange, `More than ${MAX_CSV_ROWS} orders: ask for a shorter range.`);
    const lines = rows.map(line).map((report) => CSV_COLUMNS.map((column) => inert(report[column] === null ? '' : String(report[column]))));
    return `\uFEFF${writeCsv([CSV_COLUMNS, ...lines])}`;
  }

  private rows(agencyCode: string, from: string, to: string, limit: number, after?: (string | number)[]): Promise<Row[]> {
    const start = Date.parse(`${from}T00:00:00+07:00`);
    const end = Date.parse(`${to}T00:00:00+07:00`) + 86_400_000;
    if (end <= start || end - start > MAX_DAYS * 86_400_000) {
      throw new ApiError(HttpStatus.BAD_REQUEST, ReconciliationErrorCode.InvalidRange, `The range must run forwards and span at most ${MAX_DAYS} days.`);
    }
    const params: unknown[] = [agencyCode, new Date(start), new Date(end), limit];
    if (after) params.push(after[0], after[1]);
    return this.dataSource.query(
      `SELECT o.id, o.dossier_id, o.procedure_code, o.fee_code, o.amount_vnd, o.channel, o.status, o.gateway, o.gateway_transaction_no, o.created_at, o.paid_at, fee.fee_vnd
         FROM payment_order o
         LEFT JOIN LATERAL (
           SELECT line->>'feeVnd' AS fee_vnd
             FROM reconciliation_run r, jsonb_array_elements(r.report->'lines') line
            WHERE line->>'orderId' = o.id::text AND line->>'result' = 'matched'
            ORDER BY r.created_at DESC LIMIT 1) fee ON true
        WHERE o.agency_code = $1 AND o.created_at >= $2 AND o.created_at < $3 ${after ? 'AND (o.created_at, o.id) > ($5, $6)' : ''}
        ORDER BY o.created_at, o.id
        LIMIT $4`,
      params,
    );
  }
}

function line(row: Row): OrderReportLine {
  return {
    orderId: row.id,
    dossierId: row.dossier_id,
    procedureCode: row.procedure_code,
    feeCode: row.fee_code,
    amountVnd: vnd(row.amount_vnd)!,
    channel: row.channel,
    status: row.status,
    gateway: row.gateway,
    gatewayRef: row.gateway_transaction_no,
    gatewayFeeVnd: vnd(row.fee_vnd),
    createdAt: row.created_at.toISOString(),
    paidAt: row.paid_at?.toISOString() ?? null,
  };
}

function vnd(value: string | null): number | null {
  if (value === null) return null;
  const amount = Number(value);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${value} is not a whole number of đồng`);
  return amount;
}
