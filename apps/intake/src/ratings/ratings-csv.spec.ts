import { toCsv } from './ratings-csv';

describe(toCsv.name, () => {
  it('ends every record, the header included, with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x', 1], ['y', 2]])).toBe('a,b\r\nx,1\r\ny,2\r\n');
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes (RFC 4180 §2.6–2.7)', () => {
    expect(toCsv(['f'], [['a,b'], ['say "hi"'], ['two\r\nlines'], ['lf\nonly'], ['plain']])).toBe('f\r\n"a,b"\r\n"say ""hi"""\r\n"two\r\nlines"\r\n"lf\nonly"\r\nplain\r\n');
  });
});
