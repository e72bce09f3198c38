import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxRefundApi } from './refund-api';
import { sandboxBank, type SandboxBank } from './bank-transfers';
import { sandboxSettlements } from './settlements';
import { vnpaySign, vnpaySignatureValid } from './vnpay-signature';

export interface SandboxGatewayOptions {
  readonly port?: number;
  readonly host?: string;
  /** The merchant's HMAC secret, shared with the payment service (SANDBOX_HASH_SECRET). */
  readonly hashSecret: string;
  /** The merchant code the payment service uses (vnp_TmnCode). */
  readonly tmnCode: string;
  /** Where IPNs go: the payment service's `/gateways/sandbox/ipn`. */
  readonly ipnUrl: string;
  /** Delays between IPN attempts, in ms; the IPN is given up after the last (default 1 s, 2 s, 4 s, 8 s, 16 s). */
  readonly ipnRetryDelaysMs?: readonly number[];
  /** The bank of VietQR transfers: where it notifies credits (`/gateways/vietqr/credits`), to which account. Off when absent. */
  readonly bank?: { readonly creditUrl: string; readonly accountNumber: string };
}

export interface IpnDelivery {
  readonly txnRef: string;
  readonly attempt: number;
  /** The merchant's RspCode, or the HTTP failure. */
  readonly answer: string;
}

type Outcome = 'paid' | 'cancelled';

interface Transaction {
  readonly params: Record<string, string>;
  readonly transactionNo: string;
  outcome?: Outcome;
  payDate?: string;
}

export interface RunningSandboxGateway {
  readonly url: string;
  /** Every IPN attempt so far, oldest first. */
  readonly deliveries: readonly IpnDelivery[];
  /** Resolves once the IPN for `txnRef` is acknowledged (00 or 02) or given up. */
  ipnSettled(txnRef: string): Promise<void>;
  /** The simulated bank, when `bank` was given. */
  readonly bank: SandboxBank | undefined;
  stop(): Promise<void>;
}

/**
 * A development stand-in for a Vietnamese payment intermediary, VNPay's protocol: a signed
 * payment URL opens a page with pay, cancel and "let it time out"; paying or cancelling sends a
 * signed server-to-server IPN, retried until the merchant acknowledges it, and redirects the
 * browser back with the same signed parameters; `querydr` answers what became of a transaction.
 * Amounts are VNPay's: `vnp_Amount` is đồng × 100. State is in memory.
 */
export async function startSandboxGateway(options: SandboxGatewayOptions): Promise<RunningSandboxGateway> {
  const transactions = new Map<string, Transaction>();
  const deliveries: IpnDelivery[] = [];
  const settled = new Map<string, Promise<void>>();
  const retryDelays = options.ipnRetryDelaysMs ?? [1_000, 2_000, 4_000, 8_000, 16_000];
  let failNextIpns = 0;
  // Stopping ends the retries too, so a stopped sandbox leaves no timer behind.
  const stopping = new AbortController();
  const refund = sandboxRefundApi(options);
  const bank = options.bank && sandboxBank({ ...options.bank, secret: options.hashSecret, retryDelaysMs: retryDelays, signal: stopping.signal });
  const settlements = sandboxSettlements(options.hashSecret, () =>
    [...transactions.values()].flatMap((t) => (t.outcome ? [{ orderReference: t.params.vnp_TxnRef, gatewayRef: t.transactionNo, amountVnd: Number(t.params.vnp_Amount.slice(0, -2)), paid: t.outcome === 'paid', payDate: t.payDate! }] : [])),
  );

  const sign = (params: Record<string, string>) => ({ ...params, vnp_SecureHash: vnpaySign(params, options.hashSecret) });

  /** The callback parameters VNPay sends, for the IPN and the browser return alike. */
  const callbackParams = (transaction: Transaction): Record<string, string> => {
    const { params } = transaction;
    const paid = transaction.outcome === 'paid';
    return sign({
      vnp_TmnCode: params.vnp_TmnCode,
      vnp_Amount: params.vnp_Amount,
      vnp_CurrCode: params.vnp_CurrCode ?? 'VND',
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: params.vnp_OrderInfo,
      vnp_TxnRef: params.vnp_TxnRef,
      vnp_TransactionNo: transaction.transactionNo,
      vnp_ResponseCode: paid ? '00' : '24',
      vnp_TransactionStatus: paid ? '00' : '02',
      vnp_PayDate: transaction.payDate!,
    });
  };

  const deliverIpn = async (transaction: Transaction): Promise<void> => {
    const txnRef = transaction.params.vnp_TxnRef;
    const url = `${options.ipnUrl}?${new URLSearchParams(callbackParams(transaction)).toString()}`;
    for (let attempt = 1; attempt <= retryDelays.length + 1 && !stopping.signal.aborted; attempt += 1) {
      let answer: string;
      if (failNextIpns > 0) {
        failNextIpns -= 1;
        answer = 'not sent (test control: fail-next-ipns)';
      } else {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
          const body = (await response.json().catch(() => undefined)) as { RspCode?: unknown } | undefined;
          answer = typeof body?.RspCode === 'string' ? body.RspCode : `HTTP ${response.status}`;
        } catch (error) {
          answer = error instanceof Error ? error.message : String(error);
        }
      }
      deliveries.push({ txnRef, attempt, answer });
      // VNPay stops on 00 (confirmed) and 02 (already confirmed); anything else is tried again.
      if (answer === '00' || answer === '02') return;
      if (attempt <= retryDelays.length) await sleep(retryDelays[attempt - 1], undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };

  const settle = (transaction: Transaction, outcome: Outcome): void => {
    if (transaction.outcome) return;
    transaction.outcome = outcome;
    transaction.payDate = vnpayTime(new Date());
    settled.set(transaction.params.vnp_TxnRef, deliverIpn(transaction));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    if (request.method === 'GET' && url.pathname === '/paymentv2/vpcpay.html') {
      const params = Object.fromEntries(url.searchParams);
      const refusal = checkPaymentRequest(params, options);
      if (refusal) return html(response, 400, page('Yêu cầu thanh toán không hợp lệ', `<p>${refusal}</p>`));
      const txnRef = params.vnp_TxnRef;
      let transaction = transactions.get(txnRef);
      if (!transaction || !transaction.outcome) {
        transaction = { params, transactionNo: transaction?.transactionNo ?? String(randomInt(10_000_000, 99_999_999)) };
        transactions.set(txnRef, transaction);
      }
      return html(response, 200, paymentPage(transaction));
    }
    if (request.method === 'POST' && (url.pathname === '/paymentv2/pay' || url.pathname === '/paymentv2/cancel' || url.pathname === '/paymentv2/timeout')) {
      const form = new URLSearchParams((await readBody(request)).toString('utf8'));
      const transaction = transactions.get(form.get('vnp_TxnRef') ?? '');
      if (!transaction) return html(response, 404, page('Không tìm thấy giao dịch', '<p>Giao dịch không tồn tại hoặc đã hết hạn.</p>'));
      if (url.pathname === '/paymentv2/timeout') {
        // As a citizen walking away: no IPN, no redirect; the merchant finds out by querying or by its own expiry.
        return html(response, 200, page('Đang chờ', `<p>Giao dịch sẽ hết hạn lúc ${escape(transaction.params.vnp_ExpireDate)} nếu không được thanh toán.</p>`));
      }
      if (isExpired(transaction.params.vnp_ExpireDate)) return html(response, 410, page('Giao dịch đã hết hạn', '<p>Thời gian thanh toán đã hết.</p>'));
      settle(transaction, url.pathname === '/paymentv2/pay' ? 'paid' : 'cancelled');
      const back = `${transaction.params.vnp_ReturnUrl}?${new URLSearchParams(callbackParams(transaction)).toString()}`;
      response.writeHead(302, { location: back }).end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/merchant_webapi/api/transaction') {
      const body = JSON.parse((await readBody(request)).toString('utf8') || '{}') as Record<string, string>;
      return json(response, 200, body.vnp_Command === 'refund' ? refund(body, transactions.get(body.vnp_TxnRef ?? '')) : queryDr(body));
    }
    if (request.method === 'POST' && url.pathname === '/test-control/fail-next-ipns') {
      // Test only: the next N IPN attempts are not sent, as if the merchant were unreachable.
      failNextIpns = Number(url.searchParams.get('count') ?? '1');
      return json(response, 200, { failNextIpns });
    }
    if (bank && (await bank.handle(request, response, url))) return;
    if (settlements.handle(request, response, url)) return;
    json(response, 404, { error: 'not found' });
  };

  const queryDr = (body: Record<string, string>): Record<string, string> => {
    const answer = (fields: Record<string, string>) => sign({ vnp_ResponseId: body.vnp_RequestId ?? '', vnp_Command: 'querydr', vnp_TmnCode: options.tmnCode, ...fields });
    if (!vnpaySignatureValid(body, options.hashSecret) || body.vnp_Command !== 'querydr' || body.vnp_TmnCode !== options.tmnCode) {
      return answer({ vnp_ResponseCode: '97', vnp_Message: 'Invalid signature' });
    }
    const transaction = transactions.get(body.vnp_TxnRef ?? '');
    if (!transaction) return answer({ vnp_ResponseCode: '91', vnp_Message: 'Transaction not found', vnp_TxnRef: body.vnp_TxnRef ?? '' });
    const status = transaction.outcome === 'paid' ? '00' : transaction.outcome === 'cancelled' ? '02' : '01';
    return answer({
      vnp_ResponseCode: '00',
      vnp_Message: 'Query success',
      vnp_TxnRef: transaction.params.vnp_TxnRef,
      vnp_Amount: transaction.params.vnp_Amount,
      vnp_TransactionNo: transaction.transactionNo,
      vnp_TransactionStatus: status,
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    deliveries,
    ipnSettled: async (txnRef) => settled.get(txnRef),
    bank,
    stop: async () => {
      stopping.abort();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Why a payment URL is refused, or undefined: a bad signature or amount allows no payment at all. */
function checkPaymentRequest(params: Record<string, string>, options: SandboxGatewayOptions): string | undefined {
  if (!vnpaySignatureValid(params, options.hashSecret)) return 'Sai chữ ký (vnp_SecureHash).';
  if (params.vnp_TmnCode !== options.tmnCode) return 'Mã website (vnp_TmnCode) không đúng.';
  if (!/^[1-9]\d{0,17}00$/.test(params.vnp_Amount ?? '')) return 'Số tiền (vnp_Amount) phải là số đồng nhân 100.';
  if (!params.vnp_TxnRef || !params.vnp_ReturnUrl || !/^\d{14}$/.test(params.vnp_ExpireDate ?? '')) return 'Thiếu tham số bắt buộc.';
  if (isExpired(params.vnp_ExpireDate)) return 'Giao dịch đã quá hạn thanh toán.';
  return undefined;
}

function paymentPage(transaction: Transaction): string {
  const { params } = transaction;
  const amount = `${params.vnp_Amount.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
  const hidden = `<input type="hidden" name="vnp_TxnRef" value="${escape(params.vnp_TxnRef)}">`;
  const done = transaction.outcome ? `<p>Giao dịch đã ${transaction.outcome === 'paid' ? 'được thanh toán' : 'bị hủy'}.</p>` : '';
  return page(
    'Cổng thanh toán thử nghiệm',
    `<p>${escape(params.vnp_OrderInfo ?? '')}</p><p>Số tiền: <strong>${amount}</strong></p><p>Hết hạn: ${escape(params.vnp_ExpireDate)}</p>${done}
<form method="post" action="/paymentv2/pay">${hidden}<button type="submit">Thanh toán</button></form>
<form method="post" action="/paymentv2/cancel">${hidden}<button type="submit">Hủy giao dịch</button></form>
<form method="post" action="/paymentv2/timeout">${hidden}<button type="submit">Để hết hạn</button></form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}<p><small>Môi trường thử nghiệm: không có tiền thật.</small></p></body></html>`;
}

/** yyyyMMddHHmmss, Vietnam time (GMT+7), as VNPay writes dates. */
function vnpayTime(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

function isExpired(expireDate: string | undefined): boolean {
  return expireDate !== undefined && vnpayTime(new Date()) > expireDate;
}

function escape(text: string | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function html(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
