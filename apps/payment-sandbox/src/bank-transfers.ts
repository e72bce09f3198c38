import { createHmac, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SandboxBankOptions {
  /** Where credit notifications go: the payment service's `/gateways/vietqr/credits`. */
  readonly creditUrl: string;
  /** The agency's receiving account, as the bank names it in every notification. */
  readonly accountNumber: string;
  readonly secret: string;
  readonly retryDelaysMs: readonly number[];
  readonly signal: AbortSignal;
}

export interface CreditDelivery {
  readonly bankTransactionId: string;
  readonly attempt: number;
  /** The merchant's result (paid, held, duplicate), or the HTTP failure. */
  readonly answer: string;
}

export interface SandboxBank {
  readonly deliveries: readonly CreditDelivery[];
  /** Resolves once the notification of `bankTransactionId` is acknowledged or given up. */
  creditSettled(bankTransactionId: string): Promise<void>;
  /** Answers `POST /bank/transfers` and `POST /bank/transfers/:id/renotify`; false for any other route. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
}

/**
 * The receiving bank of a VietQR transfer, simulated: `POST /bank/transfers {reference,
 * amountVnd, description?}` is the payer's transfer; the bank then notifies the merchant server
 * to server, signed with HMAC-SHA512 over the sorted `name=value` fields (its own copy of the
 * scheme, so a mistake on the merchant's side is not agreed with), until it gets a 200.
 * `POST /bank/transfers/:id/renotify` sends the same notification again, as banks do.
 */
export function sandboxBank(options: SandboxBankOptions): SandboxBank {
  const deliveries: CreditDelivery[] = [];
  const notifications = new Map<string, Record<string, string>>();
  const settled = new Map<string, Promise<void>>();

  const deliver = async (fields: Record<string, string>): Promise<void> => {
    const body = JSON.stringify({ ...fields, signature: sign(fields, options.secret) });
    for (let attempt = 1; attempt <= options.retryDelaysMs.length + 1 && !options.signal.aborted; attempt += 1) {
      let answer: string;
      try {
        const response = await fetch(options.creditUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5_000) });
        const reply = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined;
        answer = response.status === 200 && typeof reply?.result === 'string' ? reply.result : `HTTP ${response.status}`;
        deliveries.push({ bankTransactionId: fields.bankTransactionId, attempt, answer });
        if (response.status === 200) return;
      } catch (error) {
        answer = error instanceof Error ? error.message : String(error);
        deliveries.push({ bankTransactionId: fields.bankTransactionId, attempt, answer });
      }
      if (attempt <= options.retryDelaysMs.length) await sleep(options.retryDelaysMs[attempt - 1], undefined, { signal: options.signal }).catch(() => undefined);
    }
  };

  const notify = (fields: Record<string, string>): void => {
    settled.set(fields.bankTransactionId, deliver(fields));
  };

  return {
    deliveries,
    creditSettled: async (id) => settled.get(id),
    handle: async (request, response, url) => {
      if (request.method !== 'POST') return false;
      const renotify = /^\/bank\/transfers\/([^/]+)\/renotify$/.exec(url.pathname);
      if (renotify) {
        const fields = notifications.get(decodeURIComponent(renotify[1]));
        if (!fields) return reply(response, 404, { error: 'no such transfer' });
        notify(fields);
        return reply(response, 202, { bankTransactionId: fields.bankTransactionId });
      }
      if (url.pathname !== '/bank/transfers') return false;
      const transfer = (await readJson(request)) as { reference?: unknown; amountVnd?: unknown; description?: unknown } | undefined;
      if (typeof transfer?.reference !== 'string' || !Number.isSafeInteger(transfer.amountVnd) || (transfer.amountVnd as number) <= 0) {
        return reply(response, 400, { error: 'a transfer needs a reference and a positive whole amountVnd' });
      }
      const fields = {
        bankTransactionId: `FT${Date.now()}${randomInt(1_000, 9_999)}`,
        accountNumber: options.accountNumber,
        amountVnd: String(transfer.amountVnd),
        // The payer's bank copies the QR code's purpose into the description, often with words around it.
        description: typeof transfer.description === 'string' ? transfer.description : `${transfer.reference} chuyen tien`,
        creditedAt: new Date().toISOString(),
      };
      notifications.set(fields.bankTransactionId, fields);
      notify(fields);
      return reply(response, 202, { bankTransactionId: fields.bankTransactionId });
    },
  };
}

function sign(fields: Record<string, string>, secret: string): string {
  const canonical = Object.keys(fields)
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(fields[name])}`)
    .join('&');
  return createHmac('sha512', secret).update(canonical, 'utf8').digest('hex');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): true {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return true;
}
