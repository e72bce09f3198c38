import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Roles, type Principal } from '@app/platform';
import { OrderErrorCode } from '../orders/order-error-code';
import { OrderIdPipe } from '../orders/order-id.pipe';
import type { OrderView } from '../orders/order.view';
import { DeskErrorCode } from './desk-error-code';
import { DeskPaymentDto } from './desk-payment.dto';
import { DeskPayments } from './desk-payments.service';

@ApiTags('orders')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [OrderErrorCode, DeskErrorCode] })
@Controller('orders')
export class DeskPaymentsController {
  constructor(private readonly desk: DeskPayments) {}

  @Post(':id/desk-payment')
  @Roles('officer')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a level 3 fee paid at the desk, in person or by post, with the desk receipt number' })
  record(@CurrentPrincipal() principal: Principal, @Param('id', OrderIdPipe) id: string, @Body() body: DeskPaymentDto): Promise<OrderView> {
    return this.desk.record(principal, id, body);
  }
}
