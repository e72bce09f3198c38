import { Body, Controller, Get, Header, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Roles, type Principal } from '@app/platform';
import { GatewayErrorCode } from '../gateways/gateway-error-code';
import { ReconciliationRequestDto } from './dto/reconciliation.dto';
import { ReconciliationErrorCode } from './reconciliation-error-code';
import { ReconciliationIdPipe } from './reconciliation-id.pipe';
import { ReconciliationsService, type ReconciliationRunView } from './reconciliations.service';

@ApiTags('reconciliations')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [ReconciliationErrorCode, GatewayErrorCode] })
@Controller('reconciliations')
export class ReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsService) {}

  @Post()
  @Roles('officer', 'admin')
  @Idempotent()
  @ApiOperation({ summary: "Fetch a gateway's settlement file of one day and compare it with the orders here: an officer's agency's, or every agency's for an admin" })
  run(@CurrentPrincipal() principal: Principal, @Body() body: ReconciliationRequestDto): Promise<ReconciliationRunView> {
    return this.reconciliations.run(principal, body.date, body.gateway);
  }

  // Before ':id', which would otherwise take "….csv" as an id.
  @Get(':id.csv')
  @Roles('officer', 'admin')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="reconciliation.csv"')
  @ApiOperation({ summary: 'A reconciliation run as CSV for a spreadsheet' })
  csv(@CurrentPrincipal() principal: Principal, @Param('id', ReconciliationIdPipe) id: string): Promise<string> {
    return this.reconciliations.csv(principal, id);
  }

  @Get(':id')
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'A reconciliation run: totals, matched lines and every mismatch' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ReconciliationIdPipe) id: string): Promise<ReconciliationRunView> {
    return this.reconciliations.get(principal, id);
  }
}
