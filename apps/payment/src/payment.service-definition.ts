import type { ServiceSpec } from '@app/platform';
import { PaymentEnvironment } from './payment-environment';

export const paymentService: ServiceSpec<PaymentEnvironment> = {
  title: 'Payment',
  description: 'Fees, payment orders, gateway adapters, receipts, refunds and reconciliation.',
  environment: PaymentEnvironment,
  infrastructure: (env) => ({
    env,
    name: 'payment',
    owner: 'payment',
    entities: [],
    migrations: [],
    events: [],
    subscriptions: [],
  }),
  features: () => [],
};
