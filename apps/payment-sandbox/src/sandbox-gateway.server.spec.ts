import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxGateway, type RunningSandboxGateway } from './sandbox-gateway.server';
import { vnpaySign, vnpaySignatureValid } from './vnpay-signature';

const SECRET = 'sandbox-spec-secret-0123456789';

/** A merchant that records the IPNs it gets and acknowledges them with `answer`. */
async function merchant(answer: () => string) {
  const received: Record<string, string>[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    received.push(Object.fromEntries(new URL(request.url ?? '/', 'http://merchant').searchParams));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ RspCode: answer() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ipn`, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function paymentUrl(sandbox: RunningSandboxGateway, overrides: Record<string, string> = {}, secret = SECRET): string {
  const params = {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: 'SPEC',
    vnp_Amount: '15000000',
    vnp_CurrCode: 'VND',
    vnp_TxnRef: 'order-1',
    vnp_OrderInfo: 'Lệ phí',
    vnp_ReturnUrl: 'http://merchant.example/return',
    vnp_CreateDate: '20261202000000',
    vnp_ExpireDate: '29991231235959',
    ...overrides,
  };
  return `${sandbox.url}/paymentv2/vpcpay.html?${new URLSearchParams({ ...params, vnp_SecureHash: vnpaySign(params, secret) }).toString()}`;
}

describe('startSandboxGateway', () => {
  it('shows no payment page for a URL it cannot verify, or an amount that is not đồng × 100', async () => {
    const sandbox = await startSandboxGateway({ hashSecret: SECRET, tmnCode: 'SPEC', ipnUrl: 'http://127.0.0.1:1/ipn' });
    try {
      const forged = await fetch(paymentUrl(sandbox, {}, 'another-secret-0000000'));
      expect([forged.status, await forged.text()]).toEqual([400, expect.stringContaining('Sai chữ ký')]);
      expect((await fetch(paymentUrl(sandbox, { vnp_Amount: '15000001' }))).status).toBe(400);
      expect((await fetch(paymentUrl(sandbox, { vnp_ExpireDate: '20200101000000' }))).status).toBe(400);
      const page = await fetch(paymentUrl(sandbox));
      expect([page.status, await page.text()]).toEqual([200, expect.stringMatching(/150\.000 ₫(?=[\s\S]*Thanh toán)(?=[\s\S]*Hủy giao dịch)(?=[\s\S]*Để hết hạn)/)]);
    } finally {
      await sandbox.stop();
    }
  });

  it('sends a signed IPN, retries it until acknowledged, and redirects the browser with the same parameters', async () => {
    const answers = ['99', '00'];
    const shop = await merchant(() => answers.shift() ?? '00');
    const sandbox = await startSandboxGateway({ hashSecret: SECRET, tmnCode: 'SPEC', ipnUrl: shop.url, ipnRetryDelaysMs: [50, 50] });
    try {
      await fetch(paymentUrl(sandbox));
      const pressed = await fetch(`${sandbox.url}/paymentv2/pay`, { method: 'POST', body: new URLSearchParams({ vnp_TxnRef: 'order-1' }), redirect: 'manual' });
      expect(pressed.status).toBe(302);
      await sandbox.ipnSettled('order-1');
      expect(sandbox.deliveries.map((delivery) => delivery.answer)).toEqual(['99', '00']);
      const [ipn] = shop.received;
      expect(ipn).toMatchObject({ vnp_TxnRef: 'order-1', vnp_Amount: '15000000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00' });
      expect(vnpaySignatureValid(ipn, SECRET)).toBe(true);
      const back = Object.fromEntries(new URL(pressed.headers.get('location')!).searchParams);
      expect(back).toEqual(ipn);

      const query = { vnp_RequestId: 'r1', vnp_Version: '2.1.0', vnp_Command: 'querydr', vnp_TmnCode: 'SPEC', vnp_TxnRef: 'order-1' };
      const answered = (await (await fetch(`${sandbox.url}/merchant_webapi/api/transaction`, { method: 'POST', body: JSON.stringify({ ...query, vnp_SecureHash: vnpaySign(query, SECRET) }) })).json()) as Record<string, string>;
      expect(answered).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_Amount: '15000000' });
      expect(vnpaySignatureValid(answered, SECRET)).toBe(true);
      const unsigned = (await (await fetch(`${sandbox.url}/merchant_webapi/api/transaction`, { method: 'POST', body: JSON.stringify(query) })).json()) as Record<string, string>;
      expect(unsigned.vnp_ResponseCode).toBe('97');
    } finally {
      await sandbox.stop();
      await shop.stop();
    }
  });
});
