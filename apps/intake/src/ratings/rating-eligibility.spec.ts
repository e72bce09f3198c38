import { DOSSIER_STATUSES } from '../dossiers/dossier.entity';
import { ratingRefusal } from './rating-eligibility';
import { RatingErrorCode } from './rating-error-code';

describe(ratingRefusal.name, () => {
  it.each([3, 4])('opens a level %i dossier to rating once its result is delivered', (procedureLevel) => {
    expect(ratingRefusal({ procedureLevel, status: 'result_delivered' })).toBeNull();
  });

  it.each(DOSSIER_STATUSES.filter((status) => status !== 'result_delivered'))('keeps a %s dossier closed to rating', (status) => {
    expect(ratingRefusal({ procedureLevel: 4, status })).toBe(RatingErrorCode.RatingNotYetOpen);
  });

  it.each([1, 2])('never rates a level %i service, even delivered', (procedureLevel) => {
    expect(ratingRefusal({ procedureLevel, status: 'result_delivered' })).toBe(RatingErrorCode.RatingNotForLevel);
    expect(ratingRefusal({ procedureLevel, status: 'draft' })).toBe(RatingErrorCode.RatingNotForLevel);
  });
});
