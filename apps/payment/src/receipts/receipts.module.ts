import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { ReceiptsController } from './receipts.controller';
import { Receipts } from './receipts.service';

/** Electronic fee receipts of paid orders. */
@Module({ imports: [OrdersModule], controllers: [ReceiptsController], providers: [Receipts] })
export class ReceiptsModule {}
