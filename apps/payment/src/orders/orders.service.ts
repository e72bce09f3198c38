import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, PlatformErrorCode, type Page, type Principal } from '@app/platform';
import { GatewayErrorCode } from '../gateways/gateway-error-code';
import { GATEWAYS_OFF, PAYMENT_GATEWAYS, type CheckoutAnswer, type GatewayOffReason, type PaymentGateway } from '../gateways/payment-gateway';
import { PaymentSettings } from '../payment-settings';
import { VaultClient } from '@app/vault-client';
import { OrdersQueryDto } from './dto/orders-query.dto';
import { OrderErrorCode } from './order-error-code';
import { OrderTransitions } from './order-transitions';
import { orderView, type OrderView } from './order.view';
import { OrderRepository } from './order.repository';
import type { PaymentOrder } from './payment-order.entity';

/** What a caller may see: a citizen their own orders, an officer their agency's. Someone else's order is 404, not 403. */
type Visibility = { readonly citizenRef: string } | { readonly agencyCode: string };

@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
    private readonly vault: VaultClient,
    private readonly settings: PaymentSettings,
    @Inject(PAYMENT_GATEWAYS) private readonly gateways: readonly PaymentGateway[],
    @Inject(GATEWAYS_OFF) private readonly gatewaysOff: readonly GatewayOffReason[],
  ) {}

  async list(principal: Principal, authorization: string, query: OrdersQueryDto): Promise<Page<OrderView>> {
    const page = await this.orders.pageOfDossier(query.dossierId.toLowerCase(), query.limit, query.cursor, await this.visibility(principal, authorization));
    return { items: page.items.map(orderView), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, authorization: string, id: string): Promise<OrderView> {
    return orderView(this.visible(await this.orders.find(id), await this.visibility(principal, authorization), id));
  }

  /** Sends the citizen to `gatewayName`; asked again while pending there, a fresh link to the same transaction. */
  async checkout(principal: Principal, authorization: string, id: string, gatewayName: string, now = new Date()): Promise<CheckoutAnswer> {
    const visibility = await this.visibility(principal, authorization);
    const gateway = this.gateways.find((candidate) => candidate.name === gatewayName);
    return this.dataSource.transaction(async (manager) => {
      const order = this.visible(await this.orders.lock(manager, id), visibility, id);
      if (order.channel !== 'online') {
        throw new ApiError(HttpStatus.CONFLICT, OrderErrorCode.NotPayableOnline, `Order ${id} is to be paid ${order.channel === 'post' ? 'by post' : 'in person'}, not online.`);
      }
      if (!gateway) {
        const reason = this.gatewaysOff.find((off) => off.name === gatewayName)?.reason ?? 'it is not configured';
        throw new ApiError(HttpStatus.CONFLICT, GatewayErrorCode.GatewayNotConfigured, `The ${gatewayName} gateway is off here: ${reason}.`);
      }
      if (order.status === 'pending' && order.gateway === gateway.name) return gateway.checkout(order, this.expiry(order));
      await this.transitions.move(manager, order, 'pending', `checkout at ${gateway.name}`, now, { gateway: gateway.name });
      return gateway.checkout(order, this.expiry(order));
    });
  }

  private expiry(order: PaymentOrder): Date {
    return new Date(order.statusChangedAt.getTime() + this.settings.orderTtlMs);
  }

  private async visibility(principal: Principal, authorization: string): Promise<Visibility> {
    switch (principal.role) {
      case 'citizen':
        return { citizenRef: await this.vault.citizenRef(authorization) };
      case 'officer':
        return { agencyCode: principal.agencyCode };
      case 'admin':
        // @Roles keeps admins out; this only makes the switch total.
        throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'Orders are for their citizen and the agency.');
    }
  }

  private visible(order: PaymentOrder | null, visibility: Visibility, id: string): PaymentOrder {
    const allowed = order && ('citizenRef' in visibility ? order.citizenRef === visibility.citizenRef : order.agencyCode === visibility.agencyCode);
    if (!allowed) throw new ApiError(HttpStatus.NOT_FOUND, OrderErrorCode.OrderNotFound, `There is no order ${id} of yours.`);
    return order;
  }
}
