import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDevelopmentPki, serveDevelopmentTsa, type DevelopmentPki } from '@app/dev-pki';

const run = promisify(execFile);

describe('serveDevelopmentTsa', () => {
  let dir: string;
  let pki: DevelopmentPki;
  let tsa: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'development-tsa-'));
    pki = await ensureDevelopmentPki(join(dir, 'pki'), []);
    tsa = await serveDevelopmentTsa({ port: 0, pki, stateDir: join(dir, 'tsa') });
  });

  afterAll(async () => {
    await tsa?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers an RFC 3161 query that openssl made with a token openssl verifies against the development CA', async () => {
    const data = join(dir, 'data.txt');
    await writeFile(data, 'Trả kết quả giải quyết thủ tục hành chính\n');
    const query = join(dir, 'query.tsq');
    await run('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]);
    const response = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: await readFile(query) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    const reply = join(dir, 'reply.tsr');
    await writeFile(reply, Buffer.from(await response.arrayBuffer()));
    const verified = await run('openssl', ['ts', '-verify', '-data', data, '-in', reply, '-CAfile', pki.caFile, '-untrusted', pki.tsa.certificateFile]);
    expect(verified.stdout).toMatch(/Verification: OK/);
  });

  it('refuses what is not a POSTed timestamp query, and answers a query that is not one with a rejection, as RFC 3161 §2.4.2 says', async () => {
    expect((await fetch(tsa.url)).status).toBe(405);
    expect((await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    const response = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: 'not DER' });
    const reply = join(dir, 'rejected.tsr');
    await writeFile(reply, Buffer.from(await response.arrayBuffer()));
    const text = await run('openssl', ['ts', '-reply', '-in', reply, '-text']);
    expect(text.stdout).toMatch(/Status: Rejected/);
    expect(text.stdout).toMatch(/Failure info: the data submitted has the wrong format/);
  });
});
