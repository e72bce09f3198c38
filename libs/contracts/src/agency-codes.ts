/**
 * Electronic identifier codes of state agencies (QCVN 102:2016/BTTTT), e.g. `000.00.12.H26`:
 * four dot-separated groups; the last one names the level-1 body (H26, G10, …).
 */
export const AGENCY_CODE_PATTERN = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$/;

/** Topic names allow dots, but a slug keeps one body's topic a single readable segment. */
export function agencyCodeSlug(code: string): string {
  return code.toLowerCase().replaceAll('.', '-');
}
