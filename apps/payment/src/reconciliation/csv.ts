/** One CSV record and the line its first field starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180, strictly: fields may be quoted, a quote inside a quoted field is doubled, and a
 * quote anywhere else is an error rather than a guess. Records end with CRLF (LF is accepted,
 * as files edited on Linux have it); a final line break is optional; a leading UTF-8 BOM,
 * which spreadsheet programs add, is dropped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let at = 0;
  while (at < source.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (source[at] === '"') {
        at++;
        for (;;) {
          if (at >= source.length) throw new CsvSyntaxError(start, 'a quoted field is not closed.');
          const char = source[at];
          if (char === '"') {
            if (source[at + 1] === '"') {
              field += '"';
              at += 2;
              continue;
            }
            at++;
            break;
          }
          if (char === '\n') line++;
          field += char;
          at++;
        }
        if (at < source.length && source[at] !== ',' && source[at] !== '\r' && source[at] !== '\n') throw new CsvSyntaxError(line, 'text follows a closing quote.');
      } else {
        while (at < source.length && source[at] !== ',' && source[at] !== '\r' && source[at] !== '\n') {
          if (source[at] === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field.');
          field += source[at];
          at++;
        }
      }
      fields.push(field);
      if (source[at] === ',') {
        at++;
        continue;
      }
      break;
    }
    if (source[at] === '\r') {
      if (source[at + 1] !== '\n') throw new CsvSyntaxError(line, 'a carriage return without a line feed.');
      at++;
    }
    if (source[at] === '\n') {
      at++;
      line++;
    }
    records.push({ line: start, fields });
  }
  return records;
}

/** RFC 4180 text: CRLF after every record, quotes only where a field needs them. */
export function writeCsv(records: readonly (readonly string[])[]): string {
  return records.map((fields) => fields.map(quoteIfNeeded).join(',') + '\r\n').join('');
}

function quoteIfNeeded(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
