import { formatDossierCode } from './dossier-code';

describe(formatDossierCode.name, () => {
  it('joins the agency code, the date as yymmdd and a four-digit daily number', () => {
    expect(formatDossierCode('000.00.12.H26', '2026-12-02', 1)).toBe('000.00.12.H26-261202-0001');
    expect(formatDossierCode('000.01.01.H29', '2027-01-09', 9999)).toBe('000.01.01.H29-270109-9999');
  });

  it('refuses a number the four digits cannot hold, and what is not a date', () => {
    expect(() => formatDossierCode('000.00.12.H26', '2026-12-02', 0)).toThrow(RangeError);
    expect(() => formatDossierCode('000.00.12.H26', '2026-12-02', 10_000)).toThrow(RangeError);
    expect(() => formatDossierCode('000.00.12.H26', '02/12/2026', 1)).toThrow('not a calendar date');
  });
});
