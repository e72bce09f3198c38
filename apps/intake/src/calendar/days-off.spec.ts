import Holidays from 'date-holidays';
import { checkYearOfDaysOff, type DaysOffFile } from './year-of-days-off';
import days2025 from './days-off/2025.json';
import days2026 from './days-off/2026.json';
import days2027 from './days-off/2027.json';
import { WorkingCalendar } from './working-calendar';

const FILES: DaysOffFile[] = [days2025, days2026, days2027];

// The lunar dates are the ones a typo would slip into unnoticed; date-holidays computes them on
// Vietnam's own calendar (UTC+7), where Chinese-calendar libraries are a day off in some years.
describe('the official days off on file', () => {
  const holidays = new Holidays('VN', { timezone: 'Asia/Ho_Chi_Minh' });

  function lunarDate(year: number, rule: string): string {
    const found = holidays.getHolidays(year).filter((holiday) => holiday.rule === rule);
    expect(found, `date-holidays has one ${rule} in ${year}`).toHaveLength(1);
    return found[0].date.slice(0, 10);
  }

  it('cover 2025 to 2027, one file a year, and load', () => {
    expect(FILES.map((file) => file.year)).toEqual([2025, 2026, 2027]);
    expect(WorkingCalendar.official().lastDateOnFile()).toBe('2027-12-31');
  });

  describe.each(FILES)('$year', (file) => {
    const year = checkYearOfDaysOff(file);
    const dayOff = (date: string) => year.daysOff.find((day) => day.date === date);

    it('has the first day of Tết where Vietnam’s lunar calendar puts it', () => {
      const tet = lunarDate(year.year, 'vietnamese 1-0-1');
      expect(dayOff(tet)).toMatchObject({ kind: 'lunar-holiday', nameVi: expect.stringContaining('mùng 1 Tết') });
      // The five days of Tết (Labour Code art. 112(1)(b)) are consecutive and include it.
      const tetDays = year.daysOff.filter((day) => day.kind === 'lunar-holiday' && day.nameVi.startsWith('Tết')).map((day) => day.date);
      expect(tetDays).toHaveLength(5);
      expect(tetDays).toContain(tet);
      expect(Date.parse(tetDays[4]) - Date.parse(tetDays[0])).toBe(4 * 24 * 60 * 60 * 1000);
    });

    it("has the Hùng Kings' day (10/3 lunar) where Vietnam’s lunar calendar puts it", () => {
      expect(dayOff(lunarDate(year.year, 'vietnamese 3-0-10'))).toMatchObject({ kind: 'lunar-holiday', nameVi: expect.stringContaining('Hùng Vương') });
    });

    it('has every solar holiday of art. 112 and one day adjacent to 2 September', () => {
      for (const date of ['01-01', '04-30', '05-01', '09-02']) expect(dayOff(`${year.year}-${date}`)?.kind).toBe('holiday');
      const adjacent = [`${year.year}-09-01`, `${year.year}-09-03`].filter((date) => dayOff(date)?.kind === 'holiday');
      expect(adjacent).toHaveLength(1);
    });

    it('says where the days come from, and each swapped day is paid back on a Saturday', () => {
      expect(year.source).not.toHaveLength(0);
      const swapped = year.daysOff.filter((day) => day.kind === 'swapped');
      expect(year.workingWeekendDays).toHaveLength(swapped.length);
    });
  });
});
