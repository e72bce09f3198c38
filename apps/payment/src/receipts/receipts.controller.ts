import { Controller, Get, Header, Headers, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Roles, type Principal } from '@app/platform';
import { OrderErrorCode } from '../orders/order-error-code';
import { OrderIdPipe } from '../orders/order-id.pipe';
import { VaultClientErrorCode } from '@app/vault-client';
import { ReceiptErrorCode } from './receipt-error-code';
import { Receipts } from './receipts.service';

@ApiTags('orders')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [OrderErrorCode, ReceiptErrorCode, VaultClientErrorCode] })
@Controller('orders')
export class ReceiptsController {
  constructor(private readonly receipts: Receipts) {}

  @Get(':id/receipt.pdf')
  @Roles('citizen', 'officer')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The electronic fee receipt of a paid order (Vietnamese), for its citizen and the agency' })
  async receipt(@CurrentPrincipal() principal: Principal, @Headers('authorization') authorization: string, @Param('id', OrderIdPipe) id: string): Promise<StreamableFile> {
    const { pdf, fileName } = await this.receipts.pdf(principal, authorization, id);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length, disposition: `inline; filename="${fileName}"` });
  }
}
