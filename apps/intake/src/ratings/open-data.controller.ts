import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorCodes, Public } from '@app/platform';
import { RatingPeriodQueryDto } from './dto/rating-period-query.dto';
import { RatingErrorCode } from './rating-error-code';
import { openRatingsCsv, RatingReports, type OpenRatingsView } from './rating-reports.service';

/** Published for anyone, without a token: counts per procedure and month, never a comment, a dossier or a person. */
@ApiTags('open data')
@ApiErrorCodes({ codes: [RatingErrorCode] })
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly reports: RatingReports) {}

  @Get('ratings.json')
  @Public()
  @ApiOperation({ summary: "This agency's satisfaction counts per procedure and month" })
  ratings(@Query() query: RatingPeriodQueryDto): Promise<OpenRatingsView> {
    return this.reports.openData(query);
  }

  @Get('ratings.csv')
  @Public()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same counts as CSV (RFC 4180, UTF-8, CRLF)' })
  async ratingsCsv(@Query() query: RatingPeriodQueryDto, @Res({ passthrough: true }) response: Response): Promise<string> {
    const view = await this.reports.openData(query);
    // Set only once the data is there: a refusal is still answered as JSON.
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `inline; filename="ratings-${view.agencyCode}-${view.from}-${view.to}.csv"`);
    return openRatingsCsv(view);
  }
}
