import { Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaymentSettings } from '../payment-settings';
import { REFUND_GATEWAYS, SandboxRefunds, type RefundingGateway } from './refund-gateways';
import { RefundRequestsHandlers } from './refund-requests.handlers';
import { RefundsController } from './refunds.controller';
import { Refunds } from './refunds.service';

/** Refunds, by officers and on intakes' requests; pending ones are asked again on the pending-order sweep's interval. */
@Module({
  imports: [OrdersModule],
  // Event handlers are controllers: Nest registers message patterns only on those.
  controllers: [RefundsController, RefundRequestsHandlers],
  providers: [
    Refunds,
    {
      provide: REFUND_GATEWAYS,
      inject: [PaymentSettings],
      useFactory: (settings: PaymentSettings): RefundingGateway[] => (settings.sandbox ? [new SandboxRefunds(settings.sandbox)] : []),
    },
  ],
})
export class RefundsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RefundsModule.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly refunds: Refunds,
    private readonly settings: PaymentSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.pendingPollIntervalMs > 0) this.timer = setInterval(() => void this.resumePending(), this.settings.pendingPollIntervalMs);
  }

  /**
   * A failed round waits for the next: left unhandled, a rejection (PostgreSQL restarting, say)
   * ended the whole process, as the fault matrix found.
   */
  resumePending(): Promise<void> {
    return this.refunds.resumePending().catch((error: unknown) => this.logger.warn(`Pending refunds not resumed, will retry: ${error instanceof Error ? error.message : String(error)}`));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
