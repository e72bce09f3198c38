import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Roles, type Page, type Principal } from '@app/platform';
import { GatewayErrorCode } from '../gateways/gateway-error-code';
import type { CheckoutAnswer } from '../gateways/payment-gateway';
import { VaultClientErrorCode } from '@app/vault-client';
import { CheckoutDto } from './dto/checkout.dto';
import { OrdersQueryDto } from './dto/orders-query.dto';
import { OrderErrorCode } from './order-error-code';
import { OrderIdPipe } from './order-id.pipe';
import type { OrderView } from './order.view';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [OrderErrorCode, GatewayErrorCode, VaultClientErrorCode] })
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @Roles('citizen', 'officer')
  @ApiOperation({ summary: "A dossier's payment orders: the citizen's own, or an officer's agency's" })
  list(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Query() query: OrdersQueryDto): Promise<Page<OrderView>> {
    return this.orders.list(principal, authorization, query);
  }

  @Get(':id')
  @Roles('citizen', 'officer')
  @ApiOperation({ summary: 'One payment order' })
  get(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Param('id', OrderIdPipe) id: string): Promise<OrderView> {
    return this.orders.get(principal, authorization, id);
  }

  @Post(':id/checkout')
  @Roles('citizen')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pay an online order at a gateway: the URL to send the browser to, or the VietQR code to scan' })
  checkout(
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
    @Param('id', OrderIdPipe) id: string,
    @Body() body: CheckoutDto,
  ): Promise<CheckoutAnswer> {
    return this.orders.checkout(principal, authorization, id, body.gateway);
  }
}
