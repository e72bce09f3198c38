import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PaymentRefunded, PaymentRefundedV1 } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError } from '@app/platform';
import { OrderErrorCode } from '../orders/order-error-code';
import { OrderTransitions } from '../orders/order-transitions';
import { OrderRepository } from '../orders/order.repository';
import { PaymentOrder } from '../orders/payment-order.entity';
import { REFUND_GATEWAYS, RefundGatewayUnreachableError, type RefundingGateway } from './refund-gateways';
import { RefundErrorCode } from './refund-error-code';
import { Refund } from './refund.entity';

const REFUNDABLE = ['paid', 'partly_refunded'];

/** Who asks for a refund: an officer (for their agency), or an intake's signed request event. */
export interface RefundRequest {
  readonly orderId: string;
  readonly amountVnd: number;
  readonly reason: string;
  readonly requestedBy: string;
  /** Set for an officer: the order must be this agency's, otherwise it is not found. */
  readonly agencyCode?: string;
  /** Set for an event: one refund per request and order, however often it is delivered. */
  readonly requestEventId?: string;
}

/**
 * Refunds in two steps around the gateway call, never inside one transaction with it. First,
 * under the order's row lock, the refund is recorded `pending` if what is already refunded,
 * plus what is pending, plus this one stays within what was paid — so concurrent requests
 * cannot together exceed it. Then the gateway is asked, outside any transaction, with the
 * refund's id as its request id. Last, under the lock again, the answer is recorded: money
 * back (`refunded_vnd`, the order's status and `PaymentRefunded` in one commit) or refused
 * (`failed`, nothing refunded). A crash or an unreachable gateway leaves the refund pending,
 * never recorded as refunded; `resumePending` asks again with the same id, which the gateway
 * answers with its first answer, so nothing is refunded twice or lost. A desk order has no
 * gateway: its refund is recorded completed at once. Lock order: the order row, then the
 * refund row, then the outbox, as everywhere else in this service.
 */
@Injectable()
export class Refunds {
  private readonly logger = new Logger(Refunds.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
    private readonly outbox: OutboxWriter,
    @Inject(REFUND_GATEWAYS) private readonly gateways: readonly RefundingGateway[],
  ) {}

  async refund(request: RefundRequest, now = new Date()): Promise<Refund> {
    const refund = await this.dataSource.transaction((manager) => this.reserve(manager, request, now));
    return refund.state === 'pending' ? this.send(refund) : refund;
  }

  /** Refunds left pending by a crash or an unreachable gateway, asked again; a failure leaves them for next time. */
  async resumePending(limit = 100): Promise<void> {
    const pending = await this.dataSource.manager.find(Refund, { where: { state: 'pending' }, order: { requestedAt: 'ASC' }, take: limit });
    for (const refund of pending) {
      await this.send(refund).catch((error: unknown) => this.logger.warn(`Refund ${refund.id} still pending: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  ofOrder(orderId: string): Promise<Refund[]> {
    return this.dataSource.manager.find(Refund, { where: { orderId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  private async reserve(manager: EntityManager, request: RefundRequest, now: Date): Promise<Refund> {
    const order = await this.orders.lock(manager, request.orderId);
    if (!order || (request.agencyCode !== undefined && order.agencyCode !== request.agencyCode)) {
      throw new ApiError(HttpStatus.NOT_FOUND, OrderErrorCode.OrderNotFound, `There is no order ${request.orderId} of your agency.`);
    }
    if (request.requestEventId !== undefined) {
      const earlier = await manager.findOne(Refund, { where: { orderId: order.id, requestEventId: request.requestEventId } });
      if (earlier) return earlier;
    }
    if (!REFUNDABLE.includes(order.status)) {
      throw new ApiError(HttpStatus.CONFLICT, RefundErrorCode.NotRefundable, `Order ${order.id} is ${order.status.replace(/_/g, ' ')}: only a paid order can be refunded.`);
    }
    const pending = await manager.sum(Refund, 'amountVnd', { orderId: order.id, state: 'pending' });
    const committed = order.refundedVnd + Number(pending ?? 0);
    if (committed + request.amountVnd > order.amountVnd) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        RefundErrorCode.ExceedsPaid,
        `Order ${order.id} was paid ${order.amountVnd} đồng and ${committed} are already refunded or being refunded: ${request.amountVnd} more would exceed it.`,
        { amountVnd: order.amountVnd, refundedOrPendingVnd: committed },
      );
    }
    const desk = order.channel !== 'online';
    const refund = Object.assign(new Refund(), {
      id: randomUUID(),
      orderId: order.id,
      amountVnd: request.amountVnd,
      reason: request.reason,
      requestedBy: request.requestedBy,
      requestEventId: request.requestEventId ?? null,
      gateway: desk ? null : order.gateway,
      gatewayRef: null,
      state: 'pending',
      requestedAt: now,
      settledAt: null,
    } satisfies Refund);
    await manager.insert(Refund, refund);
    if (desk) await this.complete(manager, order, refund, null, now);
    return refund;
  }

  private async send(refund: Refund): Promise<Refund> {
    const order = await this.orders.find(refund.orderId);
    const gateway = this.gateways.find((candidate) => candidate.name === refund.gateway);
    if (!order || !gateway) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, RefundErrorCode.GatewayUnavailable, `The ${refund.gateway ?? 'unknown'} gateway cannot refund here; refund ${refund.id} stays pending.`);
    }
    let answer;
    try {
      answer = await gateway.refund(order, refund);
    } catch (error) {
      if (!(error instanceof RefundGatewayUnreachableError)) throw error;
      this.logger.warn(`Refund ${refund.id} of order ${order.id} stays pending: ${error.message}`);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, RefundErrorCode.GatewayUnavailable, `The ${gateway.name} gateway cannot be reached; refund ${refund.id} stays pending and will be asked again.`);
    }
    const settled = await this.dataSource.transaction(async (manager) => {
      const locked = (await this.orders.lock(manager, order.id))!;
      const current = await manager.findOneOrFail(Refund, { where: { id: refund.id }, lock: { mode: 'pessimistic_write' } });
      // Another replica resumed it meanwhile: its record stands.
      if (current.state !== 'pending') return current;
      if (answer.refunded) return this.complete(manager, locked, current, answer.gatewayRef, new Date());
      await manager.update(Refund, { id: current.id }, { state: 'failed', settledAt: new Date() });
      return Object.assign(current, { state: 'failed' as const });
    });
    if (settled.state === 'failed') {
      throw new ApiError(HttpStatus.BAD_GATEWAY, RefundErrorCode.RefusedByGateway, `The ${gateway.name} gateway refused refund ${refund.id}; nothing was refunded.`);
    }
    return settled;
  }

  /** Money is back: the order's total, its status, the refund and `PaymentRefunded`, in the caller's transaction, under the order's lock. */
  private async complete(manager: EntityManager, order: PaymentOrder, refund: Refund, gatewayRef: string | null, now: Date): Promise<Refund> {
    const total = order.refundedVnd + refund.amountVnd;
    await manager.update(PaymentOrder, { id: order.id }, { refundedVnd: total });
    order.refundedVnd = total;
    await manager.update(Refund, { id: refund.id }, { state: 'completed', gatewayRef, settledAt: now });
    Object.assign(refund, { state: 'completed', gatewayRef, settledAt: now });
    await this.transitions.move(manager, order, total === order.amountVnd ? 'refunded' : 'partly_refunded', `refund ${refund.id} of ${refund.amountVnd} VND by ${refund.requestedBy}: ${refund.reason}`, now);
    await this.outbox.append(
      manager,
      PaymentRefunded,
      Object.assign(new PaymentRefundedV1(), {
        orderId: order.id,
        dossierId: order.dossierId,
        agencyCode: order.agencyCode,
        feeCode: order.feeCode,
        amountVnd: refund.amountVnd,
        totalRefundedVnd: total,
        refundedAt: now.toISOString(),
      }),
    );
    return refund;
  }
}
