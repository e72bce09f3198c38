import { Module } from '@nestjs/common';
import { BankCreditsController } from '../gateways/vietqr/bank-credits.controller';
import { BankCredits } from '../gateways/vietqr/bank-credits.service';
import { GatewaysModule } from '../gateways/gateways.module';
import { OrdersModule } from '../orders/orders.module';
import { HeldTransfersController } from './held-transfers.controller';
import { HeldTransfersService } from './held-transfers.service';

/** Bank transfers: the bank's credit notifications, and the ones held for an officer. */
@Module({
  imports: [OrdersModule, GatewaysModule],
  controllers: [BankCreditsController, HeldTransfersController],
  providers: [BankCredits, HeldTransfersService],
})
export class HeldTransfersModule {}
