import { createHash, randomUUID } from 'node:crypto';
import { serveDevIssuer, type RunningDevIssuer } from '@app/dev-issuer';
import { providedInfrastructure, samplePdf } from '@app/testing';
import type { DataSource } from 'typeorm';
import { CitizenJourney, type DossierView } from '../support/citizen-journey';
import { HOME_AGENCY, HostilePlatform, type ServiceName } from './support/hostile-platform';
import {
  elfExecutable,
  gzipBomb,
  htmlPage,
  multipartBody,
  objectStream,
  onePagePdf,
  pdfHeaderThenHtml,
  pdfOfSize,
  pdfWithInflatingObjectStream,
  pdfWithInflatingPage,
  pdfWithRealAttachment,
  peExecutable,
  streamObject,
  svgBare,
  svgWithXmlDeclaration,
  UPLOAD_LIMIT_BYTES,
  zipBomb,
  type UploadPart,
} from './support/hostile-files';
import { TOKEN_CASES, tokenKit, validToken, type TokenKit, type TokenRefusal } from './support/hostile-tokens';

const INTAKE: ServiceName = `intake-${HOME_AGENCY}`;
const PROCEDURE = 'JUS-CRIMINAL-RECORD';
const DOCUMENT_TYPE = 'BIRTH_CERTIFICATE';
const MEBIBYTE = 1024 * 1024;

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: kept as text, and reported as not the platform's shape.
  }
  return { status: response.status, body, headers: response.headers };
}

/** What is wrong with `answer` as the refusal `expected`, or nothing: the status, the code, the platform's error shape. */
function refusalProblems(answer: Answer, expected: { status: number; code?: string }): string[] {
  const problems: string[] = [];
  if (answer.status !== expected.status) problems.push(`status ${answer.status}, not ${expected.status}`);
  if (expected.code === undefined) {
    // Node's own answer (431): no body, or the platform's shape if something in front gave one.
    if (answer.body !== undefined && !isPlatformError(answer.body)) problems.push(`body ${JSON.stringify(answer.body)}`);
    return problems;
  }
  if (!isPlatformError(answer.body)) problems.push(`not the platform's error shape: ${JSON.stringify(answer.body)}`);
  else if (answer.body.error.code !== expected.code) problems.push(`code ${answer.body.error.code}, not ${expected.code}`);
  return problems;
}

function isPlatformError(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error as Record<string, unknown>;
  const extra = Object.keys(error).filter((key) => !['code', 'message', 'details'].includes(key));
  return typeof error.code === 'string' && /^[A-Z][A-Z_]+$/.test(error.code) && typeof error.message === 'string' && error.message.length > 0 && extra.length === 0;
}

/**
 * Issue 13, hostile input: tokens and files, against the real services as production runs
 * them (HostilePlatform: the vault, two intakes, payment and notification, in one process).
 * Every hostile token is refused by every service alike, with a 4xx and a stable code. Every
 * hostile file is refused before anything is stored, or stored harmlessly, and never a 5xx.
 */
describe('hostile tokens and files', () => {
  let platform: HostilePlatform;
  let foreign: RunningDevIssuer;
  let kit: TokenKit;

  beforeAll(async () => {
    platform = await HostilePlatform.start(providedInfrastructure());
    foreign = await serveDevIssuer();
    kit = await tokenKit(platform.harness.issuer, foreign);
  });

  afterAll(async () => {
    await foreign?.stop();
    await platform?.stop();
  });

  describe('tokens', () => {
    /** One authenticated route per service; each takes a citizen, so every refusal below is the token's doing. */
    const ROUTES: readonly { service: ServiceName; path: string }[] = [
      { service: 'vault', path: '/documents' },
      { service: INTAKE, path: '/dossiers' },
      { service: 'payment', path: '/gateways' },
      { service: 'notification', path: '/me/messages' },
    ];

    it('the routes under test accept the identity provider’s own citizen token', async () => {
      const authorization = await validToken(kit, 'citizen');
      for (const { service, path } of ROUTES) {
        const answer = await call(`${platform.url(service)}${path}`, { headers: { authorization } });
        expect([service, answer.status]).toEqual([service, 200]);
      }
    });

    for (const [family, cases] of Object.entries(TOKEN_CASES)) {
      describe(family, () => {
        it.each(cases)('$name: refused by every service', async ({ build, refusal }) => {
          const authorization = await build(kit);
          const problems: string[] = [];
          for (const { service, path } of ROUTES) {
            const answer = await call(`${platform.url(service)}${path}`, { headers: { authorization } });
            problems.push(...refusalProblems(answer, refusal).map((problem) => `${service} ${path}: ${problem}`));
          }
          expect(problems).toEqual([]);
        });
      });
    }

    it('a forged token on an upload route is refused before the file is read, and stores nothing', async () => {
      const [none] = TOKEN_CASES.signatures;
      const authorization = await none.build(kit);
      const before = await uploadRows();
      const refusal: TokenRefusal = { status: 401, code: 'UNAUTHENTICATED' };
      const { body, contentType } = multipartBody({ documentTypeCode: DOCUMENT_TYPE }, { content: samplePdf('forged'), fileName: 'scan.pdf', contentType: 'application/pdf' });
      const atVault = await call(`${platform.url('vault')}/documents`, { method: 'POST', headers: { authorization, 'content-type': contentType }, body });
      const atIntake = await call(`${platform.url(INTAKE)}/dossiers/${randomUUID()}/documents`, { method: 'POST', headers: { authorization, 'content-type': contentType }, body });
      expect([...refusalProblems(atVault, refusal), ...refusalProblems(atIntake, refusal)]).toEqual([]);
      expect(await uploadRows()).toEqual(before);
    });
  });

  // ---- files --------------------------------------------------------------------------------------

  const count = async (database: DataSource, table: string) => (await database.query<{ rows: number }[]>(`SELECT count(*)::int AS rows FROM "${table}"`))[0].rows;

  /** The rows an upload writes, in the vault and at the intake's desk. */
  async function uploadRows(): Promise<Record<string, number>> {
    const vault = platform.database('vault');
    const intake = platform.database(INTAKE);
    return {
      'vault.document': await count(vault, 'document'),
      'vault.document_content': await count(vault, 'document_content'),
      'vault.citizen': await count(vault, 'citizen'),
      'vault.idempotency_record': await count(vault, 'idempotency_record'),
      'intake.dossier_document': await count(intake, 'dossier_document'),
      'intake.idempotency_record': await count(intake, 'idempotency_record'),
    };
  }

  /** The three routes that take a document file: a citizen's at the vault and at the desk, and an officer's issued result. */
  type Route = 'vault' | 'intake' | 'issued';
  const ROUTES: readonly Route[] = ['vault', 'intake', 'issued'];

  async function upload(route: Route, citizen: CitizenJourney, part: UploadPart, dossierId?: string): Promise<Answer> {
    const { body, contentType } = multipartBody(
      route === 'issued' ? { documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE', citizenRef: await citizenRef(citizen) } : { documentTypeCode: DOCUMENT_TYPE },
      part,
    );
    const authorization = `Bearer ${route === 'issued' ? await citizen.officerToken(HOME_AGENCY) : await citizen.citizenToken()}`;
    const url = route === 'intake' ? `${platform.url(INTAKE)}/dossiers/${dossierId ?? (await citizen.openDossier(HOME_AGENCY, PROCEDURE)).id}/documents` : `${platform.url('vault')}/documents${route === 'issued' ? '/issued' : ''}`;
    return call(url, { method: 'POST', headers: { authorization, 'content-type': contentType }, body });
  }

  async function citizenRef(citizen: CitizenJourney): Promise<string> {
    const answer = await call(`${platform.url('vault')}/citizens/me`, { method: 'POST', headers: { authorization: `Bearer ${await citizen.citizenToken()}` } });
    return (answer.body as { citizenRef: string }).citizenRef;
  }

  /** The stored document an accepted upload made, from the vault's or the desk's answer. */
  const documentIdOf = (route: Route, answer: Answer): string =>
    route === 'intake' ? (answer.body as DossierView).documents.find((document) => document.documentTypeCode === DOCUMENT_TYPE)!.documentId : (answer.body as { documentId: string }).documentId;

  const asPdf = (content: Buffer, fileName = 'scan.pdf'): UploadPart => ({ content, fileName, contentType: 'application/pdf' });

  interface FileCase {
    readonly name: string;
    readonly part: () => Promise<UploadPart> | UploadPart;
    readonly refusal: { status: number; code: string };
  }

  const UNSUPPORTED = { status: 415, code: 'UNSUPPORTED_FILE_TYPE' };
  const ACTIVE = { status: 422, code: 'PDF_ACTIVE_CONTENT' };
  const script = '/S /JavaScript /JS (app.launchURL("https://evil.example", true))';

  const REFUSED: readonly FileCase[] = [
    { name: 'an ELF executable named .pdf', part: () => asPdf(elfExecutable()), refusal: UNSUPPORTED },
    { name: 'a PE executable named .pdf', part: () => asPdf(peExecutable()), refusal: UNSUPPORTED },
    { name: 'a PE executable named .pdf, sent as octet-stream', part: () => ({ content: peExecutable(), fileName: 'scan.pdf', contentType: 'application/octet-stream' }), refusal: UNSUPPORTED },
    { name: 'an HTML page with a script, claimed as a PDF', part: () => asPdf(htmlPage()), refusal: UNSUPPORTED },
    { name: 'an SVG with a script and an XML declaration, claimed as a PDF', part: () => asPdf(svgWithXmlDeclaration()), refusal: UNSUPPORTED },
    { name: 'an SVG with a script and no declaration, claimed as a PDF', part: () => asPdf(svgBare()), refusal: UNSUPPORTED },
    { name: 'a zip bomb (256 MiB of zeros), claimed as a PDF', part: async () => asPdf(await zipBomb(256 * MEBIBYTE)), refusal: UNSUPPORTED },
    { name: 'a gzip bomb (256 MiB of zeros), claimed as a PDF', part: async () => asPdf(await gzipBomb(256 * MEBIBYTE)), refusal: UNSUPPORTED },
    { name: 'a PDF with a document-level script (/Names /JavaScript)', part: () => asPdf(onePagePdf('/Names << /JavaScript << /Names [(x) 4 0 R] >> >>', [`<< ${script} >>`])), refusal: ACTIVE },
    { name: 'a PDF that runs a script on opening (/OpenAction)', part: () => asPdf(onePagePdf(`/OpenAction << ${script} >>`)), refusal: ACTIVE },
    { name: 'a PDF with a page action (/AA)', part: () => asPdf(onePagePdf('', [`<< /Type /Page /Parent 2 0 R /AA << /O << ${script} >> >> >>`])), refusal: ACTIVE },
    { name: 'a PDF whose script names are hex-escaped (/J#61vaScript, /#4A#53)', part: () => asPdf(onePagePdf('/Open#41ction << /S /J#61vaScript /#4A#53 (app.alert(1)) >>')), refusal: ACTIVE },
    { name: 'a PDF with a script inside a compressed object stream', part: () => asPdf(onePagePdf('/OpenAction 5 0 R', objectStream([`<< ${script} >>`], 5))), refusal: ACTIVE },
    { name: 'a PDF with an embedded file (/EmbeddedFiles, /EmbeddedFile)', part: () => asPdf(onePagePdf('/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>', ['<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>'], streamObject('/Type /EmbeddedFile', peExecutable()))), refusal: ACTIVE },
    { name: 'a PDF with an attachment made by poppler’s pdfattach', part: async () => asPdf(await pdfWithRealAttachment()), refusal: ACTIVE },
    { name: 'a PDF whose object stream inflates to 64 MiB', part: async () => asPdf(await pdfWithInflatingObjectStream(64 * MEBIBYTE)), refusal: { status: 422, code: 'PDF_NOT_INSPECTABLE' } },
    { name: 'a PDF one byte over the size limit', part: () => asPdf(pdfOfSize(UPLOAD_LIMIT_BYTES + 1)), refusal: { status: 413, code: 'FILE_TOO_LARGE' } },
    { name: 'a PDF named .exe', part: () => asPdf(samplePdf('exe'), 'scan.exe'), refusal: { status: 415, code: 'FILE_TYPE_MISMATCH' } },
    { name: 'a PDF named scan.pdf.exe', part: () => asPdf(samplePdf('double'), 'scan.pdf.exe'), refusal: { status: 415, code: 'FILE_TYPE_MISMATCH' } },
    {
      name: 'a PDF named with a right-to-left override to look like .pdf (scan\u202Efdp.exe)',
      part: () => ({ ...asPdf(samplePdf('rtl'), 'scan\u202Efdp.exe'), encoding: 'extended' }),
      refusal: { status: 415, code: 'FILE_TYPE_MISMATCH' },
    },
    {
      // A quote ends the name early, and the part then names no file: the client's form is broken, whatever it meant.
      name: 'a raw quote in the file name, starting a second file name',
      part: () => asPdf(samplePdf('quote'), 'a%22; filename="evil.pdf'),
      refusal: { status: 400, code: 'FILE_REQUIRED' },
    },
    {
      name: 'a PDF named .pdf, then a NUL, then .exe',
      part: () => ({ ...asPdf(samplePdf('nul'), 'scan.pdf\u0000.exe'), encoding: 'extended' }),
      refusal: { status: 415, code: 'FILE_TYPE_MISMATCH' },
    },
  ];

  describe('files refused before anything is stored', () => {
    let citizen: CitizenJourney;
    let dossier: string;

    beforeAll(async () => {
      citizen = new CitizenJourney(platform.harness);
      dossier = (await citizen.openDossier(HOME_AGENCY, PROCEDURE)).id;
      await citizenRef(citizen);
    });

    it.each(REFUSED)('$name', async ({ part, refusal }) => {
      const file = await part();
      const before = await uploadRows();
      const problems: string[] = [];
      for (const route of ROUTES) problems.push(...refusalProblems(await upload(route, citizen, file, dossier), refusal).map((problem) => `${route}: ${problem}`));
      expect(problems).toEqual([]);
      expect(await uploadRows()).toEqual(before);
    });
  });

  describe('files stored as sent, and harmless', () => {
    /** Uploads through `route` as a new citizen's first document and reads it back as that citizen. */
    async function storedAndServed(route: Route, part: UploadPart) {
      const citizen = new CitizenJourney(platform.harness);
      const dossier = route === 'intake' ? (await citizen.openDossier(HOME_AGENCY, PROCEDURE)).id : undefined;
      const before = await uploadRows();
      const answer = await upload(route, citizen, part, dossier);
      expect([route, answer.status, answer.status === 201 ? '' : JSON.stringify(answer.body)]).toEqual([route, 201, '']);
      const documentId = documentIdOf(route, answer);
      const after = await uploadRows();
      expect(after['vault.document'] - before['vault.document']).toBe(1);
      const content = await fetch(`${platform.url('vault')}/documents/${documentId}/content`, { headers: { authorization: `Bearer ${await citizen.citizenToken()}` } });
      const served = Buffer.from(await content.arrayBuffer());
      return { answer, documentId, content, served };
    }

    it.each([
      ['a PDF exactly at the size limit', () => pdfOfSize(UPLOAD_LIMIT_BYTES)],
      ['a PDF whose page stream would inflate to 256 MiB: never inflated', () => pdfWithInflatingPage(256 * MEBIBYTE)],
      ['a PDF header followed by HTML: a PDF by its content, served only as a download', () => pdfHeaderThenHtml()],
    ] as const)('%s', async (_, file) => {
      const content = await file();
      for (const route of ['vault', 'intake'] as const) {
        const { served, content: response } = await storedAndServed(route, asPdf(content));
        expect(createHash('sha256').update(served).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
        expect(response.headers.get('content-type')).toBe('application/pdf');
        expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[0-9a-f-]{36}\.pdf"$/);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    /** Names the platform never stores nor echoes: it reads only their extension. `marker` must appear nowhere afterwards. */
    const NAMES: readonly { name: string; fileName: string; encoding: 'raw' | 'extended'; marker: string }[] = [
      { name: 'a name of 1,000 characters', fileName: `${'n'.repeat(996)}.pdf`, encoding: 'raw', marker: 'n'.repeat(100) },
      { name: 'a relative path up to /etc/passwd', fileName: '../../etc/passwd.pdf', encoding: 'raw', marker: 'passwd' },
      { name: 'a Windows path', fileName: 'C:\\Windows\\System32\\x.pdf', encoding: 'raw', marker: 'System32' },
      { name: 'a NUL character', fileName: 'scan\u0000hidden.pdf', encoding: 'extended', marker: 'hidden' },
      { name: 'control characters and a header break', fileName: 'scan\r\nContent-Type: text/html\r\n\u0007\u001b[31m.pdf', encoding: 'extended', marker: 'text/html' },
      { name: 'a right-to-left override that still ends in .pdf', fileName: 'photo\u202Egnp.pdf', encoding: 'extended', marker: '\u202E' },
      { name: 'quotes and a second file name', fileName: 'a"; filename="evil.pdf', encoding: 'extended', marker: 'evil' },
      { name: 'an HTML-looking name', fileName: '<img src=x onerror=alert(1)>.pdf', encoding: 'raw', marker: 'onerror' },
      { name: 'Vietnamese', fileName: 'Giấy khai sinh – bản sao.pdf', encoding: 'extended', marker: 'khai' },
    ];

    it.each(NAMES)('a file name with $name: neutralised, never stored nor put in a header', async ({ fileName, encoding, marker }) => {
      for (const route of ['vault', 'intake'] as const) {
        const { answer, documentId, content } = await storedAndServed(route, { content: samplePdf(`name-${route}`), fileName, contentType: 'application/pdf', encoding });
        expect(JSON.stringify(answer.body)).not.toContain(marker);
        expect(content.headers.get('content-disposition')).toBe(`attachment; filename="${documentId}.pdf"`);
        const [row] = await platform.database('vault').query<{ row: string }[]>('SELECT row_to_json(d)::text AS row FROM document d WHERE id = $1', [documentId]);
        expect(row.row).not.toContain(marker);
        const attached = await platform.database(INTAKE).query<{ row: string }[]>('SELECT row_to_json(d)::text AS row FROM dossier_document d WHERE document_id = $1', [documentId]);
        for (const { row: text } of attached) expect(text).not.toContain(marker);
      }
    });
  });
});
