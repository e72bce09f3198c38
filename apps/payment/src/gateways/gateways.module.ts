import { Module } from '@nestjs/common';
import { PaymentSettings } from '../payment-settings';
import { GatewaysController } from './gateways.controller';
import { payGovOff } from './paygov/paygov-status';
import { GATEWAYS_OFF, PAYMENT_GATEWAYS, type GatewayOffReason, type PaymentGateway } from './payment-gateway';
import { SandboxGateway } from './sandbox/sandbox.gateway';
import { VietQrGateway } from './vietqr/vietqr.gateway';

/** The gateway adapters this deployment is configured for; each is on only when its settings are given. */
@Module({
  controllers: [GatewaysController],
  providers: [
    {
      provide: PAYMENT_GATEWAYS,
      inject: [PaymentSettings],
      useFactory: (settings: PaymentSettings): PaymentGateway[] => [
        ...(settings.sandbox ? [new SandboxGateway(settings.sandbox, settings.publicUrl)] : []),
        ...('off' in settings.vietQr ? [] : [new VietQrGateway(settings.vietQr)]),
      ],
    },
    {
      provide: GATEWAYS_OFF,
      inject: [PaymentSettings],
      useFactory: (settings: PaymentSettings): GatewayOffReason[] => [
        ...(settings.sandbox ? [] : [{ name: 'sandbox', reason: 'SANDBOX_GATEWAY_URL is not set' }]),
        ...('off' in settings.vietQr ? [{ name: 'vietqr', reason: settings.vietQr.off }] : []),
        payGovOff(settings.payGov),
      ],
    },
  ],
  exports: [PAYMENT_GATEWAYS, GATEWAYS_OFF],
})
export class GatewaysModule {}
