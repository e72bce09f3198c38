import { Transform } from 'class-transformer';

/**
 * Free text as it is stored and printed: NFC (Vietnamese typed on some keyboards arrives
 * decomposed, and would neither compare equal nor extract from a PDF as the same words) and
 * without surrounding blanks, so a reason of spaces is as empty as no reason.
 */
export const NormalizedText = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));
