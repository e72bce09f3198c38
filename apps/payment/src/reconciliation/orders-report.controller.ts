import { Controller, Get, Header, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, ApiErrorCodes, CurrentPrincipal, PlatformErrorCode, Roles, type Page, type Principal } from '@app/platform';
import { OrdersCsvQueryDto, OrdersReportQueryDto } from './dto/reconciliation.dto';
import { OrdersReportService, type OrderReportLine } from './orders-report.service';
import { ReconciliationErrorCode } from './reconciliation-error-code';

/** The officers' per-agency report of orders: amounts, gateway fees, states, gateway references, dossier ids. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [ReconciliationErrorCode] })
@Controller('reports')
export class OrdersReportController {
  constructor(private readonly report: OrdersReportService) {}

  @Get('orders.csv')
  @Roles('officer')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="orders.csv"')
  @ApiOperation({ summary: "The agency's orders created in a range of days, as one CSV" })
  csv(@CurrentPrincipal() principal: Principal, @Query() query: OrdersCsvQueryDto): Promise<string> {
    return this.report.csv(agencyOf(principal), query.from, query.to);
  }

  @Get('orders')
  @Roles('officer')
  @ApiOperation({ summary: "The agency's orders created in a range of days, keyset-paged by (created at, id)" })
  orders(@CurrentPrincipal() principal: Principal, @Query() query: OrdersReportQueryDto): Promise<Page<OrderReportLine>> {
    return this.report.page(agencyOf(principal), query.from, query.to, query.limit, query.cursor);
  }
}

function agencyOf(principal: Principal): string {
  // @Roles keeps everyone else out; this only narrows the type.
  if (principal.role !== 'officer') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, "The orders report is for the agency's officers.");
  return principal.agencyCode;
}
