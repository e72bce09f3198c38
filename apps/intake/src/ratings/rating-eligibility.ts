import type { Dossier } from '../dossiers/dossier.entity';
import { RatingErrorCode } from './rating-error-code';

/** Circular 32/2017 asks for ratings of online services at levels 3 and 4 only. */
const RATED_LEVELS: readonly number[] = [3, 4];

export type RatingRefusal = RatingErrorCode.RatingNotForLevel | RatingErrorCode.RatingNotYetOpen;

/**
 * Why this dossier may not be rated yet, or null if it may. The citizen rates the whole
 * handling, so only once the result is in their hands (result_delivered).
 */
export function ratingRefusal(dossier: Pick<Dossier, 'procedureLevel' | 'status'>): RatingRefusal | null {
  if (!RATED_LEVELS.includes(dossier.procedureLevel)) return RatingErrorCode.RatingNotForLevel;
  if (dossier.status !== 'result_delivered') return RatingErrorCode.RatingNotYetOpen;
  return null;
}
