import type { Language } from './template-definition';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An ISO date (`2026-12-09`) or instant, as a day in Việt Nam; anything else is an error, never "Invalid Date". */
function instant(value: unknown, filter: string): Date {
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : undefined;
  // A bare date is a calendar day: noon in Việt Nam keeps it that day in any formatter.
  const date = text === undefined ? new Date(NaN) : /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T12:00:00+07:00`) : new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`the ${filter} filter needs an ISO date, not ${JSON.stringify(value)}`);
  return date;
}

/**
 * One formatter per language, made once: building an Intl.DateTimeFormat loads locale and
 * time-zone data, and doing it for every date filled took a tenth of the service's CPU.
 */
const DATE_TIME_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};
const NUMBER_FORMATS: Record<Language, Intl.NumberFormat> = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

function parts(date: Date, language: Language): Record<string, string> {
  return Object.fromEntries(DATE_TIME_FORMATS[language].formatToParts(date).map((part) => [part.type, part.value]));
}

/** `09/12/2026` or `9 December 2026`. */
export function formatDate(value: unknown, language: Language): string {
  const p = parts(instant(value, 'date'), language);
  return language === 'vi' ? `${p.day}/${p.month}/${p.year}` : `${p.day} ${p.month} ${p.year}`;
}

/** `14:30 ngày 09/12/2026` or `14:30, 9 December 2026`, Việt Nam time. */
export function formatDateTime(value: unknown, language: Language): string {
  const date = instant(value, 'datetime');
  const p = parts(date, language);
  return language === 'vi' ? `${p.hour}:${p.minute} ngày ${formatDate(date, language)}` : `${p.hour}:${p.minute}, ${formatDate(date, language)}`;
}

/** Whole đồng: `150.000 đồng` or `VND 150,000`. */
export function formatVnd(value: unknown, language: Language): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`the vnd filter needs a whole number of đồng, not ${JSON.stringify(value)}`);
  return language === 'vi' ? `${NUMBER_FORMATS.vi.format(value)} đồng` : `VND ${NUMBER_FORMATS.en.format(value)}`;
}
