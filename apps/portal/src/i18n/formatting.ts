/**
 * Dates, times and money as Vietnamese readers expect them, in Việt Nam's time zone whatever
 * the server's: 17/05/2026, 14:05 17/05/2026, 1.250.000 ₫. English pages keep the same
 * day-first dates (they are Vietnamese documents) and the đồng sign.
 */
export type Language = 'vi' | 'en';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const dateFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
const vndFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** A calendar day (`2026-05-17`) is shown as itself; an instant is converted to Việt Nam time. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-');
    return `${day}/${month}/${year}`;
  }
  return dateFormat.format(new Date(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const instant = new Date(value);
  return `${timeFormat.format(instant)} ${dateFormat.format(instant)}`;
}

/** Whole đồng with dots between thousands and the sign after a no-break space: 1.250.000 ₫. */
export function formatVnd(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  return `${vndFormat.format(amount)}\u00a0₫`;
}
