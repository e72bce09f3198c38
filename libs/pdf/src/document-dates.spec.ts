import { placeAndDate, placeOf, vietnameseDate } from './document-dates';

describe('Vietnamese document dates', () => {
  it('writes the place and date line and the short date', () => {
    expect(placeAndDate('Hà Nội', '2026-12-02')).toBe('Hà Nội, ngày 02 tháng 12 năm 2026');
    expect(vietnameseDate('2027-02-09')).toBe('09/02/2027');
  });

  it('takes the place from the governing body, and Hà Nội for a ministry', () => {
    expect(placeOf('Ủy ban nhân dân thành phố Hà Nội')).toBe('Hà Nội');
    expect(placeOf('Ủy ban nhân dân Thành phố Hồ Chí Minh')).toBe('Hồ Chí Minh');
    expect(placeOf('Ủy ban nhân dân tỉnh Quảng Ninh')).toBe('Quảng Ninh');
    expect(placeOf('Bộ Tư pháp')).toBe('Hà Nội');
  });
});
