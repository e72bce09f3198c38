import { PAYMENT_REQUESTED_TOPIC, PaymentCompleted, PaymentFailed, PaymentRequested } from '@app/contracts';
import { EVERY_INTAKE, RemoteJwksKeyResolver } from '@app/messaging';
import type { ServiceSpec } from '@app/platform';
import { CreatePaymentOrders1765000000000 } from './migrations/1765000000000-create-payment-orders';
import { HeldTransfersModule } from './held-transfers/held-transfers.module';
import { HeldTransfersAndReconciliation1765020000000 } from './migrations/1765020000000-held-transfers-and-reconciliation';
import { OrdersModule } from './orders/orders.module';
import { PAYMENT_ENTITIES } from './payment-entities';
import { PaymentEnvironment } from './payment-environment';
import { PaymentSettingsModule } from './payment-settings';
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
    migrations: [CreatePaymentOrders1765000000000, HeldTransfersAndReconciliation1765020000000],
    events: [PaymentRequested, PaymentCompleted, PaymentFailed],
    subscriptions: [PAYMENT_REQUESTED_TOPIC],
    // Every agency's intake asks for fees; each request must come from the agency it names (see PaymentRequestsHandlers).
    keyResolver: () => new RemoteJwksKeyResolver(env.VAULT_URL, EVERY_INTAKE),
  }),
  features: (env) => [PaymentSettingsModule.forRoot(env), OrdersModule, HeldTransfersModule, ReconciliationModule],
};
