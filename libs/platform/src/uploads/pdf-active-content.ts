import { HttpStatus } from '@nestjs/common';
import { constants, inflate } from 'node:zlib';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';

/**
 * The PDF names that make a document act by itself or carry another file. A scan of a paper
 * document needs none of them; an officer who opens a citizen's upload must not run a script,
 * a program or an attachment. `/OpenAction` is the one exception, handled apart: a destination
 * array (`[3 0 R /Fit]`) only says which page to show, and office suites write one.
 */
const ACTIVE_NAMES: ReadonlySet<string> = new Set([
  'JS',
  'JavaScript',
  'AA', // additional actions: run on opening a page, focusing a field…
  'Launch',
  'SubmitForm',
  'ImportData',
  'RichMedia',
  'XFA', // XML forms, which carry their own scripts
  'EmbeddedFile',
  'EmbeddedFiles',
  'EF', // a file specification's embedded stream, whose /Type is optional
  'FileAttachment',
]);

/** Stream filters by their full and abbreviated names: only Flate is decoded here. */
const FLATE = new Set(['FlateDecode', 'Fl']);
const OTHER_FILTERS = new Set(['LZWDecode', 'LZW', 'ASCIIHexDecode', 'AHx', 'ASCII85Decode', 'A85', 'RunLengthDecode', 'RL', 'CCITTFaxDecode', 'CCF', 'JBIG2Decode', 'DCTDecode', 'DCT', 'JPXDecode', 'Crypt']);

/** Object streams hold dictionaries only; a real one is kilobytes, rarely a few megabytes. */
export const MAX_INFLATED_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;
/** The names this check acts on; any other name is passed over. */
const WATCHED_NAMES: ReadonlySet<string> = new Set([...ACTIVE_NAMES, 'OpenAction', 'ObjStm', ...FLATE, ...OTHER_FILTERS]);
/** Even written all in `#xx`, no watched name is longer than this. */
const LONGEST_WATCHED = 3 * Math.max(...[...WATCHED_NAMES].map((name) => name.length));
/** How a watched name may begin: with its first letter, or with `#`. */
const WATCHED_FIRST = byteTable([...WATCHED_NAMES].map((name) => name[0]).join('') + '#');
/** After this many active names the verdict is certain, and the details long enough. */
const ENOUGH_FOUND = 8;
/** How often a stream may turn out to hold PDF objects of its own before the file is refused. */
const MAX_NESTING = 4;

const WHITESPACE = '\0\t\n\f\r ';
/** What ends a name token: whitespace and the delimiter characters. */
const DELIMITERS = byteTable(`${WHITESPACE}()<>[]{}/%`);
// `stream` at the end of a stream's dictionary, not the tail of `endstream` or of a longer word.
const STREAM_KEYWORD = /(?<![A-Za-z0-9])stream(?:\r\n|\n|\r)/g;
const LENGTH = /\/Length[\0\t\n\f\r ]+(\d+)(?:[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+R)?/g;
const INDIRECT_INTEGER = /(?<![0-9])(\d+)[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+obj[\0\t\n\f\r ]*(\d+)[\0\t\n\f\r ]*endobj/g;
const END_OF_DATA = /[\0\t\n\f\r ]*endstream/y;
// PDF syntax that has no business inside image or page data: a stream holding it may hide objects.
const OBJECT_SYNTAX = /(?<![0-9])\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj(?![A-Za-z])|endobj|trailer|startxref/;

/**
 * Refuses a PDF with active content (422 PDF_ACTIVE_CONTENT): JavaScript, automatic actions,
 * launch and form-submission actions, rich media, XFA forms, embedded files. It reads names,
 * also when hex-escaped (`/J#61vaScript`), everywhere but inside stream data: page and image
 * streams cannot trigger anything, and their binary bytes would spell `/JS` by chance. Object
 * streams, where a PDF 1.5 file keeps its dictionaries, are inflated within
 * MAX_INFLATED_OBJECT_STREAM_BYTES and read too. What cannot be read is refused, not waved
 * through (422 PDF_NOT_INSPECTABLE): an object stream under another filter or a predictor,
 * one that does not inflate (an encrypted file's), or one that inflates past the bound.
 * Nothing else is inflated, so a page stream that would inflate enormously is stored as sent.
 */
export async function assertNoActivePdfContent(content: Buffer): Promise<void> {
  const text = content.toString('latin1');
  const inspection = new Inspection(indirectIntegers(text));
  inspection.read(text, 0);
  if (inspection.found.size > 0) throw pdfActiveContent([...inspection.found]);
  for (const objectStream of inspection.objectStreams) inspection.readNames(await inspection.decoded(objectStream));
  if (inspection.found.size > 0) throw pdfActiveContent([...inspection.found]);
}

interface ObjectStream {
  readonly dictionary: string;
  readonly data: string;
}

class Inspection {
  readonly found = new Set<string>();
  readonly objectStreams: ObjectStream[] = [];
  private inflatedBytes = 0;

  constructor(private readonly lengths: ReadonlyMap<string, number>) {}

  /** Splits `text` into what lies between streams, which is read for names, and stream data, which is set aside. */
  read(text: string, depth: number): void {
    if (depth > MAX_NESTING) throw pdfNotInspectable('streams nest PDF objects too deeply');
    let cursor = 0;
    for (;;) {
      STREAM_KEYWORD.lastIndex = cursor;
      const keyword = STREAM_KEYWORD.exec(text);
      if (!keyword) {
        this.readNames(text.slice(cursor));
        return;
      }
      // The stream's dictionary is in here, with whatever objects came since the last stream.
      const between = text.slice(cursor, keyword.index);
      const names = this.readNames(between);
      // Refused already: the rest need not be read.
      if (this.found.size > 0) return;
      const dataStart = keyword.index + keyword[0].length;
      const dataEnd = this.dataEnd(text, dataStart, between);
      const data = text.slice(dataStart, dataEnd);
      if (names.has('ObjStm')) this.objectStreams.push({ dictionary: between, data });
      // A disguise (a `stream` keyword in a comment or a string), or a whole PDF inside: read it too.
      else if (OBJECT_SYNTAX.test(data)) this.read(data, depth + 1);
      const endKeyword = text.indexOf('endstream', dataEnd);
      cursor = endKeyword === -1 ? text.length : endKeyword + 'endstream'.length;
    }
  }

  /** Adds the active names in `text` to `found`, and answers the watched names it has, decoded. */
  readNames(text: string): Set<string> {
    const names = new Set<string>();
    let active = 0;
    forEachName(text, (name, end) => {
      names.add(name);
      if (!ACTIVE_NAMES.has(name) && (name !== 'OpenAction' || opensDestination(text, end))) return true;
      this.found.add(name);
      active += 1;
      return active < ENOUGH_FOUND;
    });
    return names;
  }

  /** Where the stream's bytes end: at its /Length when `endstream` follows there, else at the first `endstream`. */
  private dataEnd(text: string, dataStart: number, dictionary: string): number {
    const declared = [...dictionary.matchAll(LENGTH)].at(-1);
    const length = declared === undefined ? undefined : declared[2] === undefined ? Number(declared[1]) : this.lengths.get(`${declared[1]} ${declared[2]}`);
    if (length !== undefined && dataStart + length <= text.length) {
      END_OF_DATA.lastIndex = dataStart + length;
      if (END_OF_DATA.test(text)) return dataStart + length;
    }
    const endKeyword = text.indexOf('endstream', dataStart);
    return endKeyword === -1 ? text.length : endKeyword;
  }

  /** The object stream's dictionaries as text, inflated when it is Flate-encoded. */
  async decoded(objectStream: ObjectStream): Promise<string> {
    const filters = new Set<string>();
    forEachName(objectStream.dictionary, (name) => {
      if (FLATE.has(name) || OTHER_FILTERS.has(name)) filters.add(name);
      return true;
    });
    if (filters.size === 0) return objectStream.data;
    if ([...filters].some((filter) => !FLATE.has(filter))) throw pdfNotInspectable(`an object stream is encoded with ${[...filters].join(', ')}`);
    // A predictor reorders the inflated bytes, so names would not read as names.
    if (/\/Predictor[\0\t\n\f\r ]+(?!1(?![0-9]))\d/.test(objectStream.dictionary)) throw pdfNotInspectable('an object stream uses a predictor');
    const remaining = MAX_INFLATED_OBJECT_STREAM_BYTES - this.inflatedBytes;
    let inflated: Buffer;
    try {
      inflated = await inflateAtMost(Buffer.from(objectStream.data, 'latin1'), remaining);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw pdfNotInspectable(`its object streams inflate to more than ${MAX_INFLATED_OBJECT_STREAM_BYTES} bytes`);
      }
      throw pdfNotInspectable('an object stream does not inflate (it may be encrypted)');
    }
    this.inflatedBytes += inflated.length;
    return inflated.toString('latin1');
  }
}

/**
 * Calls `visit` with each watched name in `text`, however escaped, and the offset after it,
 * until `visit` answers false. A plain loop that allocates nothing per name: a crafted file of
 * ten million names must cost milliseconds, not seconds.
 */
function forEachName(text: string, visit: (name: string, end: number) => boolean): void {
  for (let at = text.indexOf('/'); at !== -1; ) {
    let end = at + 1;
    while (end < text.length && DELIMITERS[text.charCodeAt(end)] !== 1) end += 1;
    const length = end - at - 1;
    if (length >= 2 && length <= LONGEST_WATCHED && WATCHED_FIRST[text.charCodeAt(at + 1)] === 1) {
      const name = watchedName(text, at + 1, end);
      if (name !== undefined && !visit(name, end)) return;
    }
    at = text.indexOf('/', end);
  }
}

/** The watched names by their length, so a token is compared only with names it could be. */
const WATCHED_BY_LENGTH: string[][] = Array.from({ length: LONGEST_WATCHED + 1 }, (_, length) => [...WATCHED_NAMES].filter((name) => name.length === length));
/** The name being decoded, as byte values; reused, since the whole check runs without yielding. */
const decodedName = new Uint8Array(LONGEST_WATCHED);

/** The watched name that the token `text[from, to)` spells, where `#xx` is the byte xx; undefined for any other. */
function watchedName(text: string, from: number, to: number): string | undefined {
  let length = 0;
  for (let at = from; at < to; at += 1) {
    const escaped = text.charCodeAt(at) === 0x23 && at + 2 < to ? hexValue(text.charCodeAt(at + 1)) * 16 + hexValue(text.charCodeAt(at + 2)) : -1;
    decodedName[length] = escaped >= 0 ? escaped : text.charCodeAt(at);
    if (escaped >= 0) at += 2;
    length += 1;
  }
  for (const name of WATCHED_BY_LENGTH[length]) if (spells(name, length)) return name;
  return undefined;
}

function spells(name: string, length: number): boolean {
  for (let index = 0; index < length; index += 1) if (name.charCodeAt(index) !== decodedName[index]) return false;
  return true;
}

/** 0–15 for a hexadecimal digit's character code; a large negative number for anything else, so a sum with it stays negative. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -0x1000;
}

/** A lookup table of the latin-1 characters in `chars`: 1 for each, 0 for every other. */
function byteTable(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  for (const char of chars) table[char.charCodeAt(0)] = 1;
  return table;
}

/** Whether what follows `/OpenAction` (after blanks and comments) is a destination array rather than an action. */
function opensDestination(text: string, from: number): boolean {
  let at = from;
  while (at < text.length) {
    if (WHITESPACE.includes(text[at])) at += 1;
    else if (text[at] === '%') while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at += 1;
    else break;
  }
  return text[at] === '[';
}

/** Every `N G obj <integer> endobj` in the file, for streams whose /Length is an indirect reference. */
function indirectIntegers(text: string): Map<string, number> {
  const lengths = new Map<string, number>();
  for (const match of text.matchAll(INDIRECT_INTEGER)) lengths.set(`${match[1]} ${match[2]}`, Number(match[3]));
  return lengths;
}

/** Inflates off the event loop, stopping at `maxBytes`; a truncated stream yields what it holds. */
function inflateAtMost(data: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    inflate(data, { maxOutputLength: Math.max(1, maxBytes), finishFlush: constants.Z_SYNC_FLUSH }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function pdfActiveContent(names: readonly string[]): ApiError {
  return new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    PlatformErrorCode.PdfActiveContent,
    `The PDF carries active content (${names.map((name) => `/${name}`).join(', ')}): scripts, automatic actions or embedded files are not accepted; print it to PDF again or scan the paper document.`,
    { found: names },
  );
}

function pdfNotInspectable(reason: string): ApiError {
  return new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    PlatformErrorCode.PdfNotInspectable,
    `The PDF cannot be checked for active content, since ${reason}; print it to PDF again or scan the paper document.`,
  );
}
