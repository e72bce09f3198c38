import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { newCloudEvent } from '@app/contracts';
import { generateSigningKey, SigningIdentity, StaticKeyResolver, verifyEventSignature } from '@app/messaging';

/**
 * `npm run bench:signing`: what signing costs the outbox and verifying costs the consumer,
 * per event, with the platform's own code (jose, Ed25519, the DocumentVerified payload
 * size). Sign and verify take turns per event, so a noisy neighbour hits both alike.
 */

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const WARM_UP = 500;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const key = await generateSigningKey('bench-justice-1');
  const identity = SigningIdentity.load(key);
  const source = '/intake-000.00.12.h26';
  const resolver = new StaticKeyResolver({ [source]: [key.publicJwk] });
  const signMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < WARM_UP + EVENTS; i += 1) {
    const event = newCloudEvent({ source, type: 'vn.gov.intake.document.verified.v1', subject: `doc-${i}` });
    const payload = Buffer.from(
      JSON.stringify({
        documentId: '0b6f3f7e-2f7c-4c47-9d2a-1c2a8f6f1e01',
        citizenRef: '5a0d0a3c-39a1-4d3e-9a52-6b4f5f7d8e90',
        agencyCode: '000.00.12.H26',
        dossierId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        officer: 'officer-nguyen-van-a',
        verifiedAt: new Date().toISOString(),
        validUntil: '2027-12-31',
      }),
    );
    const started = process.hrtime.bigint();
    const signature = await identity.sign(event, payload);
    const signed = process.hrtime.bigint();
    const verdict = await verifyEventSignature(resolver, event, payload, signature);
    const verified = process.hrtime.bigint();
    if (!verdict.valid) throw new Error(`event ${i} did not verify: ${verdict.reason}`);
    if (i >= WARM_UP) {
      signMs.push(Number(signed - started) / 1e6);
      verifyMs.push(Number(verified - signed) / 1e6);
    }
  }
  const load = loadavg().map((value) => value.toFixed(2)).join(' ');
  const lines = [
    `# Signing cost per event (${new Date().toISOString()})`,
    '',
    `${EVENTS} events after ${WARM_UP} warm-up, Ed25519 (EdDSA) detached JWS via jose, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${load}`,
    '',
    '| step | median ms | p95 ms | p99 ms |',
    '|---|---|---|---|',
    `| sign (outbox write) | ${percentile(signMs, 0.5).toFixed(3)} | ${percentile(signMs, 0.95).toFixed(3)} | ${percentile(signMs, 0.99).toFixed(3)} |`,
    `| verify (consumer, key in hand) | ${percentile(verifyMs, 0.5).toFixed(3)} | ${percentile(verifyMs, 0.95).toFixed(3)} | ${percentile(verifyMs, 0.99).toFixed(3)} |`,
    '',
    'Verification here excludes the key lookup: the vault reads its key directory (one indexed PostgreSQL row), an intake the vault JWKS, cached by jose.',
  ];
  for (const line of lines) say(line);
  const folder = resolve('bench/results');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, `signing-cost-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}Z.md`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  say(`written to ${file}`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

main().catch((error: unknown) => {
  process.stderr.write(`signing benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
