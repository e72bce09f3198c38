/**
 * Vietnamese without tone marks ("Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan").
 * Brand-name SMS usually goes unaccented: with diacritics a message is UCS-2, 70 characters a
 * segment instead of 160, and some carriers refuse it on brand-name routes.
 */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
