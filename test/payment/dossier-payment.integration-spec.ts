import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { findFreePort } from '@app/local-infra';
import { startSandboxGateway, type RunningSandboxGateway } from '@app/payment-sandbox';
import type { RunningService } from '@app/platform';
import { eventually, providedInfrastructure } from '@app/testing';
import { CitizenJourney, expectStatus } from '../support/citizen-journey';
import { PlatformHarness } from '../support/platform-harness';

const HANOI_JUSTICE = '000.00.12.H26';
const ANSWERS = { hoTen: 'Trần Văn Bình', ngaySinh: '1988-03-09', diaChi: 'Số 5 phố Hàng Bài, Hà Nội', loaiPhieu: 'Phiếu số 2', soPhieuThem: 0 };

interface OrderView {
  id: string;
  status: string;
  amountVnd: number;
  channel: string;
}

/**
 * The level 4 fee end to end, every part real: the intake asks for it, the payment service makes
 * the order, the citizen pays on the sandbox gateway's page, the gateway's signed IPN pays the
 * order, and the payment service's outcome moves the dossier on. Then a rejection refunds it.
 */
describe('a dossier paid online, from the intake through the payment service and the gateway and back', () => {
  let platform: PlatformHarness;
  let payment: RunningService;
  let sandbox: RunningSandboxGateway;

  beforeAll(async () => {
    platform = await PlatformHarness.start({ ...providedInfrastructure(), intakes: [HANOI_JUSTICE] });
    const secretFile = join(await mkdtemp(join(tmpdir(), 'sandbox-secret-')), 'secret');
    const secret = randomBytes(32).toString('hex');
    await writeFile(secretFile, secret, { mode: 0o600 });
    const [paymentPort, sandboxPort] = [await findFreePort(), await findFreePort()];
    payment = await platform.startPayment({ port: paymentPort, sandboxUrl: `http://127.0.0.1:${sandboxPort}`, secretFile });
    sandbox = await startSandboxGateway({ port: sandboxPort, hashSecret: secret, tmnCode: 'ONCEONLY', ipnUrl: `${payment.url}/gateways/sandbox/ipn`, ipnRetryDelaysMs: [200, 400, 800] });
  });

  afterAll(async () => {
    await sandbox?.stop();
    await payment?.stop();
    await platform?.stop();
  });

  const intake = () => request(platform.intake(HANOI_JUSTICE).url);

  async function dossierAwaitingPayment(citizen: CitizenJourney) {
    const token = await citizen.citizenToken();
    const officer = await citizen.officerToken(HANOI_JUSTICE);
    const dossier = await citizen.openDossier(HANOI_JUSTICE, 'JUS-CRIMINAL-RECORD');
    expectStatus(await intake().put(`/dossiers/${dossier.id}/form`).auth(token, { type: 'bearer' }).send({ ...ANSWERS, personalId: citizen.personalId }), 200);
    for (const type of dossier.stillRequired) expectStatus(await citizen.provide(HANOI_JUSTICE, dossier.id, type), 201);
    expectStatus(await intake().post(`/dossiers/${dossier.id}/submit`).auth(token, { type: 'bearer' }).send({ returnChannel: 'online' }), 200);
    for (const step of ['receipt', 'processing', 'payment-request']) expectStatus(await intake().post(`/dossiers/${dossier.id}/${step}`).auth(officer, { type: 'bearer' }).send({}), 200);
    const order = await eventually(async () => {
      const orders = await request(payment.url).get('/orders').query({ dossierId: dossier.id }).auth(token, { type: 'bearer' });
      expectStatus(orders, 200);
      const items = (orders.body as { items: OrderView[] }).items;
      expect(items).toHaveLength(1);
      return items[0];
    });
    return { dossier, order, token, officer };
  }

  it('pays the fee on the gateway page, and the dossier comes back to the officer paid; a rejection then refunds it', async () => {
    const citizen = new CitizenJourney(platform);
    const { dossier, order, token, officer } = await dossierAwaitingPayment(citizen);
    expect(order).toMatchObject({ status: 'created', amountVnd: 200_000, channel: 'online' });

    const checkout = await request(payment.url).post(`/orders/${order.id}/checkout`).auth(token, { type: 'bearer' }).send({ gateway: 'sandbox' });
    expectStatus(checkout, 200);
    const page = await fetch((checkout.body as { redirectUrl: string }).redirectUrl);
    const html = await page.text();
    const txnRef = /name="vnp_TxnRef" value="([^"]+)"/.exec(html)![1];
    const pressed = await fetch(`${sandbox.url}/paymentv2/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ vnp_TxnRef: txnRef }).toString(),
      redirect: 'manual',
    });
    expect(pressed.status).toBe(302);
    await sandbox.ipnSettled(txnRef);

    const paid = await eventually(async () => {
      const seen = await citizen.dossier(HANOI_JUSTICE, dossier.id);
      expect(seen.status).toBe('in_processing');
      return seen as typeof seen & { paidAt: string | null; paymentChannel: string | null };
    });
    expect(paid).toMatchObject({ paymentChannel: 'online', paidAt: expect.any(String) as string });
    const settled = await request(payment.url).get(`/orders/${order.id}`).auth(token, { type: 'bearer' });
    expect((settled.body as OrderView).status).toBe('paid');

    // Rejected after payment: the procedure returns its 200.000 đ fee, through the gateway it was paid with.
    expectStatus(await intake().post(`/dossiers/${dossier.id}/rejection`).auth(officer, { type: 'bearer' }).send({ reason: 'Không đủ điều kiện cấp Phiếu.' }), 200);
    const refunded = await eventually(async () => {
      const seen = await request(payment.url).get(`/orders/${order.id}`).auth(token, { type: 'bearer' });
      expect((seen.body as OrderView).status).toBe('refunded');
      return seen.body as OrderView & { refundedVnd?: number };
    });
    expect(refunded.status).toBe('refunded');
    const refunds = await request(payment.url).get(`/orders/${order.id}/refunds`).auth(token, { type: 'bearer' });
    expect((refunds.body as { items: { amountVnd: number; state?: string; status?: string }[] }).items.map((refund) => refund.amountVnd)).toEqual([200_000]);
  });

  it('leaves the dossier waiting when the payer cancels at the gateway', async () => {
    const citizen = new CitizenJourney(platform);
    const { dossier, order, token } = await dossierAwaitingPayment(citizen);
    const checkout = await request(payment.url).post(`/orders/${order.id}/checkout`).auth(token, { type: 'bearer' }).send({ gateway: 'sandbox' });
    const html = await (await fetch((checkout.body as { redirectUrl: string }).redirectUrl)).text();
    const txnRef = /name="vnp_TxnRef" value="([^"]+)"/.exec(html)![1];
    await fetch(`${sandbox.url}/paymentv2/cancel`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ vnp_TxnRef: txnRef }).toString(), redirect: 'manual' });
    await sandbox.ipnSettled(txnRef);
    await eventually(async () => {
      const seen = await request(payment.url).get(`/orders/${order.id}`).auth(token, { type: 'bearer' });
      expect((seen.body as OrderView).status).toBe('cancelled');
    });
    expect((await citizen.dossier(HANOI_JUSTICE, dossier.id)).status).toBe('awaiting_payment');
  });
});
