import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/platform';
import { asOfficerOf } from '../dossiers/dossier-access';
import { IntakeSettings } from '../intake-settings';
import type { RatingPeriodQueryDto } from './dto/rating-period-query.dto';
import { monthRange } from './rating-period';
import { RatingStatistics, sumCounts, type MonthlyRatingCounts, type RatingCounts, type SatisfactionCounts } from './rating-statistics.service';
import { toCsv } from './ratings-csv';

export interface RatingSummaryView {
  readonly agencyCode: string;
  readonly from: string;
  readonly to: string;
  readonly procedureCode: string | null;
  /** Per procedure and month, only months with ratings. */
  readonly months: MonthlyRatingCounts[];
  readonly total: RatingCounts;
}

export interface OpenRatingsRow extends SatisfactionCounts {
  readonly agencyCode: string;
  readonly procedureCode: string;
  readonly period: string;
}

/** What anyone may download: counts only, as in the CSV. */
export interface OpenRatingsView {
  readonly agencyCode: string;
  readonly from: string;
  readonly to: string;
  readonly procedureCode: string | null;
  readonly rows: OpenRatingsRow[];
}

export const OPEN_RATINGS_CSV_COLUMNS = ['agency_code', 'procedure_code', 'period', 'very_satisfied', 'satisfied', 'not_satisfied', 'total'] as const;

/** This agency's ratings, summed: in full for its officers, as open data for everyone. */
@Injectable()
export class RatingReports {
  constructor(
    private readonly settings: IntakeSettings,
    private readonly statistics: RatingStatistics,
  ) {}

  async summary(principal: Principal, query: RatingPeriodQueryDto): Promise<RatingSummaryView> {
    asOfficerOf(principal, this.settings.agencyCode);
    const range = monthRange(query.from, query.to, new Date());
    const months = await this.statistics.monthly(this.settings.agencyCode, range, query.procedureCode);
    return { agencyCode: this.settings.agencyCode, from: range.from, to: range.to, procedureCode: query.procedureCode ?? null, months, total: sumCounts(months) };
  }

  async openData(query: RatingPeriodQueryDto): Promise<OpenRatingsView> {
    const range = monthRange(query.from, query.to, new Date());
    const months = await this.statistics.monthly(this.settings.agencyCode, range, query.procedureCode);
    return {
      agencyCode: this.settings.agencyCode,
      from: range.from,
      to: range.to,
      procedureCode: query.procedureCode ?? null,
      rows: months.map(({ procedureCode, period, verySatisfied, satisfied, notSatisfied, total }) => ({
        agencyCode: this.settings.agencyCode,
        procedureCode,
        period,
        verySatisfied,
        satisfied,
        notSatisfied,
        total,
      })),
    };
  }
}

export function openRatingsCsv(view: OpenRatingsView): string {
  return toCsv(
    OPEN_RATINGS_CSV_COLUMNS,
    view.rows.map((row) => [row.agencyCode, row.procedureCode, row.period, row.verySatisfied, row.satisfied, row.notSatisfied, row.total]),
  );
}
