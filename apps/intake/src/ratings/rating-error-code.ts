/** Every code the ratings module answers with, besides the platform's and the dossier lookups it shares (DossierErrorCode). */
export enum RatingErrorCode {
  RatingNotForLevel = 'RATING_NOT_FOR_LEVEL',
  RatingNotYetOpen = 'RATING_NOT_YET_OPEN',
  AlreadyRated = 'ALREADY_RATED',
  InvalidPeriod = 'INVALID_PERIOD',
  PeriodReversed = 'PERIOD_REVERSED',
  PeriodTooLong = 'PERIOD_TOO_LONG',
}
