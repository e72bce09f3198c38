import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DevelopmentPki } from './development-pki';

const run = promisify(execFile);
const MAX_QUERY_BYTES = 64 * 1024;
/** A private arc (2.25 + UUID, X.667) so no one mistakes the policy for a real TSA's. */
const DEVELOPMENT_POLICY = '2.25.266016339224541016424349453012339366245';

/**
 * DEVELOPMENT ONLY. An RFC 3161 timestamp authority over HTTP: each
 * `application/timestamp-query` is answered by `openssl ts -reply`, signed by the
 * development PKI's TSA certificate with SHA-256. Requests are answered one at a time,
 * because openssl updates its serial file without a lock.
 */
export async function serveDevelopmentTsa(options: { port: number; pki: DevelopmentPki; stateDir: string; host?: string }): Promise<{ url: string; close(): Promise<void> }> {
  await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
  const config = join(options.stateDir, 'tsa.cnf');
  const serial = join(options.stateDir, 'tsa.serial');
  if (!existsSync(serial)) await writeFile(serial, '01\n');
  await writeFile(
    config,
    [
      '[ tsa ]',
      'default_tsa = development_tsa',
      '[ development_tsa ]',
      `serial = ${serial}`,
      'crypto_device = builtin',
      `signer_cert = ${options.pki.tsa.certificateFile}`,
      `certs = ${options.pki.caFile}`,
      `signer_key = ${options.pki.tsa.privateKeyFile}`,
      'signer_digest = sha256',
      `default_policy = ${DEVELOPMENT_POLICY}`,
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );

  let queue: Promise<unknown> = Promise.resolve();
  const reply = (query: Buffer): Promise<Buffer> => {
    const next = queue.then(() => stamp(query, config, options.stateDir));
    queue = next.catch(() => undefined);
    return next;
  };

  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
      response.writeHead(request.method === 'POST' ? 415 : 405, { 'content-type': 'text/plain' }).end('POST an application/timestamp-query\n');
      return;
    }
    readBody(request)
      .then(reply)
      .then((body) => response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body))
      .catch((error: unknown) => response.writeHead(400, { 'content-type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function stamp(query: Buffer, config: string, stateDir: string): Promise<Buffer> {
  const id = randomUUID();
  const queryFile = join(stateDir, `${id}.tsq`);
  const replyFile = join(stateDir, `${id}.tsr`);
  try {
    await writeFile(queryFile, query);
    await run('openssl', ['ts', '-reply', '-config', config, '-queryfile', queryFile, '-out', replyFile]).catch((error: NodeJS.ErrnoException & { stderr?: string }) => {
      throw new Error(error.code === 'ENOENT' ? 'openssl not found: install openssl (apt-get install openssl)' : `openssl ts -reply failed: ${error.stderr ?? error.message}`);
    });
    return await readFile(replyFile);
  } finally {
    await rm(queryFile, { force: true });
    await rm(replyFile, { force: true });
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_QUERY_BYTES) {
        reject(new Error('timestamp query too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
