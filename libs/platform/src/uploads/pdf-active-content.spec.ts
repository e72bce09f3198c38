import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { renderPdf } from '@app/pdf';
import { ApiError } from '../errors/api-error';
import { assertNoActivePdfContent, MAX_INFLATED_OBJECT_STREAM_BYTES } from './pdf-active-content';

type Part = string | Buffer;

/** A PDF of these objects (numbered from 1), with a cross-reference table, as a writer would lay it out. */
function pdf(...objects: Part[][]): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = chunks[0].length;
  objects.forEach((parts, index) => {
    offsets.push(at);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), ...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)), Buffer.from('\nendobj\n')]);
    chunks.push(object);
    at += object.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(chunks);
}

/** A stream object's parts: its dictionary (with /Length added unless given) and its bytes. */
const stream = (dictionary: string, data: Buffer, length: string = String(data.length)): Part[] => [`<< ${dictionary} /Length ${length} >>\nstream\n`, data, '\nendstream'];

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
const catalogWith = (entries: string) => `<< /Type /Catalog /Pages 2 0 R ${entries} >>`;
const withCatalog = (catalog: string, ...more: Part[][]) => pdf([catalog], [PAGES], [PAGE], ...more);

/** An object stream holding `objects` (numbered from `first`), Flate-encoded unless told otherwise. */
function objectStream(objects: string[], first: number, options: { filter?: string; encode?: (data: Buffer) => Buffer; extra?: string } = {}): Part[] {
  let offsets = '';
  let body = '';
  objects.forEach((object, index) => {
    offsets += `${first + index} ${body.length} `;
    body += `${object}\n`;
  });
  const raw = Buffer.from(offsets + body, 'latin1');
  const encode = options.encode ?? deflateSync;
  const filter = options.filter ?? '/Filter /FlateDecode';
  return stream(`/Type /ObjStm /N ${objects.length} /First ${offsets.length} ${filter} ${options.extra ?? ''}`, encode(raw));
}

/** Binary page or image data that happens to spell active names, as random bytes eventually do. */
const noisyBinary = (size: number) => Buffer.concat([randomBytes(size / 2), Buffer.from(' /JS /AA /EF /OpenAction<< /Launch ', 'latin1'), randomBytes(size / 2)]);

const verdict = async (file: Buffer): Promise<string | undefined> => {
  try {
    await assertNoActivePdfContent(file);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
};

describe(assertNoActivePdfContent.name, () => {
  describe('accepts', () => {
    it.each([
      ['a plain PDF', withCatalog(CATALOG)],
      ['an open action that only shows a page', withCatalog(catalogWith('/OpenAction [3 0 R /XYZ null null 0]'))],
      ['an open action destination after a comment', withCatalog(catalogWith('/OpenAction % the first page\n [3 0 R /Fit]'))],
      ['a link a reader may click', withCatalog(CATALOG, ['<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://dichvucong.gov.vn) >> >>'])],
      ['names that only begin like active ones', withCatalog(catalogWith('/JSON 1 /AAA 2 /EFX 3 /JavaScripts 4 /Launcher 5'))],
      ['binary stream data that spells active names', withCatalog(CATALOG, stream('/Type /XObject /Subtype /Image /Filter /DCTDecode', noisyBinary(4_000_000)))],
      ['the same with an indirect /Length', withCatalog(CATALOG, stream('/Type /XObject /Subtype /Image /Filter /DCTDecode', noisyBinary(40_000), '5 0 R'), ['40035'])],
      ['an object stream of plain dictionaries', withCatalog(CATALOG, objectStream(['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', '[3 0 R /Fit]'], 5))],
    ])('%s', async (_, file) => {
      expect(await verdict(file)).toBeUndefined();
    });

    it('the PDFs the platform prints itself', async () => {
      const printed = await renderPdf({ title: 'PHIẾU LÝ LỊCH TƯ PHÁP', issuer: { name: 'SỞ TƯ PHÁP' }, blocks: [{ kind: 'field', label: 'Họ và tên', value: 'Trần Văn Bình' }], qr: { text: 'https://example.vn/k', caption: 'K' } });
      expect(await verdict(printed)).toBeUndefined();
    });

    it('a page stream that would inflate enormously: it is never inflated', async () => {
      const bomb = deflateSync(Buffer.alloc(MAX_INFLATED_OBJECT_STREAM_BYTES * 2));
      expect(await verdict(withCatalog(CATALOG, stream('/Filter /FlateDecode', bomb)))).toBeUndefined();
    });
  });

  describe('refuses as active content (422 PDF_ACTIVE_CONTENT)', () => {
    it.each([
      ['a document-level script', catalogWith('/Names << /JavaScript 5 0 R >>')],
      ['a script action on opening', catalogWith('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>')],
      ['an open action given by reference, which may be one', catalogWith('/OpenAction 5 0 R')],
      ['an open action of another kind', catalogWith('/OpenAction << /S /URI /URI (https://evil.example) >>')],
      ['additional actions', catalogWith('/AA << /WC 5 0 R >>')],
      ['a launch action', catalogWith('/Foo << /S /Launch /F (cmd.exe) >>')],
      ['a form that submits itself', catalogWith('/Foo << /S /SubmitForm /F (https://evil.example) >>')],
      ['an import of form data', catalogWith('/Foo << /S /ImportData /F (x.fdf) >>')],
      ['rich media', catalogWith('/Foo << /Subtype /RichMedia >>')],
      ['an XFA form', catalogWith('/AcroForm << /Fields [] /XFA 5 0 R >>')],
      ['embedded files', catalogWith('/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>')],
      ['a file specification with an embedded stream', catalogWith('/Foo << /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>')],
      ['a file attachment annotation', catalogWith('/Foo << /Type /Annot /Subtype /FileAttachment >>')],
      ['/JavaScript hex-escaped', catalogWith('/Names << /J#61vaScript 5 0 R >>')],
      ['/JS hex-escaped throughout', catalogWith('/Foo << /S /Bar /#4A#53 (app.alert(1)) >>')],
      ['/OpenAction hex-escaped', catalogWith('/Open#41ction << /S /Bar >>')],
      ['/EmbeddedFiles hex-escaped', catalogWith('/Names << /Embedded#46iles 5 0 R >>')],
    ])('%s', async (_, catalog) => {
      expect(await verdict(withCatalog(catalog))).toBe('422 PDF_ACTIVE_CONTENT');
    });

    it('an embedded file stream, named in its own dictionary', async () => {
      expect(await verdict(withCatalog(CATALOG, stream('/Type /EmbeddedFile /Subtype /application#2Fx-msdownload', Buffer.from('MZ\x90\x00', 'latin1'))))).toBe('422 PDF_ACTIVE_CONTENT');
    });

    it('names the active content it found, in the details', async () => {
      const refusal = await assertNoActivePdfContent(withCatalog(catalogWith('/OpenAction << /S /JavaScript /JS (x) >>'))).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ApiError);
      expect((refusal as ApiError).details).toEqual({ found: expect.arrayContaining(['OpenAction', 'JavaScript', 'JS']) });
      expect((refusal as ApiError).message).toMatch(/active content \(.*\/JavaScript.*\)/);
    });

    it.each([
      ['compressed', {}],
      ['stored without a filter', { filter: '', encode: (data: Buffer) => data }],
      ['typed with a hex-escaped /ObjStm, and a hex-escaped filter', { filter: '/Filter /Fl#61teDecode' }],
    ])('a script inside an object stream %s', async (_, options) => {
      const hidden = objectStream(['<< /S /JavaScript /JS (app.alert(1)) >>'], 5, options);
      const file = withCatalog(CATALOG, hidden);
      const escaped = Buffer.from(file.toString('latin1').replace('/Type /ObjStm', '/Type /Obj#53tm'), 'latin1');
      expect(await verdict(file)).toBe('422 PDF_ACTIVE_CONTENT');
      expect(await verdict(escaped)).toBe('422 PDF_ACTIVE_CONTENT');
    });

    it('objects hidden after a `stream` keyword in a comment, where a viewer still reads them', async () => {
      const disguised = withCatalog(CATALOG, ['<< /Length 10 >>\n% stream\n'], ['<< /S /JavaScript /JS (app.alert(1)) >>'], [' 0 0 0 0 0 \nendstream']);
      expect(await verdict(disguised)).toBe('422 PDF_ACTIVE_CONTENT');
    });

    it('an object stream hidden the same way', async () => {
      const disguised = withCatalog(CATALOG, ['<< >>\n% stream\n'], objectStream(['<< /S /JavaScript /JS (app.alert(1)) >>'], 6));
      expect(await verdict(disguised)).toBe('422 PDF_ACTIVE_CONTENT');
    });
  });

  describe('refuses what it cannot read (422 PDF_NOT_INSPECTABLE)', () => {
    const benign = ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
    it.each([
      ['an object stream under another filter', objectStream(benign, 5, { filter: '/Filter /LZWDecode', encode: (data) => data })],
      ['an object stream under a chain of filters', objectStream(benign, 5, { filter: '/Filter [/ASCIIHexDecode /FlateDecode]', encode: (data) => Buffer.from(`${deflateSync(data).toString('hex')}>`) })],
      ['an object stream with a predictor', objectStream(benign, 5, { extra: '/DecodeParms << /Predictor 12 /Columns 4 >>' })],
      ['an object stream that does not inflate, as an encrypted one would not', objectStream(benign, 5, { encode: () => randomBytes(256) })],
      ['an object stream that inflates past the bound', stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.alloc(MAX_INFLATED_OBJECT_STREAM_BYTES + 1)))],
    ])('%s', async (_, objects) => {
      expect(await verdict(withCatalog(CATALOG, objects))).toBe('422 PDF_NOT_INSPECTABLE');
    });

    it('object streams that pass the bound only together', async () => {
      const half = () => stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.alloc(MAX_INFLATED_OBJECT_STREAM_BYTES / 2 + 1)));
      expect(await verdict(withCatalog(CATALOG, half()))).toBeUndefined();
      expect(await verdict(withCatalog(CATALOG, half(), half()))).toBe('422 PDF_NOT_INSPECTABLE');
    });
  });
});
