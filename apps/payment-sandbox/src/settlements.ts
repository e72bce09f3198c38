import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A transaction the sandbox finished, as its settlement file reports it. */
export interface FinishedTransaction {
  readonly orderReference: string;
  readonly gatewayRef: string;
  readonly amountVnd: number;
  readonly paid: boolean;
  /** yyyyMMddHHmmss, Vietnam time. */
  readonly payDate: string;
}

export interface SandboxSettlements {
  /** Answers `GET /settlements/:date.csv` and the settlement test control; false for any other route. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): boolean;
}

const HEADER = 'settlement_date,gateway_ref,order_reference,amount_vnd,fee_vnd,status';

/**
 * The intermediary's daily settlement file: every transaction finished on that Vietnam day,
 * paid ones `success` less a 1.1 % fee, cancelled ones `failed`, in the format of
 * apps/payment/src/reconciliation/settlement-file.ts (written here on its own, like the
 * signature). The merchant fetches it with `Authorization: Bearer <hex HMAC-SHA512(secret,
 * "settlement:" + date)>`, so the secret itself never travels.
 *
 * Test control: `POST /test-control/settle-amount?txnRef=&amountVnd=` makes the file report
 * another amount for one transaction, as a gateway's mistake would.
 */
export function sandboxSettlements(secret: string, finished: () => readonly FinishedTransaction[]): SandboxSettlements {
  const reportedAmount = new Map<string, number>();
  return {
    handle: (request, response, url) => {
      if (request.method === 'POST' && url.pathname === '/test-control/settle-amount') {
        reportedAmount.set(url.searchParams.get('txnRef') ?? '', Number(url.searchParams.get('amountVnd')));
        return send(response, 200, 'application/json', '{}');
      }
      const match = /^\/settlements\/(\d{4}-\d{2}-\d{2})\.csv$/.exec(url.pathname);
      if (request.method !== 'GET' || !match) return false;
      const date = match[1];
      if (!authorized(request.headers.authorization, settlementToken(secret, date))) return send(response, 401, 'application/json', '{"error":"bad settlement token"}');
      const rows = finished()
        .filter((transaction) => `${transaction.payDate.slice(0, 4)}-${transaction.payDate.slice(4, 6)}-${transaction.payDate.slice(6, 8)}` === date)
        .map((transaction) => {
          const amount = reportedAmount.get(transaction.orderReference) ?? transaction.amountVnd;
          const fee = transaction.paid ? Number((BigInt(amount) * 11n) / 1000n) : 0;
          return [date, transaction.gatewayRef, transaction.orderReference, amount, fee, transaction.paid ? 'success' : 'failed'].join(',');
        });
      return send(response, 200, 'text/csv; charset=utf-8', [HEADER, ...rows].map((line) => `${line}\r\n`).join(''));
    },
  };
}

export function settlementToken(secret: string, date: string): string {
  return createHmac('sha512', secret).update(`settlement:${date}`, 'utf8').digest('hex');
}

function authorized(header: string | undefined, expected: string): boolean {
  const given = /^Bearer ([0-9a-f]{128})$/.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}

function send(response: ServerResponse, status: number, type: string, body: string): true {
  response.writeHead(status, { 'content-type': type }).end(body);
  return true;
}
