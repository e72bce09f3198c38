import { gzipSync } from 'node:zlib';
import { PlatformErrorCode } from '@app/platform';
import { VaultHarness } from '../../apps/vault/src/__tests__/vault.harness';

/**
 * What a browser and an oversized request get from a service started the way production
 * starts it (startService, here the vault's): no cross-origin reading of the API, and
 * request bodies bounded at the documented 100 kB with the platform's error shape.
 */

const FOREIGN_ORIGIN = 'https://attacker.example';
const LIMIT_BYTES = 100 * 1024;
const PLATFORM_CODES = new Set<string>(Object.values(PlatformErrorCode));

/** A governing body upsert whose JSON text is exactly `bytes` long (its names are far too long to be valid). */
const upsertOf = (bytes: number) => {
  const shell = '{"kind":"province","nameVi":"","nameEn":"x"}';
  return `{"kind":"province","nameVi":"${'x'.repeat(bytes - shell.length)}","nameEn":"x"}`;
};

const CORS_HEADERS = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers'];

describe('HTTP boundaries of a started service: no CORS, bounded bodies', () => {
  let vault: VaultHarness;
  let url: string;
  let admin: string;

  beforeAll(async () => {
    vault = await VaultHarness.start();
    url = vault.service.url;
    admin = await vault.admin();
  });

  afterAll(async () => {
    await vault?.stop();
  });

  const noCors = (response: Response) => {
    for (const header of CORS_HEADERS) expect(response.headers.get(header), header).toBeNull();
  };
  const errorOf = async (response: Response) => (await response.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } };

  describe('CORS: no origin may read the API from a browser', () => {
    it.each(['/documents', '/directory/governing-bodies/000.00.00.H26', '/health/ready'])('answers a preflight for %s without allowing anything', async (path) => {
      const preflight = await fetch(`${url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' },
      });
      noCors(preflight);
      // No route answers OPTIONS. Not a 2xx: a browser takes any other answer to a preflight as a refusal.
      expect([preflight.status, (await errorOf(preflight)).error.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('serves a same-origin request, with a foreign Origin, with no header that would let the page read it', async () => {
      const response = await fetch(`${url}/documents`, { headers: { origin: FOREIGN_ORIGIN, authorization: await vault.citizen() } });
      expect(response.status).toBe(200);
      noCors(response);
      // Nor may another origin embed it in no-cors mode (helmet's default).
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      const refused = await fetch(`${url}/documents`, { headers: { origin: FOREIGN_ORIGIN } });
      expect(refused.status).toBe(401);
      noCors(refused);
    });
  });

  describe(`request bodies: at most ${LIMIT_BYTES} bytes`, () => {
    const put = (body: string | Uint8Array, headers: Record<string, string>) =>
      fetch(`${url}/directory/governing-bodies/ZZZ.00.00.Z98`, { method: 'PUT', headers: { authorization: admin, 'content-type': 'application/json', ...headers }, body });

    it('reads a JSON body of exactly the limit, and validates it (400, not 413)', async () => {
      const response = await put(upsertOf(LIMIT_BYTES), {});
      const { error } = await errorOf(response);
      expect([response.status, error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('refuses one byte more with 413 PAYLOAD_TOO_LARGE in the platform’s shape, with the security headers', async () => {
      const response = await put(upsertOf(LIMIT_BYTES + 1), {});
      expect(response.status).toBe(413);
      expect(await errorOf(response)).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this service accepts.', details: { limitBytes: LIMIT_BYTES } },
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses an oversized body before authentication: an anonymous client cannot make it read more', async () => {
      const response = await fetch(`${url}/documents/00000000-0000-4000-8000-000000000000/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: upsertOf(4 * LIMIT_BYTES),
      });
      expect([response.status, (await errorOf(response)).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('counts what it inflates and what arrives chunked, without a Content-Length', async () => {
      const bomb = gzipSync(Buffer.from(upsertOf(10 * LIMIT_BYTES)));
      expect(bomb.length).toBeLessThan(LIMIT_BYTES / 10);
      const inflated = await put(new Uint8Array(bomb), { 'content-encoding': 'gzip' });
      expect([inflated.status, (await errorOf(inflated)).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

      const text = new TextEncoder().encode(upsertOf(2 * LIMIT_BYTES));
      const chunked = await fetch(`${url}/directory/governing-bodies/ZZZ.00.00.Z98`, {
        method: 'PUT',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let offset = 0; offset < text.length; offset += 16 * 1024) controller.enqueue(text.subarray(offset, offset + 16 * 1024));
            controller.close();
          },
        }),
        duplex: 'half',
      });
      expect([chunked.status, (await errorOf(chunked)).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('refuses an oversized url-encoded body, and one with too many fields, with 413 too', async () => {
      for (const body of [`nameVi=${'x'.repeat(LIMIT_BYTES)}`, Array.from({ length: 1_001 }, (_, index) => `f${index}=1`).join('&')]) {
        const response = await put(body, { 'content-type': 'application/x-www-form-urlencoded' });
        expect([response.status, (await errorOf(response)).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      }
    });

    it('answers malformed JSON and an unreadable charset with stable 4xx codes, never a 500', async () => {
      const malformed = await put('{"kind":', {});
      expect([malformed.status, (await errorOf(malformed)).error.code]).toEqual([400, 'MALFORMED_REQUEST']);
      const charset = await put('{}', { 'content-type': 'application/json; charset=iso-8859-1' });
      expect([charset.status, (await errorOf(charset)).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('answers every refusal above with a code of PlatformErrorCode', async () => {
      for (const response of [await put(upsertOf(LIMIT_BYTES + 1), {}), await put('{"kind":', {}), await put('{}', { 'content-type': 'application/json; charset=iso-8859-1' })]) {
        expect(PLATFORM_CODES.has((await errorOf(response)).error.code)).toBe(true);
      }
    });
  });
});
