import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';

import type { ZipkinHandle } from './infra.types';
import { isPortOpen } from './net.util';
import { CommandNotFoundError, runCommand } from './process.util';
import { startZipkin } from './zipkin-local.launcher';

// Starts a real Zipkin and fails (never skips) when it cannot. ZIPKIN_URL is hidden from it
// so that the launcher this library owns is what gets tested. The stateDir sits in the
// clone's .state folder so the server jar is copied with Maven once, not once per run.
const STATE_ROOT = resolve(__dirname, '..', '..', '..', '.state', 'test');
const log = (line: string): void => void process.stdout.write(`[local-infra] ${line}\n`);

describe('local Zipkin server', () => {
  let stateDir: string;
  let zipkin: ZipkinHandle | undefined;

  beforeAll(async () => {
    await mkdir(STATE_ROOT, { recursive: true });
    stateDir = await mkdtemp(join(STATE_ROOT, 'zipkin-it-'));
  });

  afterAll(async () => {
    await zipkin?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('collects a span, serves it back, listens on loopback only, and stops', async () => {
    const started = Date.now();
    zipkin = await startZipkin({ stateDir, log }, {});
    log(`startZipkin took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(zipkin.source).toBe('local');
    expect(zipkin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(zipkin.spansEndpoint).toBe(`${zipkin.url}/api/v2/spans`);
    const port = Number(new URL(zipkin.url).port);

    const traceId = randomBytes(16).toString('hex');
    const span = {
      traceId,
      id: randomBytes(8).toString('hex'),
      name: 'get /citizens',
      kind: 'SERVER',
      timestamp: Date.now() * 1000,
      duration: 1500,
      localEndpoint: { serviceName: 'local-infra-it' },
      tags: { 'http.method': 'GET' },
    };
    const posted = await fetch(zipkin.spansEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([span]),
    });
    expect(posted.status).toBe(202);

    const trace = await readTrace(zipkin.url, traceId);
    expect(trace).toEqual([expect.objectContaining({ traceId, id: span.id, name: span.name, localEndpoint: span.localEndpoint })]);

    await expectLoopbackOnly(port);

    await zipkin.stop();
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
  });
});

/** Polls briefly rather than rely on when the collector stores what it has acknowledged. */
async function readTrace(url: string, traceId: string): Promise<unknown> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`${url}/api/v2/trace/${traceId}`);
    if (response.status === 200) return response.json();
    await response.arrayBuffer();
    if (Date.now() > deadline) throw new Error(`GET /api/v2/trace/${traceId} still answers ${response.status}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function expectLoopbackOnly(port: number): Promise<void> {
  // What the kernel says is listening on the port: only the loopback address (a JVM's
  // dual-stack socket shows it as its IPv4-mapped form).
  let listing;
  try {
    listing = await runCommand('ss', ['-Hltn', `sport = :${port}`], { timeoutMs: 10_000 });
  } catch (error) {
    if (!(error instanceof CommandNotFoundError)) throw error;
  }
  if (listing) {
    const localAddresses = listing.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/)[3]);
    expect(localAddresses.length).toBeGreaterThan(0);
    for (const address of localAddresses) expect(address).toMatch(/^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):\d+$/);
  }
  // And from the outside in: none of the machine's other addresses accepts a connection.
  const external = Object.values(networkInterfaces())
    .flatMap((infos) => infos ?? [])
    .filter((info) => !info.internal && !info.address.startsWith('fe80:'))
    .map((info) => info.address);
  for (const address of external) {
    expect({ address, open: await isPortOpen(address, port) }).toEqual({ address, open: false });
  }
}
