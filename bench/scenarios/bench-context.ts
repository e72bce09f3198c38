import type { LaunchedPlatform } from '@app/local-infra';
import type { LoadGeneratorProcess } from '../harness/load-generator.process';
import type { StepOutcome } from '../harness/rate-steps';
import type { PlatformProcess } from './platform-processes';

/** How much of everything a run does: the full run of the README, or CI's reduced one. */
export interface BenchProfile {
  readonly name: 'full' | 'smoke';
  readonly dossierRates: readonly number[];
  readonly dossierStepMs: number;
  readonly citizens: number;
  readonly propagationRates: readonly number[];
  readonly propagationStepMs: number;
  readonly lookupSizes: readonly number[];
  readonly lookups: number;
  readonly httpRates: readonly number[];
  readonly httpStepMs: number;
  readonly pgbenchSeconds: number;
  readonly producerRecords: number;
}

export const PROFILES: Record<BenchProfile['name'], BenchProfile> = {
  full: {
    name: 'full',
    dossierRates: [10, 25, 50, 100, 250, 500, 1_000, 2_000],
    dossierStepMs: 10_000,
    citizens: 100,
    propagationRates: [100, 500, 1_000],
    propagationStepMs: 2_000,
    lookupSizes: [100_000, 1_000_000, 10_000_000],
    lookups: 5_000,
    httpRates: [2_000, 4_000, 8_000, 16_000, 24_000],
    httpStepMs: 5_000,
    pgbenchSeconds: 15,
    producerRecords: 300_000,
  },
  // Proves in CI that every part of the harness works on a clean clone; its figures mean little.
  smoke: {
    name: 'smoke',
    dossierRates: [20, 50],
    dossierStepMs: 2_000,
    citizens: 10,
    propagationRates: [20],
    propagationStepMs: 2_000,
    lookupSizes: [10_000, 50_000],
    lookups: 300,
    httpRates: [500],
    httpStepMs: 1_000,
    pgbenchSeconds: 3,
    producerRecords: 5_000,
  },
};

/** The latency bound of every stepped scenario: the issue's "p99 ≤ 100 ms". */
export const BOUND = { p99Ms: 100 } as const;

/** The agencies the scenarios use, from the launcher's three: two siblings under Hà Nội (connected). */
export const AGENCY_A = { code: '000.00.12.H26', url: 'http://127.0.0.1:3101', database: 'intake_000_00_12_h26' };
export const SIBLING_B = { code: '000.00.15.H26', url: 'http://127.0.0.1:3102', database: 'intake_000_00_15_h26' };
export const ISSUER_URL = 'http://127.0.0.1:3000';

/** What scenario 1 reuses: each of its citizens has both verified at A, and each dossier asks for both. */
export const REUSED_TYPES = ['IDENTITY_CARD', 'BIRTH_CERTIFICATE'] as const;
/** The topic its DocumentReused records go to, one per reused document. */
export const REUSED_TOPIC = 'intake.document-reused.v1';

export interface BenchContext {
  readonly profile: BenchProfile;
  readonly platform: LaunchedPlatform;
  readonly postgresAdminUrl: string;
  readonly generator: LoadGeneratorProcess;
  /** The launched platform's processes, Kafka and PostgreSQL, found by their ports. */
  readonly processes: readonly PlatformProcess[];
  /** Cores each of them uses at idle, measured once the platform is up. */
  readonly idle: ReadonlyMap<string, number>;
  readonly say: (line: string) => void;
}

export function stepLine({ result, discarded }: StepOutcome, extra = ''): string {
  const errors = Object.entries(result.errors).map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'no errors';
  const late = discarded ? `  (discarded: generator ${result.schedulingLagMs.p99.toFixed(1)} ms late at p99)` : '';
  return `  ${String(result.offeredRate).padStart(6)}/s → ${result.achievedRate.toFixed(0).padStart(6)}/s  p50 ${result.latencyMs.p50.toFixed(1)} ms  p99 ${result.latencyMs.p99.toFixed(1)} ms  max ${result.latencyMs.max.toFixed(0)} ms  ${errors}${extra}${late}`;
}

/** A development token from the launcher's identity provider (POST /tokens). */
export async function token(principal: { role: 'citizen'; personalId: string } | { role: 'officer'; agencyCode: string }): Promise<string> {
  const response = await fetch(`${ISSUER_URL}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(principal) });
  if (!response.ok) throw new Error(`the identity provider refused a token: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Runs `work` over the items with at most `concurrency` at a time (preparation, not measurement). */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index], index);
    }),
  );
  return results;
}
