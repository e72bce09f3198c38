import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Roles, type Principal } from '@app/platform';
import { OrderErrorCode } from '../orders/order-error-code';
import { OrderIdPipe } from '../orders/order-id.pipe';
import { OrdersService } from '../orders/orders.service';
import { VaultClientErrorCode } from '@app/vault-client';
import { RefundDto } from './refund.dto';
import { RefundErrorCode } from './refund-error-code';
import { refundView, type RefundView } from './refund.view';
import { Refunds } from './refunds.service';

@ApiTags('orders')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [OrderErrorCode, RefundErrorCode, VaultClientErrorCode] })
@Controller('orders')
export class RefundsController {
  constructor(
    private readonly refunds: Refunds,
    private readonly orders: OrdersService,
  ) {}

  @Post(':id/refunds')
  @Roles('officer')
  @Idempotent()
  @ApiOperation({ summary: "Give (part of) a paid fee back, through the gateway it was paid with, or at the desk; the total never exceeds what was paid" })
  async refund(@CurrentPrincipal() principal: Principal, @Param('id', OrderIdPipe) id: string, @Body() body: RefundDto): Promise<RefundView> {
    const agencyCode = principal.role === 'officer' ? principal.agencyCode : '';
    return refundView(await this.refunds.refund({ orderId: id, amountVnd: body.amountVnd, reason: body.reason, requestedBy: principal.subject, agencyCode }));
  }

  @Get(':id/refunds')
  @Roles('citizen', 'officer')
  @ApiOperation({ summary: "An order's refunds, oldest first: for its citizen and the agency's officers" })
  async list(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Param('id', OrderIdPipe) id: string): Promise<{ items: RefundView[] }> {
    // Someone else's order is 404 here as on the order itself.
    await this.orders.get(principal, authorization, id);
    return { items: (await this.refunds.ofOrder(id)).map(refundView) };
  }
}
