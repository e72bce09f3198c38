import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SATISFACTION_LEVELS, type SatisfactionLevel } from '@app/contracts';
import type { MonthRange } from './rating-period';
import { RATING_CRITERIA, type RatingCriterion } from './satisfaction-labels';

export interface SatisfactionCounts {
  readonly verySatisfied: number;
  readonly satisfied: number;
  readonly notSatisfied: number;
  readonly total: number;
}

export interface RatingCounts extends SatisfactionCounts {
  /** Per criterion, the ratings that rated it; `total` may be less than the ratings'. */
  readonly criteria: Record<RatingCriterion, SatisfactionCounts>;
}

/** One procedure in one month (Vietnam time). */
export interface MonthlyRatingCounts extends RatingCounts {
  readonly procedureCode: string;
  readonly period: string;
}

const COUNT_NAMES: Record<SatisfactionLevel, keyof Omit<SatisfactionCounts, 'total'>> = {
  very_satisfied: 'verySatisfied',
  satisfied: 'satisfied',
  not_satisfied: 'notSatisfied',
};

/** The column each criterion is kept in. */
const CRITERION_COLUMNS: Record<RatingCriterion, string> = {
  access: 'criterion_access',
  onTime: 'criterion_on_time',
  attitude: 'criterion_attitude',
  guidance: 'criterion_guidance',
};

// Every count as its own column, named `<column>__<level>`: one scan gives all of them.
const COUNT_COLUMNS = [
  ...SATISFACTION_LEVELS.map((level) => `count(*) FILTER (WHERE satisfaction = '${level}')::int AS "satisfaction__${level}"`),
  ...RATING_CRITERIA.flatMap((criterion) =>
    SATISFACTION_LEVELS.map((level) => `count(*) FILTER (WHERE ${CRITERION_COLUMNS[criterion]} = '${level}')::int AS "${criterion}__${level}"`),
  ),
].join(',\n      ');

type CountRow = { procedure_code: string; period: string } & Record<string, number>;

/** The ratings' aggregates, and the only queries over them: no comment and no dossier id ever leaves here. */
@Injectable()
export class RatingStatistics {
  constructor(private readonly dataSource: DataSource) {}

  /** Months with at least one rating, by procedure then month. */
  async monthly(agencyCode: string, range: MonthRange, procedureCode: string | undefined): Promise<MonthlyRatingCounts[]> {
    const rows = await this.dataSource.query<CountRow[]>(
      `SELECT procedure_code,
        -- The month in Vietnam (UTC+7 all year), as the range's bounds are.
        to_char((rated_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM') AS period,
        ${COUNT_COLUMNS}
      FROM dossier_rating
      WHERE agency_code = $1 AND rated_at >= $2 AND rated_at < $3 AND ($4::text IS NULL OR procedure_code = $4)
      GROUP BY 1, 2
      ORDER BY 1, 2`,
      [agencyCode, range.startsAt, range.endsBefore, procedureCode ?? null],
    );
    return rows.map((row) => ({
      procedureCode: row.procedure_code,
      period: row.period,
      ...counts((level) => row[`satisfaction__${level}`]),
      criteria: criteriaCounts((criterion, level) => row[`${criterion}__${level}`]),
    }));
  }
}

/** The sum of several months' counts: the agency's total over the range. */
export function sumCounts(months: readonly RatingCounts[]): RatingCounts {
  const sum = (pick: (month: RatingCounts) => SatisfactionCounts, level: SatisfactionLevel) =>
    months.reduce((total, month) => total + pick(month)[COUNT_NAMES[level]], 0);
  return {
    ...counts((level) => sum((month) => month, level)),
    criteria: criteriaCounts((criterion, level) => sum((month) => month.criteria[criterion], level)),
  };
}

function counts(of: (level: SatisfactionLevel) => number): SatisfactionCounts {
  const verySatisfied = of('very_satisfied');
  const satisfied = of('satisfied');
  const notSatisfied = of('not_satisfied');
  return { verySatisfied, satisfied, notSatisfied, total: verySatisfied + satisfied + notSatisfied };
}

function criteriaCounts(of: (criterion: RatingCriterion, level: SatisfactionLevel) => number): Record<RatingCriterion, SatisfactionCounts> {
  return Object.fromEntries(RATING_CRITERIA.map((criterion) => [criterion, counts((level) => of(criterion, level))])) as Record<RatingCriterion, SatisfactionCounts>;
}
