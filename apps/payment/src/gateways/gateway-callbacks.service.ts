import { Inject, Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { OrderRepository } from '../orders/order.repository';
import { OrderTransitions } from '../orders/order-transitions';
import type { PaymentOrder } from '../orders/payment-order.entity';
import { IpnAck, ipnAnswer, type IpnAnswer } from './ipn-ack';
import { PAYMENT_GATEWAYS, type PaymentGateway } from './payment-gateway';

/**
 * A gateway's server-to-server report of a payment. The signature is the only authentication;
 * then the order, the amount and the currency must match what is stored. Only a pending order
 * changes: a duplicate or replayed IPN, or a failure reported after a success, is answered
 * `02` and changes nothing, so a paid order is never downgraded.
 */
@Injectable()
export class GatewayCallbacks {
  private readonly logger = new Logger(GatewayCallbacks.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
    @Inject(PAYMENT_GATEWAYS) private readonly gateways: readonly PaymentGateway[],
  ) {}

  gateway(name: string): PaymentGateway | undefined {
    return this.gateways.find((gateway) => gateway.name === name);
  }

  async acceptIpn(gateway: PaymentGateway, params: Readonly<Record<string, string>>, now = new Date()): Promise<IpnAnswer> {
    const verdict = gateway.verifyCallback(params);
    if (!verdict.authentic) {
      this.logger.warn(`${gateway.name} IPN refused: the signature does not verify (order ${String(params.vnp_TxnRef).slice(0, 64)})`);
      return ipnAnswer(IpnAck.InvalidSignature);
    }
    if (!isUUID(verdict.orderId)) return ipnAnswer(IpnAck.OrderNotFound);
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lock(manager, verdict.orderId.toLowerCase());
      if (!order || order.gateway !== gateway.name) return ipnAnswer(IpnAck.OrderNotFound);
      if (verdict.amountVnd !== order.amountVnd || verdict.currency !== 'VND') {
        this.logger.warn(`${gateway.name} IPN for order ${order.id} claims ${verdict.amountVnd} ${verdict.currency}, the order is ${order.amountVnd} VND: refused`);
        return ipnAnswer(IpnAck.InvalidAmount);
      }
      if (order.status !== 'pending') {
        this.logSettled(order, verdict.status, verdict.detail);
        return ipnAnswer(IpnAck.AlreadyConfirmed);
      }
      await this.transitions.move(manager, order, verdict.status, `${gateway.name} IPN: ${verdict.detail}`, now, { gatewayTransactionNo: verdict.transactionNo || null });
      return ipnAnswer(IpnAck.Accepted);
    });
  }

  /** The order a browser return is about, read from the store: the return's own claims prove nothing. */
  async returned(gateway: PaymentGateway, params: Readonly<Record<string, string>>): Promise<PaymentOrder | undefined> {
    const verdict = gateway.verifyCallback(params);
    if (!verdict.authentic || !isUUID(verdict.orderId)) return undefined;
    const order = await this.orders.find(verdict.orderId.toLowerCase());
    return order?.gateway === gateway.name ? order : undefined;
  }

  private logSettled(order: PaymentOrder, claimed: string, detail: string): void {
    const message = `${order.id} is already ${order.status}; an IPN saying ${claimed} (${detail}) changes nothing`;
    if (order.status === 'paid' || claimed !== 'paid') this.logger.log(message);
    // Money taken for an order that had expired or failed: someone must refund it.
    else this.logger.warn(`${message}: money may have been taken for an order that is no longer payable, see the gateway's report`);
  }
}
