import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorCodes, CurrentPrincipal, Idempotent, Roles, type Principal } from '@app/platform';
import { DossierErrorCode } from '../dossiers/dossier-error-code';
import { DossierIdPipe } from '../dossiers/dossier-id.pipe';
import { CreateRatingDto } from './dto/create-rating.dto';
import { RatingPeriodQueryDto } from './dto/rating-period-query.dto';
import { RatingErrorCode } from './rating-error-code';
import { RatingReports, type RatingSummaryView } from './rating-reports.service';
import { RatingService } from './rating.service';
import type { RatingView } from './rating.view';

@ApiTags('ratings')
@ApiBearerAuth()
@ApiErrorCodes({ codes: [RatingErrorCode, DossierErrorCode] })
@Controller()
export class RatingsController {
  constructor(
    private readonly ratings: RatingService,
    private readonly reports: RatingReports,
  ) {}

  @Post('dossiers/:id/rating')
  @Roles('citizen')
  @Idempotent()
  @ApiOperation({ summary: 'Rate a level 3 or 4 dossier once its result is delivered (Circular 32/2017); once only' })
  rate(@CurrentPrincipal() principal: Principal, @Param('id', DossierIdPipe) id: string, @Body() body: CreateRatingDto): Promise<RatingView> {
    return this.ratings.rate(principal, id, body);
  }

  @Get('ratings/summary')
  @Roles('officer')
  @ApiOperation({ summary: "This agency's ratings per procedure and month, with the detailed criteria and the total" })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: RatingPeriodQueryDto): Promise<RatingSummaryView> {
    return this.reports.summary(principal, query);
  }
}
