import type { SatisfactionLevel } from '@app/contracts';
import type { DossierRating } from './dossier-rating.entity';
import { CRITERION_LABELS, RATING_CRITERIA, SATISFACTION_LABELS, type RatingCriterion } from './satisfaction-labels';

export interface LabelledLevel {
  readonly level: SatisfactionLevel;
  readonly label: string;
}

export interface LabelledCriterion extends LabelledLevel {
  readonly criterion: string;
}

export interface RatingView {
  readonly dossierId: string;
  readonly procedureCode: string;
  readonly procedureLevel: number;
  readonly satisfaction: LabelledLevel;
  /** Only the criteria the citizen rated. */
  readonly criteria: Partial<Record<RatingCriterion, LabelledCriterion>>;
  readonly comment: string | null;
  readonly ratedAt: string;
}

export function criteriaOf(rating: DossierRating): Partial<Record<RatingCriterion, SatisfactionLevel>> {
  const levels: Record<RatingCriterion, SatisfactionLevel | null> = {
    access: rating.criterionAccess,
    onTime: rating.criterionOnTime,
    attitude: rating.criterionAttitude,
    guidance: rating.criterionGuidance,
  };
  return Object.fromEntries(RATING_CRITERIA.flatMap((criterion) => (levels[criterion] ? [[criterion, levels[criterion]]] : [])));
}

export function toRatingView(rating: DossierRating): RatingView {
  const criteria = criteriaOf(rating);
  return {
    dossierId: rating.dossierId,
    procedureCode: rating.procedureCode,
    procedureLevel: rating.procedureLevel,
    satisfaction: { level: rating.satisfaction, label: SATISFACTION_LABELS[rating.satisfaction] },
    criteria: Object.fromEntries(
      RATING_CRITERIA.flatMap((criterion) => {
        const level = criteria[criterion];
        return level ? [[criterion, { criterion: CRITERION_LABELS[criterion], level, label: SATISFACTION_LABELS[level] }]] : [];
      }),
    ),
    comment: rating.comment,
    ratedAt: rating.ratedAt.toISOString(),
  };
}
