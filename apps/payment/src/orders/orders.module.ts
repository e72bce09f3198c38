import { Module } from '@nestjs/common';
import { GatewayCallbacksController } from '../gateways/gateway-callbacks.controller';
import { GatewayCallbacks } from '../gateways/gateway-callbacks.service';
import { GatewaysModule } from '../gateways/gateways.module';
import { PaymentSettings } from '../payment-settings';
import { VaultClient } from '@app/vault-client';
import { OrderTransitions } from './order-transitions';
import { OrderRepository } from './order.repository';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { PaymentRequestsHandlers } from './payment-requests.handlers';
import { PendingOrdersSweep } from './pending-orders.sweep';

@Module({
  imports: [GatewaysModule],
  // Event handlers are controllers: Nest registers message patterns only on those.
  controllers: [OrdersController, GatewayCallbacksController, PaymentRequestsHandlers],
  providers: [
    OrderRepository,
    OrderTransitions,
    OrdersService,
    GatewayCallbacks,
    PendingOrdersSweep,
    { provide: VaultClient, inject: [PaymentSettings], useFactory: (settings: PaymentSettings) => new VaultClient(settings.vaultUrl) },
  ],
  // Desk payments, refunds and receipts act on orders through the same lock and the same state machine.
  exports: [OrderRepository, OrderTransitions, OrdersService, VaultClient],
})
export class OrdersModule {}
