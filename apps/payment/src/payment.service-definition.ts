import { PAYMENT_REQUESTED_TOPIC, PaymentCompleted, PaymentFailed, PaymentRefunded, PaymentRefundRequested, PaymentRequested } from '@app/contracts';
import { EVERY_INTAKE, RemoteJwksKeyResolver } from '@app/messaging';
import type { ServiceSpec } from '@app/platform';
import { DeskModule } from './desk/desk.module';
import { CreatePaymentOrders1765000000000 } from './migrations/1765000000000-create-payment-orders';
import { AddDeskPaymentsAndRefunds1765010000000 } from './migrations/1765010000000-add-desk-payments-and-refunds';
import { HeldTransfersModule } from './held-transfers/held-transfers.module';
import { HeldTransfersAndReconciliation1765020000000 } from './migrations/1765020000000-held-transfers-and-reconciliation';
import { OrdersModule } from './orders/orders.module';
import { PAYMENT_ENTITIES } from './payment-entities';
import { PaymentEnvironment } from './payment-environment';
import { PaymentSettingsModule } from './payment-settings';
import { ReceiptsModule } from './receipts/receipts.module';
import { RefundsModule } from './refunds/refunds.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';

export const paymentService: ServiceSpec<PaymentEnvironment> = {
  title: 'Payment',
  description: 'Fees, payment orders, gateway adapters, receipts, refunds and reconciliation.',
  environment: PaymentEnvironment,
  infrastructure: (env) => ({
    env,
    name: 'payment',
    owner: 'payment',
    entities: PAYMENT_ENTITIES,
    migrations: [CreatePaymentOrders1765000000000, AddDeskPaymentsAndRefunds1765010000000, HeldTransfersAndReconciliation1765020000000],
    events: [PaymentRequested, PaymentCompleted, PaymentFailed, PaymentRefundRequested, PaymentRefunded],
    subscriptions: [PAYMENT_REQUESTED_TOPIC],
    // Every agency's intake asks for fees; each request must come from the agency it names (see PaymentRequestsHandlers).
    keyResolver: () => new RemoteJwksKeyResolver(env.VAULT_URL, EVERY_INTAKE),
  }),
  features: (env) => [PaymentSettingsModule.forRoot(env), OrdersModule, DeskModule, RefundsModule, ReceiptsModule, HeldTransfersModule, ReconciliationModule],
};
