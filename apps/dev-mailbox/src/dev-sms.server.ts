import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorAnswer, json, queryOf, readBody } from './http-answers';

export interface SmsRecord {
  readonly id: string;
  readonly to: string;
  readonly text: string;
  readonly reference: string;
  readonly receivedAt: string;
}

export interface RunningDevSms {
  readonly url: string;
  messages(filter?: { to?: string }): SmsRecord[];
  /** The next `count` sends answer `status` (503: try later; 422: never). */
  failNext(fault: { count: number; status: number; code?: string }): void;
  clear(): void;
  stop(): Promise<void>;
}

const VN_MOBILE = /^(0|\+84)(3|5|7|8|9)\d{8}$/;
const MAX_BODY = 16 * 1024;

/**
 * A development SMS provider that is also the handset: `POST /v1/messages` with a bearer key
 * and `{ to, text, reference }`. A repeated `reference` is answered with the first message's id
 * and not kept twice, as real brand-name providers do with their request id.
 */
export async function startDevSms(options: { port?: number; host?: string; apiKey: string }): Promise<RunningDevSms> {
  const host = options.host ?? '127.0.0.1';
  const key = Buffer.from(`Bearer ${options.apiKey}`);
  const stored: SmsRecord[] = [];
  const faults: { count: number; status: number; code: string }[] = [];
  const select = (to?: string) => [...stored].reverse().filter((sms) => !to || sms.to === to);

  const server = createServer((request, response) => {
    const url = queryOf(request);
    if (url.pathname !== '/v1/messages') return errorAnswer(response, 404, 'NOT_FOUND', 'The SMS sandbox has /v1/messages.');
    if (request.method === 'GET') return json(response, 200, { items: select(url.searchParams.get('to') ?? undefined) });
    if (request.method !== 'POST') return errorAnswer(response, 405, 'METHOD_NOT_ALLOWED', 'Send with POST, list with GET.');
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== key.length || !timingSafeEqual(given, key)) return errorAnswer(response, 401, 'UNAUTHENTICATED', 'A valid bearer API key is required.');
    void readBody(request, MAX_BODY).then((text) => {
      if (text === undefined) return errorAnswer(response, 413, 'TOO_LARGE', `A message request is at most ${MAX_BODY} bytes.`);
      let body: { to?: unknown; text?: unknown; reference?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return errorAnswer(response, 400, 'INVALID_JSON', 'The body is not JSON.');
      }
      if (typeof body.to !== 'string' || !VN_MOBILE.test(body.to)) return errorAnswer(response, 400, 'INVALID_MESSAGE', 'to must be a Vietnamese mobile number (0912345678 or +84912345678).');
      if (typeof body.text !== 'string' || body.text.length < 1 || body.text.length > 1_000) return errorAnswer(response, 400, 'INVALID_MESSAGE', 'text must be 1 to 1000 characters.');
      if (typeof body.reference !== 'string' || body.reference.length < 1 || body.reference.length > 100) return errorAnswer(response, 400, 'INVALID_MESSAGE', 'reference must be 1 to 100 characters.');
      const fault = faults[0];
      if (fault) {
        if (fault.count <= 1) faults.shift();
        else fault.count -= 1;
        return errorAnswer(response, fault.status, fault.code, `The sandbox was told to answer ${fault.status}.`);
      }
      const known = stored.find((sms) => sms.reference === body.reference);
      if (known) return json(response, 200, { id: known.id, status: 'delivered', duplicate: true });
      const sms: SmsRecord = { id: randomUUID(), to: body.to, text: body.text, reference: body.reference, receivedAt: new Date().toISOString() };
      stored.push(sms);
      json(response, 200, { id: sms.id, status: 'delivered', duplicate: false });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8026, host, () => resolve());
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    messages: (filter = {}) => select(filter.to),
    failNext: (fault) => void faults.push({ code: fault.code ?? `SANDBOX_${fault.status}`, count: fault.count, status: fault.status }),
    clear: () => {
      stored.length = 0;
      faults.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
