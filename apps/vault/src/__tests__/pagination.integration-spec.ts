import { randomUUID } from 'node:crypto';
import { samplePdf } from '@app/testing';
import { VaultHarness, type TestBody } from './vault.harness';

interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

describe('vault: every list is paged with a cursor and a bounded page size', () => {
  let vault: VaultHarness;
  let body: TestBody;

  beforeAll(async () => {
    vault = await VaultHarness.start();
    await vault.createDocumentTypes();
    body = await vault.createBody({ connected: false, agencies: ['justice', 'health'] });
  });

  afterAll(async () => {
    await vault?.stop();
  });

  /** Follows nextCursor to the end, checking that no page is larger than asked. */
  async function walk<T>(path: string, authorization: string, limit: number): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await vault
        .http()
        .get(path)
        .query({ limit, ...(cursor ? { cursor } : {}) })
        .set('authorization', authorization)
        .expect(200);
      const page = response.body as PageBody<T>;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    return { items, pages };
  }

  it("walks a citizen's documents newest first, each exactly once", async () => {
    const citizen = await vault.citizen();
    const uploaded: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const response = await vault
        .upload(citizen, { file: samplePdf(`page-${index}-${randomUUID()}`), documentTypeCode: 'BIRTH_CERTIFICATE' })
        .expect(201);
      uploaded.push((response.body as { documentId: string }).documentId);
    }
    const { items, pages } = await walk<{ documentId: string; providedAt: string }>('/documents', citizen, 3);
    expect(pages).toBe(3);
    expect(items.map((item) => item.documentId).sort()).toEqual([...uploaded].sort());
    const times = items.map((item) => Date.parse(item.providedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The default page holds them all; the first page of one is one.
    const first = await vault.http().get('/documents').set('authorization', citizen).expect(200);
    expect((first.body as PageBody<unknown>).items).toHaveLength(7);
    expect((first.body as PageBody<unknown>).nextCursor).toBeNull();
  });

  it("walks a citizen's access log, entries with the same instant included", async () => {
    const citizen = await vault.citizen();
    const stored = await vault
      .upload(citizen, { file: samplePdf(`log-${randomUUID()}`), documentTypeCode: 'BIRTH_CERTIFICATE' })
      .expect(201);
    const documentId = (stored.body as { documentId: string }).documentId;
    // Refused reads by a sibling agency's officer: each is logged.
    const officer = await vault.officer(body.agencies.health);
    for (let index = 0; index < 5; index += 1) {
      await vault.http().get(`/documents/${documentId}/content`).query({ dossierId: randomUUID() }).set('authorization', officer).expect(403);
    }
    const { items, pages } = await walk<{ action: string; dossierId: string }>('/access-log', citizen, 2);
    expect(pages).toBe(3);
    expect(items).toHaveLength(5);
    expect(new Set(items.map((item) => item.dossierId)).size).toBe(5);
    expect(items.every((item) => item.action === 'read-denied')).toBe(true);
  });

  it('walks the directory and the document types', async () => {
    for (let index = 0; index < 3; index += 1) await vault.createBody({ connected: false, agencies: ['a'] });
    const citizen = await vault.citizen();
    const bodies = await walk<{ code: string; agencies: unknown[] }>('/directory/governing-bodies', citizen, 2);
    const codes = bodies.items.map((item) => item.code);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain(body.code);
    expect(bodies.items.find((item) => item.code === body.code)!.agencies).toHaveLength(2);
    const types = await walk<{ code: string }>('/document-types', citizen, 1);
    expect(types.items.map((item) => item.code)).toEqual(['BIRTH_CERTIFICATE', 'HEALTH_CERTIFICATE']);
  });

  it.each([
    ['limit=201', 'VALIDATION_FAILED'],
    ['limit=0', 'VALIDATION_FAILED'],
    ['limit=ten', 'VALIDATION_FAILED'],
    ['cursor=not-a-cursor', 'INVALID_CURSOR'],
    [`cursor=${Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')}`, 'INVALID_CURSOR'],
    ['offset=10', 'VALIDATION_FAILED'],
  ])('refuses ?%s with 400 %s', async (query, code) => {
    const citizen = await vault.citizen();
    await vault.http().post('/citizens/me').set('authorization', citizen).expect(201);
    for (const path of ['/documents', '/access-log', '/directory/governing-bodies', '/document-types']) {
      const response = await vault.http().get(`${path}?${query}`).set('authorization', citizen);
      expect([path, response.status, response.body.error.code]).toEqual([path, 400, code]);
    }
  });
});
