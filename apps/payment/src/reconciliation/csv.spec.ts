import { CsvSyntaxError, parseCsv, writeCsv } from './csv';

describe(parseCsv.name, () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"two\r\nlines",x,\r\nlast,,z')).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
      { line: 2, fields: ['two\r\nlines', 'x', ''] },
      { line: 4, fields: ['last', '', 'z'] },
    ]);
  });

  it('accepts LF line ends, a final line break and a leading BOM', () => {
    expect(parseCsv('\uFEFFa,b\nc,d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it.each([
    ['an unclosed quote', 'a,b\r\nc,"d', 2],
    ['text after a closing quote', 'a,"b"c', 1],
    ['a quote inside an unquoted field', 'a\r\nb"c,d', 2],
    ['a bare carriage return', 'a\rb', 1],
  ])('refuses %s, naming the line', (_case, text, line) => {
    expect(() => parseCsv(text)).toThrow(expect.objectContaining({ constructor: CsvSyntaxError, line }));
  });
});

describe(writeCsv.name, () => {
  it('quotes only what needs it, ends every record with CRLF, and reads back to the same fields', () => {
    const records = [
      ['plain', 'with,comma', 'with "quote"'],
      ['Đà Nẵng', 'two\nlines', ''],
    ];
    const text = writeCsv(records);
    expect(text).toBe('plain,"with,comma","with ""quote"""\r\nĐà Nẵng,"two\nlines",\r\n');
    expect(parseCsv(text).map((record) => record.fields)).toEqual(records);
  });
});
