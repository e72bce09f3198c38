import { Controller, Get, Header, HttpStatus, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiError, ApiErrorCodes, Public } from '@app/platform';
import { PaymentSettings } from '../payment-settings';
import { GatewayCallbacks } from './gateway-callbacks.service';
import { GatewayErrorCode } from './gateway-error-code';
import { type IpnAnswer } from './ipn-ack';
import type { PaymentGateway } from './payment-gateway';
import { returnPage } from './return-page';

/**
 * What gateways and the citizen's browser call back, without a token: the gateway's signature
 * authenticates an IPN, and the return page shows only what the stored order says.
 */
@ApiExcludeController()
@ApiErrorCodes({ codes: [GatewayErrorCode] })
@Controller('gateways/:gateway')
export class GatewayCallbacksController {
  constructor(
    private readonly callbacks: GatewayCallbacks,
    private readonly settings: PaymentSettings,
  ) {}

  @Get('ipn')
  @Public()
  ipn(@Param('gateway') name: string, @Query() query: Record<string, unknown>): Promise<IpnAnswer> {
    return this.callbacks.acceptIpn(this.gateway(name), strings(query));
  }

  /** With a portal, the browser goes on to the dossier's payment page there, which reads the order's state itself. */
  @Get('return')
  @Public()
  @Header('cache-control', 'no-store')
  async return(@Param('gateway') name: string, @Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const order = await this.callbacks.returned(this.gateway(name), strings(query));
    if (order && this.settings.portalUrl) return response.redirect(303, `${this.settings.portalUrl}/dossiers/${order.dossierId}/payment?returned=1`);
    response.type('html').send(returnPage(order));
  }

  private gateway(name: string): PaymentGateway {
    const gateway = this.callbacks.gateway(name);
    if (!gateway) throw new ApiError(HttpStatus.NOT_FOUND, GatewayErrorCode.GatewayNotConfigured, 'No such gateway is configured here.');
    return gateway;
  }
}

/** A repeated parameter is not something a gateway sends: it is dropped, so it fails the signature. */
function strings(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
