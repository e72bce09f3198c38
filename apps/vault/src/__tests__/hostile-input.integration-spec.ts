import { randomUUID } from 'node:crypto';
import { samplePdf, samplePng } from '@app/testing';
import { VaultHarness, type TestBody } from './vault.harness';

/** A body nested `depth` levels deep, as text: JSON.stringify would do it too, but this shows the shape. */
const deepJson = (depth: number) => `{"kind":"province","nameVi":"x","nameEn":"y","deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

describe('vault: hostile input is a 4xx with a stable code, and writes nothing', () => {
  let vault: VaultHarness;
  let body: TestBody;

  beforeAll(async () => {
    vault = await VaultHarness.start();
    await vault.createDocumentTypes();
    body = await vault.createBody({ connected: false, agencies: ['justice'] });
  });

  afterAll(async () => {
    await vault?.stop();
  });

  const rowCounts = async () => ({
    bodies: await vault.count('governing_body'),
    agencies: await vault.count('agency'),
    citizens: await vault.count('citizen'),
    contents: await vault.count('document_content'),
    documents: await vault.count('document'),
    accessLog: await vault.count('access_log'),
  });

  const putBody = async (raw: string) =>
    vault
      .http()
      .put(`/directory/governing-bodies/${body.code}`)
      .set('authorization', await vault.admin())
      .set('content-type', 'application/json')
      .send(raw);

  it('refuses a NUL character in a JSON string, a path parameter, the query and a multipart field', async () => {
    const before = await rowCounts();
    const admin = await vault.admin();
    const inJson = await vault
      .http()
      .put('/directory/governing-bodies/ZZZ.00.00.Z99')
      .set('authorization', admin)
      .send({ kind: 'province', nameVi: 'Ủy ban\u0000', nameEn: 'Committee' });
    expect([inJson.status, inJson.body.error.code]).toEqual([400, 'NUL_CHARACTER']);

    const inPath = await vault.http().get('/directory/agencies/%00').set('authorization', admin);
    expect([inPath.status, inPath.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
    const inBodyPath = await vault.http().get('/directory/governing-bodies/000.00.00.H26%00').set('authorization', admin);
    expect([inBodyPath.status, inBodyPath.body.error.code]).toEqual([400, 'NUL_CHARACTER']);

    const officer = await vault.officer(body.agencies.justice);
    const inQuery = await vault.http().get(`/documents/${randomUUID()}/content?dossierId=%00`).set('authorization', officer);
    expect([inQuery.status, inQuery.body.error.code]).toEqual([400, 'NUL_CHARACTER']);

    const inField = await vault.upload(await vault.citizen(), {
      file: samplePdf(),
      documentTypeCode: 'BIRTH\u0000CERTIFICATE',
    });
    expect([inField.status, inField.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a NUL character in a token claim, and a subject longer than the contracts hold', async () => {
    const before = await rowCounts();
    for (const token of [
      await vault.bearer({ role: 'officer', subject: 'officer\u0000@x', agencyCode: body.agencies.justice }),
      await vault.bearer({ role: 'officer', subject: 'officer@x', agencyCode: `${body.agencies.justice}\u0000` }),
    ]) {
      const response = await vault.http().get(`/documents/${randomUUID()}/content?dossierId=${randomUUID()}`).set('authorization', token);
      expect([response.status, response.body.error.code]).toEqual([400, 'NUL_CHARACTER']);
    }
    const longSubject = await vault.bearer({ role: 'officer', subject: `o${'x'.repeat(299)}`, agencyCode: body.agencies.justice });
    const long = await vault.http().get(`/documents/${randomUUID()}/content?dossierId=${randomUUID()}`).set('authorization', longSubject);
    expect([long.status, long.body.error.code]).toEqual([401, 'SUBJECT_TOO_LONG']);
    const exactly200 = await vault.bearer({ role: 'admin', subject: 'a'.repeat(200) });
    await vault.http().get('/directory/governing-bodies').set('authorization', exactly200).expect(200);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses JSON nested 5,000 deep, in objects and in arrays', async () => {
    const before = await rowCounts();
    const objects = await putBody(deepJson(5_000));
    expect([objects.status, objects.body.error.code]).toEqual([400, 'JSON_TOO_DEEP']);
    const arrays = await putBody(`{"kind":"province","nameVi":"x","nameEn":"y","deep":${'['.repeat(5_000)}${']'.repeat(5_000)}}`);
    expect([arrays.status, arrays.body.error.code]).toEqual([400, 'JSON_TOO_DEEP']);
    expect(await rowCounts()).toEqual(before);
  });

  it.each(['__proto__', 'constructor'])('refuses a %s key as an unknown property', async (key) => {
    const before = await rowCounts();
    const response = await putBody(`{"kind":"province","nameVi":"x","nameEn":"y","${key}":{"isAdmin":true}}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [`property ${key} should not exist`] } });
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['a PNG declared as a PDF', samplePng(), 'scan.pdf', 'application/pdf'],
    ['a PNG declared as a PDF under its own name', samplePng(), 'photo.png', 'application/pdf'],
    ['PDF bytes named .png', samplePdf(), 'photo.png', 'image/png'],
    ['PDF bytes named .png but declared as a PDF', samplePdf(), 'photo.png', 'application/pdf'],
  ])('refuses %s with 415 FILE_TYPE_MISMATCH, storing nothing', async (_, file, filename, contentType) => {
    const before = await rowCounts();
    const response = await vault
      .http()
      .post('/documents')
      .set('authorization', await vault.citizen())
      .field('documentTypeCode', 'BIRTH_CERTIFICATE')
      .attach('file', file, { filename, contentType });
    expect([response.status, response.body.error.code]).toEqual([415, 'FILE_TYPE_MISMATCH']);
    expect(await rowCounts()).toEqual(before);
  });

  it('puts security headers on every response, and no-store on everything but the docs and probes', async () => {
    const citizen = await vault.citizen();
    const responses = [
      await vault.http().get('/documents').set('authorization', citizen),
      await vault.http().get('/documents'),
      await vault.http().get('/nowhere').set('authorization', citizen),
      await vault.http().put(`/directory/governing-bodies/${body.code}`).set('authorization', await vault.admin()).set('content-type', 'application/json').send('{"kind":'),
      await vault.http().get(`/documents/${randomUUID()}`).set('authorization', citizen),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 401, 404, 400, 404]);
    for (const response of responses) {
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const live = await vault.http().get('/health/live').expect(200);
    expect(live.headers['x-content-type-options']).toBe('nosniff');
    expect(live.headers['x-powered-by']).toBeUndefined();
  });

  it('serves Swagger UI under a CSP that allows its own scripts and no inline script', async () => {
    const page = await vault.http().get('/docs').redirects(1).expect(200);
    const csp: string = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Every script the page runs comes from a file the policy allows, and each of those is served.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)![1];
      // Resolved as the browser does, against the page's own URL.
      const script = await vault.http().get(new URL(src, 'http://vault/docs').pathname).expect(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    }
    const document = await vault.http().get('/docs-json').expect(200);
    expect(document.headers['x-content-type-options']).toBe('nosniff');
  });

  it("documents each route's error codes and the Idempotency-Key header in the OpenAPI document", async () => {
    const { body: openApi } = await vault.http().get('/docs-json').expect(200);
    const upload = openApi.paths['/documents'].post;
    const codes: string[] = upload.responses['4XX'].content['application/json'].schema.properties.error.properties.code.enum;
    expect(codes).toEqual(expect.arrayContaining(['FILE_TYPE_MISMATCH', 'UNSUPPORTED_FILE_TYPE', 'NUL_CHARACTER', 'IDEMPOTENCY_KEY_REUSED', 'VALIDATION_FAILED']));
    expect(upload.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    const directory: string[] = openApi.paths['/directory/governing-bodies'].get.responses['4XX'].content['application/json'].schema.properties.error.properties.code.enum;
    expect(directory).toEqual(expect.arrayContaining(['INVALID_CURSOR', 'GOVERNING_BODY_NOT_FOUND']));
    expect(directory).not.toContain('DOCUMENT_NOT_FOUND');
    const listParameters = openApi.paths['/documents'].get.parameters as { name: string }[];
    expect(listParameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
  });
});
