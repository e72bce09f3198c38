import type { SatisfactionLevel } from '@app/contracts';

/** The wording of Circular 32/2017/TT-BTTTT, which citizens see on the rating form. */
export const SATISFACTION_LABELS: Record<SatisfactionLevel, string> = {
  very_satisfied: 'Rất hài lòng',
  satisfied: 'Hài lòng',
  not_satisfied: 'Chưa hài lòng',
};

export const RATING_CRITERIA = ['access', 'onTime', 'attitude', 'guidance'] as const;
export type RatingCriterion = (typeof RATING_CRITERIA)[number];

export const CRITERION_LABELS: Record<RatingCriterion, string> = {
  access: 'Tiếp cận dịch vụ',
  onTime: 'Giải quyết đúng hạn',
  attitude: 'Thái độ của công chức',
  guidance: 'Hướng dẫn rõ ràng, dễ hiểu',
};
