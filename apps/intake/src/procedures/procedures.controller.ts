import { Controller, Get, Query } from '@nestjs/common';
import { ApiErrorCodes, PageQuery, type Page } from '@app/platform';
import { ProcedureErrorCode } from './procedure-error-code';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProcedureCatalog, type ProcedureView } from './procedure-catalog.service';

@ApiTags('procedures')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [ProcedureErrorCode] })
@Controller('procedures')
export class ProceduresController {
  constructor(private readonly catalog: ProcedureCatalog) {}

  @Get()
  @ApiOperation({ summary: "This agency's procedures, with their service level and required documents" })
  list(@Query() page: PageQuery): Promise<Page<ProcedureView>> {
    return this.catalog.list(page);
  }
}
