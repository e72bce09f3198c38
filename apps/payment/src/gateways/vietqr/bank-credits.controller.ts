import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiErrorCodes, Public } from '@app/platform';
import { GatewayErrorCode } from '../gateway-error-code';
import { BankCreditErrorCode } from './bank-credit-error-code';
import { BankCredits, type CreditAcknowledgement } from './bank-credits.service';

/** The bank's server-to-server credit notifications, without a token: the signature authenticates them. */
@ApiExcludeController()
@ApiErrorCodes({ codes: [BankCreditErrorCode, GatewayErrorCode] })
@Controller('gateways/vietqr/credits')
export class BankCreditsController {
  constructor(private readonly credits: BankCredits) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  credit(@Body() body: unknown): Promise<CreditAcknowledgement> {
    return this.credits.accept(body);
  }
}
