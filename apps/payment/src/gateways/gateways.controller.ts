import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/platform';
import { GATEWAYS_OFF, PAYMENT_GATEWAYS, type GatewayOffReason, type PaymentGateway } from './payment-gateway';

export interface GatewayState {
  readonly name: string;
  readonly on: boolean;
  /** Why an adapter is off, e.g. "PAYGOV_URL is not set"; null when on. */
  readonly reason: string | null;
}

@ApiTags('gateways')
@ApiBearerAuth()
@Controller('gateways')
export class GatewaysController {
  constructor(
    @Inject(PAYMENT_GATEWAYS) private readonly gateways: readonly PaymentGateway[],
    @Inject(GATEWAYS_OFF) private readonly off: readonly GatewayOffReason[],
  ) {}

  @Get()
  @Roles('citizen', 'officer', 'admin')
  @ApiOperation({ summary: 'Which gateway adapters are on here, and why the others are not' })
  list(): { items: GatewayState[] } {
    return {
      items: [...this.gateways.map((gateway) => ({ name: gateway.name, on: true, reason: null })), ...this.off.map(({ name, reason }) => ({ name, on: false, reason }))].sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    };
  }
}
