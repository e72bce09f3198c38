import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { DeskPaymentsController } from './desk-payments.controller';
import { DeskPayments } from './desk-payments.service';

/** Level 3 fees, paid in person or by post and recorded by the agency's officers. */
@Module({ imports: [OrdersModule], controllers: [DeskPaymentsController], providers: [DeskPayments] })
export class DeskModule {}
