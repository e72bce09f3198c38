import { Controller, Get, Header, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiError, ApiErrorCodes, Public } from '@app/platform';
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
  constructor(private readonly callbacks: GatewayCallbacks) {}

  @Get('ipn')
  @Public()
  ipn(@Param('gateway') name: string, @Query() query: Record<string, unknown>): Promise<IpnAnswer> {
    return this.callbacks.acceptIpn(this.gateway(name), strings(query));
  }

  @Get('return')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async return(@Param('gateway') name: string, @Query() query: Record<string, unknown>): Promise<string> {
    return returnPage(await this.callbacks.returned(this.gateway(name), strings(query)));
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
