import type { EntityManager } from 'typeorm';

const MAX_DAILY_NUMBER = 9999;

/**
 * The national dossier code of Circular 01/2018/TT-VPCP: the agency's electronic identifier
 * code, the day of reception as yymmdd (Vietnam's date) and that day's sequence number in four
 * digits, e.g. `000.00.12.H26-261202-0001`.
 */
export function formatDossierCode(agencyCode: string, day: string, number: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`${day} is not a calendar date`);
  if (!Number.isInteger(number) || number < 1 || number > MAX_DAILY_NUMBER) throw new RangeError(`daily number ${number} is outside 1–${MAX_DAILY_NUMBER}`);
  return `${agencyCode}-${day.slice(2).replace(/-/g, '')}-${String(number).padStart(4, '0')}`;
}

/**
 * Takes the next number of `day` for this desk. One row per day, incremented under its row
 * lock: two officers receiving at the same moment get consecutive numbers, and a rolled-back
 * reception gives its number back.
 */
export async function allocateDossierCode(manager: EntityManager, agencyCode: string, day: string): Promise<string> {
  const rows: { last_number: number }[] = await manager.query(
    `INSERT INTO dossier_code_sequence (day, last_number) VALUES ($1, 1)
     ON CONFLICT (day) DO UPDATE SET last_number = dossier_code_sequence.last_number + 1
     RETURNING last_number`,
    [day],
  );
  return formatDossierCode(agencyCode, day, rows[0].last_number);
}
