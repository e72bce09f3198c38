import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PAYMENT_GATEWAYS, type GatewayStatus, type PaymentGateway } from '../gateways/payment-gateway';
import { PaymentSettings } from '../payment-settings';
import { OrderTransitions } from './order-transitions';
import { OrderRepository } from './order.repository';
import type { OrderStatus } from './order-state-machine';

const BATCH_SIZE = 100;

/**
 * For orders whose IPN never came: each pending order is asked about at its gateway, and an
 * unpaid one expires ORDER_TTL_MS after its last change of status. The gateway is asked
 * outside any transaction; the answer is applied under the row lock only if the order is
 * still where it was, so an IPN arriving meanwhile wins.
 */
@Injectable()
export class PendingOrdersSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PendingOrdersSweep.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
    private readonly settings: PaymentSettings,
    @Inject(PAYMENT_GATEWAYS) private readonly gateways: readonly PaymentGateway[],
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.pendingPollIntervalMs === 0) return;
    this.timer = setInterval(() => this.trigger(), this.settings.pendingPollIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Settles or expires what is due at `now`; returns how many orders changed. */
  async sweep(now = new Date()): Promise<number> {
    const deadline = new Date(now.getTime() - this.settings.orderTtlMs);
    let changed = 0;
    for (const order of await this.orders.unpaid('pending', BATCH_SIZE)) {
      const gateway = this.gateways.find((candidate) => candidate.name === order.gateway);
      let status: GatewayStatus = 'pending';
      try {
        if (gateway) status = await gateway.query(order);
      } catch (error) {
        this.logger.warn(`Asking ${order.gateway} about order ${order.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const to: OrderStatus | undefined = status !== 'pending' ? status : order.statusChangedAt < deadline ? 'expired' : undefined;
      if (to && (await this.apply(order.id, order.statusChangedAt, to, status !== 'pending' ? `${order.gateway} query: ${status}` : `unpaid ${this.settings.orderTtlMs} ms at ${order.gateway}`, now))) changed += 1;
    }
    for (const order of await this.orders.unpaid('created', BATCH_SIZE, deadline)) {
      if (await this.apply(order.id, order.statusChangedAt, 'expired', `not checked out within ${this.settings.orderTtlMs} ms`, now)) changed += 1;
    }
    return changed;
  }

  private apply(id: string, seenChangedAt: Date, to: OrderStatus, cause: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lock(manager, id);
      if (!order || order.statusChangedAt.getTime() !== seenChangedAt.getTime()) return false;
      await this.transitions.move(manager, order, to, cause, now);
      return true;
    });
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.sweep()
      .catch((error: unknown) => this.logger.warn(`Pending order sweep failed, will retry: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
