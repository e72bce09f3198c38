import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { ApiError, type Principal } from '@app/platform';
import { OrderErrorCode } from '../orders/order-error-code';
import { OrderTransitions } from '../orders/order-transitions';
import { orderView, type OrderView } from '../orders/order.view';
import { OrderRepository } from '../orders/order.repository';
import { DeskErrorCode } from './desk-error-code';
import type { DeskPaymentDto } from './desk-payment.dto';

const UNIQUE_VIOLATION = '23505';

/**
 * A level 3 fee paid at the agency's desk (Circular 32/2017: no online payment at level 3). The
 * officer records the desk's receipt; the order becomes paid and `PaymentCompleted` goes out in
 * the same transaction, so the dossier moves on exactly as after an online payment.
 */
@Injectable()
export class DeskPayments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
  ) {}

  async record(officer: Principal, id: string, payment: DeskPaymentDto, now = new Date()): Promise<OrderView> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const order = await this.orders.lock(manager, id);
        if (!order || officer.role !== 'officer' || order.agencyCode !== officer.agencyCode) throw new ApiError(HttpStatus.NOT_FOUND, OrderErrorCode.OrderNotFound, `There is no order ${id} of your agency.`);
        if (order.channel === 'online') {
          throw new ApiError(HttpStatus.CONFLICT, DeskErrorCode.NotPayableAtDesk, `Order ${id} is paid online, through a gateway, not at the desk.`);
        }
        const cause = `paid ${payment.channel === 'post' ? 'by post' : 'in person'}, receipt ${payment.receiptNumber}, recorded by ${officer.subject}`;
        await this.transitions.move(manager, order, 'paid', cause, now, { deskReceiptNumber: payment.receiptNumber, deskPaidBy: officer.subject, channel: payment.channel });
        return orderView(order);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ApiError(HttpStatus.CONFLICT, DeskErrorCode.ReceiptNumberTaken, `Receipt ${payment.receiptNumber} is already recorded for another order of your agency.`);
      }
      throw error;
    }
  }
}
