/** "Hà Nội, ngày 02 tháng 12 năm 2026": the place and date line of Decree 30/2020, for a date in Vietnam. */
export function placeAndDate(place: string, vietnamDay: string): string {
  const [year, month, day] = vietnamDay.split('-');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/** 2026-12-15 → 15/12/2026, as dates are written on Vietnamese documents. */
export function vietnameseDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/**
 * The place a document is issued in, from its governing body's name: "Ủy ban nhân dân thành
 * phố Hà Nội" → "Hà Nội". A ministry's documents are issued in Hà Nội.
 */
export function placeOf(governingBodyNameVi: string): string {
  const local = /(?:thành phố|tỉnh)\s+(.+)$/i.exec(governingBodyNameVi.normalize('NFC'));
  return local ? local[1].trim() : 'Hà Nội';
}
