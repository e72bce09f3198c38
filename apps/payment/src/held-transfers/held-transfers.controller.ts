import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Roles, type Page, type Principal } from '@app/platform';
import { OrderErrorCode } from '../orders/order-error-code';
import { HeldTransfersQueryDto, ResolutionDto } from './dto/held-transfers.dto';
import { HeldTransferErrorCode } from './held-transfer-error-code';
import { HeldTransferIdPipe } from './held-transfer-id.pipe';
import { HeldTransfersService, type HeldTransferView } from './held-transfers.service';

@ApiTags('held-transfers')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [HeldTransferErrorCode, OrderErrorCode] })
@Controller('held-transfers')
export class HeldTransfersController {
  constructor(private readonly held: HeldTransfersService) {}

  @Get()
  @Roles('officer', 'admin')
  @ApiOperation({ summary: "Bank transfers held for a decision: an officer's agency's; for an admin, those naming no order" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: HeldTransfersQueryDto): Promise<Page<HeldTransferView>> {
    return this.held.list(principal, query);
  }

  @Post(':id/resolution')
  @Roles('officer', 'admin')
  @Idempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Refund a held transfer by hand, or accept it as the payment of its order (exact amount only)' })
  resolve(@CurrentPrincipal() principal: Principal, @Param('id', HeldTransferIdPipe) id: string, @Body() body: ResolutionDto): Promise<HeldTransferView> {
    return this.held.resolve(principal, id, body);
  }
}
