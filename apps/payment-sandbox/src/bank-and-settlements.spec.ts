import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxGateway } from './sandbox-gateway.server';
import { settlementToken } from './settlements';
import { vnpaySign } from './vnpay-signature';

const SECRET = 'sandbox-bank-secret-0123456789';

/** A merchant that answers the first `failures` notifications with 503, then 200 `{result: 'paid'}`. */
async function merchant(failures: number) {
  const received: Record<string, string>[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>);
      if (received.length <= failures) response.writeHead(503).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"acknowledged":true,"result":"paid"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/credits`, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the sandbox bank and settlement file', () => {
  it('notifies a transfer signed over the sorted fields, retrying until the merchant answers 200', async () => {
    const shop = await merchant(2);
    const sandbox = await startSandboxGateway({ hashSecret: SECRET, tmnCode: 'SPEC', ipnUrl: 'http://127.0.0.1:1/ipn', ipnRetryDelaysMs: [10, 10, 10], bank: { creditUrl: shop.url, accountNumber: '0011001234567' } });
    try {
      const response = await fetch(`${sandbox.url}/bank/transfers`, { method: 'POST', body: JSON.stringify({ reference: 'DVC0123', amountVnd: 205_000 }) });
      expect(response.status).toBe(202);
      const { bankTransactionId } = (await response.json()) as { bankTransactionId: string };
      await sandbox.bank!.creditSettled(bankTransactionId);
      expect(sandbox.bank!.deliveries.map((delivery) => delivery.answer)).toEqual(['HTTP 503', 'HTTP 503', 'paid']);
      const { signature, ...fields } = shop.received[2];
      expect(fields).toMatchObject({ bankTransactionId, accountNumber: '0011001234567', amountVnd: '205000', description: 'DVC0123 chuyen tien' });
      const canonical = Object.keys(fields)
        .sort()
        .map((name) => `${name}=${encodeURIComponent(fields[name])}`)
        .join('&');
      expect(signature).toBe(createHmac('sha512', SECRET).update(canonical).digest('hex'));
      expect((await fetch(`${sandbox.url}/bank/transfers`, { method: 'POST', body: JSON.stringify({ reference: 'X', amountVnd: 1.5 }) })).status).toBe(400);
    } finally {
      await sandbox.stop();
      await shop.stop();
    }
  });

  it('lists the day’s finished transactions behind a token only the merchant can make, with a test control for the amount', async () => {
    const sandbox = await startSandboxGateway({ hashSecret: SECRET, tmnCode: 'SPEC', ipnUrl: 'http://127.0.0.1:1/ipn', ipnRetryDelaysMs: [] });
    try {
      const params = { vnp_Version: '2.1.0', vnp_Command: 'pay', vnp_TmnCode: 'SPEC', vnp_Amount: '20500000', vnp_CurrCode: 'VND', vnp_TxnRef: 'order-1', vnp_OrderInfo: 'x', vnp_ReturnUrl: 'http://m/r', vnp_CreateDate: '20261202000000', vnp_ExpireDate: '29991231235959' };
      await fetch(`${sandbox.url}/paymentv2/vpcpay.html?${new URLSearchParams({ ...params, vnp_SecureHash: vnpaySign(params, SECRET) }).toString()}`);
      await fetch(`${sandbox.url}/paymentv2/pay`, { method: 'POST', body: new URLSearchParams({ vnp_TxnRef: 'order-1' }), redirect: 'manual' });
      const date = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
      const file = (token: string) => fetch(`${sandbox.url}/settlements/${date}.csv`, { headers: { authorization: `Bearer ${token}` } });
      const text = await (await file(settlementToken(SECRET, date))).text();
      expect(text).toMatch(new RegExp(`^settlement_date,gateway_ref,order_reference,amount_vnd,fee_vnd,status\\r\\n${date},\\d+,order-1,205000,2255,success\\r\\n$`));
      expect((await file(settlementToken('another-secret-0000000', date))).status).toBe(401);
      expect((await fetch(`${sandbox.url}/settlements/${date}.csv`)).status).toBe(401);
      await fetch(`${sandbox.url}/test-control/settle-amount?txnRef=order-1&amountVnd=200000`, { method: 'POST' });
      expect(await (await file(settlementToken(SECRET, date))).text()).toContain(',order-1,200000,2200,success');
    } finally {
      await sandbox.stop();
    }
  });
});
