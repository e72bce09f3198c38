import { Module } from '@nestjs/common';
import { PaymentSettings } from '../payment-settings';
import { PAYMENT_GATEWAYS, type PaymentGateway } from './payment-gateway';
import { SandboxGateway } from './sandbox/sandbox.gateway';

/** The gateway adapters this deployment is configured for; each is on only when its settings are given. */
@Module({
  providers: [
    {
      provide: PAYMENT_GATEWAYS,
      inject: [PaymentSettings],
      useFactory: (settings: PaymentSettings): PaymentGateway[] => (settings.sandbox ? [new SandboxGateway(settings.sandbox, settings.publicUrl)] : []),
    },
  ],
  exports: [PAYMENT_GATEWAYS],
})
export class GatewaysModule {}
