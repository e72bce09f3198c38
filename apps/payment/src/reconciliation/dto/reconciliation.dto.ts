import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { PageQuery } from '@app/platform';

/** A calendar day; IsISO8601 strict refuses 2026-02-30. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ReconciliationRequestDto {
  @ApiProperty({ example: '2026-12-02', description: 'The settlement day (Vietnam time).' })
  @Matches(DAY, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  date!: string;

  @ApiProperty({ enum: ['sandbox'], description: 'The gateway whose settlement file to compare; only the sandbox publishes one yet.' })
  @IsIn(['sandbox'])
  gateway!: 'sandbox';
}

export class OrdersReportQueryDto extends PageQuery {
  @ApiProperty({ example: '2026-12-01', description: 'First day, inclusive (Vietnam time), of the orders created.' })
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last day, inclusive.' })
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to!: string;
}

/** The CSV is the whole range in one file: a page size or a cursor would be ignored, so neither is accepted. */
export class OrdersCsvQueryDto extends OmitType(OrdersReportQueryDto, ['limit', 'cursor'] as const) {}
