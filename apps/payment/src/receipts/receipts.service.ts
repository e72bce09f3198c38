import { HttpStatus, Injectable } from '@nestjs/common';
import { placeOf, renderPdf } from '@app/pdf';
import { ApiError, type Principal } from '@app/platform';
import { OrderRepository } from '../orders/order.repository';
import { OrdersService } from '../orders/orders.service';
import type { PaymentOrder } from '../orders/payment-order.entity';
import { VaultClient } from '@app/vault-client';
import { receiptDocument, type PaymentChannel } from './receipt-document';
import { ReceiptErrorCode } from './receipt-error-code';

/** The states of an order whose money was received: a refund later does not unmake the receipt. */
const RECEIVED = ['paid', 'partly_refunded', 'refunded'];

/** How each gateway's payments are described on a receipt. */
const GATEWAYS: Readonly<Record<string, { readonly channel: PaymentChannel; readonly label: string }>> = {
  sandbox: { channel: 'intermediary', label: 'Cổng thanh toán thử nghiệm (Sandbox)' },
  vietqr: { channel: 'vietqr', label: 'NAPAS' },
  paygov: { channel: 'paygov', label: 'PayGov' },
};

/**
 * The electronic fee receipt of a paid order. The agency's names come from the vault's
 * directory, the one place they are kept, read with the caller's own token.
 */
@Injectable()
export class Receipts {
  constructor(
    private readonly orders: OrdersService,
    private readonly repository: OrderRepository,
    private readonly vault: VaultClient,
  ) {}

  async pdf(principal: Principal, authorization: string, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    // Someone else's order is 404 here as on the order itself.
    await this.orders.get(principal, authorization, id);
    const order = (await this.repository.find(id))!;
    if (!RECEIVED.includes(order.status) || !order.paidAt) throw new ApiError(HttpStatus.CONFLICT, ReceiptErrorCode.NotPaid, `Order ${id} is ${order.status}: a receipt is issued once it is paid.`);
    const agency = await this.vault.agency(authorization, order.agencyCode);
    const body = agency.governingBodyCode === undefined ? undefined : await this.vault.governingBody(authorization, agency.governingBodyCode);
    const receiptNumber = receiptNumberOf(order);
    const how = order.channel === 'online' ? GATEWAYS[order.gateway ?? ''] ?? { channel: 'intermediary', label: order.gateway ?? '' } : { channel: order.channel, label: agency.nameVi };
    const pdf = await renderPdf(
      receiptDocument({
        agencyName: agency.nameVi.toUpperCase(),
        ...(body ? { agencySuperior: body.nameVi.toUpperCase() } : {}),
        place: placeOf(body?.nameVi ?? agency.nameVi),
        receiptNumber,
        orderReference: order.id,
        dossierCode: order.dossierId,
        payerRef: order.citizenRef,
        procedureName: order.procedureCode,
        amountVnd: order.amountVnd,
        feeLines: [{ label: `Phí, lệ phí hồ sơ (${order.feeCode})`, amountVnd: order.amountVnd }],
        paidAt: order.paidAt,
        channel: how.channel,
        gateway: how.label,
        gatewayRef: (order.channel === 'online' ? order.gatewayTransactionNo : order.deskReceiptNumber) ?? '-',
      }),
    );
    return { pdf, fileName: `bien-lai-${receiptNumber}.pdf` };
  }
}

/** The desk's own receipt number; for an online payment one made of the year and the order. */
function receiptNumberOf(order: PaymentOrder): string {
  return order.deskReceiptNumber ?? `BL-${order.paidAt!.getUTCFullYear()}-${order.id.slice(0, 8).toUpperCase()}`;
}
