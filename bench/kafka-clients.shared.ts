import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type KafkaHandle } from '@app/local-infra';

/**
 * Shared by bench/kafka-clients.bench.ts and bench/kafka-client-guarantees.ts: the broker,
 * the two clients configured as the platform configures kafkajs, records shaped like our
 * events, and the reporting helpers. Plain scripts, not vitest: run them with
 * `npm run bench:kafka-clients` and `npm run bench:kafka-client-guarantees`.
 */

// kafkajs 2 prints a notice about its default partitioner on every producer; the platform
// keeps that default (Java-compatible murmur2), so the notice is noise here.
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';

export const BENCH_KAFKA_PORT = 29092;
export const BENCH_POSTGRES_PORT = 55452;
export const CITIZEN_POOL_SIZE = 1_000;

export function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

/** KAFKA_BROKERS when set (verified by local-infra, never stopped), else our own local broker on 29092. */
export function startBenchBroker(): Promise<KafkaHandle> {
  return startKafka({
    stateDir: resolve('.state/bench-kafka'),
    kafkaPort: BENCH_KAFKA_PORT,
    postgresPort: BENCH_POSTGRES_PORT,
    log: (line) => log(`local-infra: ${line}`),
  });
}

const kafkajsNotices = new Set<string>();

/** The settings of createKafka() in libs/messaging (kafka-settings.ts), minus the Nest logger. */
export function kafkajsClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...extra } = entry;
        // Each producer repeats the same notices (e.g. that retries are limited): print each once.
        if (level !== logLevel.ERROR && kafkajsNotices.has(message)) return;
        kafkajsNotices.add(message);
        log(`kafkajs ${level === logLevel.ERROR ? 'ERROR' : 'WARN'} ${message} ${JSON.stringify(extra)}`);
      },
  });
}

/** The closest @platformatic/kafka equivalents of the kafkajs settings above. */
export function platformaticBaseOptions(brokers: string[], clientId: string) {
  return {
    clientId,
    bootstrapBrokers: brokers,
    connectTimeout: 3_000,
    requestTimeout: 30_000,
    retries: 5,
    retryDelay: 300,
  };
}

export interface BenchRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
  /** ce_id, repeated for quick matching. */
  readonly id: string;
}

const AGENCIES = ['000.00.12.H26', '000.00.15.H26', '000.00.21.H26', '000.00.33.H29'];
const DOCUMENT_TYPES = ['BIRTH_CERTIFICATE', 'MARRIAGE_CERTIFICATE', 'CRIMINAL_RECORD', 'RESIDENCE_CONFIRMATION'];

export function citizenPool(size = CITIZEN_POOL_SIZE): string[] {
  return Array.from({ length: size }, () => randomUUID());
}

function traceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** One event shaped like DocumentVerified/DocumentAvailability: ~600 bytes of JSON and the 7 CloudEvents headers our outbox writes. */
export function benchRecord(sequence: number, citizens: readonly string[]): BenchRecord {
  const citizenRef = citizens[sequence % citizens.length];
  const agency = AGENCIES[sequence % AGENCIES.length];
  const documentId = randomUUID();
  const now = new Date();
  const payload = {
    documentId,
    dossierId: randomUUID(),
    citizenRef,
    documentTypeCode: DOCUMENT_TYPES[sequence % DOCUMENT_TYPES.length],
    governingBodyCode: '000.00.00.H26',
    verifiedByAgencyCode: agency,
    verifiedByAgencyName: 'Sở Tư pháp thành phố Hà Nội',
    verifiedAt: now.toISOString(),
    validUntil: new Date(now.getTime() + 180 * 86_400_000).toISOString(),
    scope: 'governing-body',
    status: 'available',
    content: {
      objectKey: `documents/${agency}/${documentId}.pdf`,
      sizeBytes: 180_000 + (sequence % 50_000),
      mediaType: 'application/pdf',
    },
    sequence,
  };
  const id = randomUUID();
  return {
    id,
    key: citizenRef,
    value: JSON.stringify(payload),
    headers: {
      ce_id: id,
      ce_source: `/agencies/${agency}/intake`,
      ce_type: 'vn.gov.intake.document.verified.v1',
      ce_specversion: '1.0',
      ce_time: now.toISOString(),
      traceparent: traceparent(),
      'content-type': 'application/json',
    },
  };
}

export function benchRecords(count: number, citizens: readonly string[], offset = 0): BenchRecord[] {
  return Array.from({ length: count }, (_, index) => benchRecord(offset + index, citizens));
}

/** The work our consumer does before its handler: parse the payload, read the envelope. */
export function touch(value: string, ceId: string | undefined): number {
  const parsed = JSON.parse(value) as { sequence: number };
  return parsed.sequence + (ceId?.length ?? 0);
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of a sample in milliseconds. */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const sum = sorted.reduce((total, value) => total + value, 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves with the promise's value, or with `undefined` once `ms` have passed. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((res) => {
    timer = setTimeout(() => res(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Like within(), but a timeout is an error naming what was awaited. */
export async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const result = await within(
    promise.then((value) => ({ value })),
    ms,
  );
  if (result === undefined) throw new Error(`${what} did not finish within ${ms} ms`);
  return result.value;
}

function packageVersion(entry: string): string {
  // Walk up from the resolved entry point: @platformatic/kafka's exports map hides package.json.
  let dir = dirname(require.resolve(entry));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === entry) return pkg.version ?? 'unknown';
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** Kafka's version is not on the wire: take KAFKA_VERSION, else the distribution local-infra runs. */
function kafkaVersion(source: KafkaHandle['source']): string {
  if (process.env['KAFKA_VERSION']) return process.env['KAFKA_VERSION'];
  if (source === 'env') return 'unknown (KAFKA_BROKERS; set KAFKA_VERSION to record it)';
  const distDir = resolve('.state/kafka-dist');
  const versions = existsSync(distDir) ? readdirSync(distDir).filter((name) => /^\d+\.\d+\.\d+$/.test(name)) : [];
  return versions.length === 1 ? `${versions[0]} (${source})` : `${versions.join(', ') || 'unknown'} (${source})`;
}

export function isPortListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((res) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      res(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  kafka: string;
  brokers: string[];
  brokerSource: KafkaHandle['source'];
  kafkajs: string;
  platformaticKafka: string;
  loadAverageAtStart: number[];
  /** Whether the test suite's broker (19092) was up at start: a hint that timings are shared with it. */
  otherSuiteBrokerOn19092: boolean;
}

export async function describeMachine(broker: KafkaHandle): Promise<MachineDescription> {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    kafka: kafkaVersion(broker.source),
    brokers: broker.brokers,
    brokerSource: broker.source,
    kafkajs: packageVersion('kafkajs'),
    platformaticKafka: packageVersion('@platformatic/kafka'),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    otherSuiteBrokerOn19092: await isPortListening(19092),
  };
}

export function stamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

export async function writeResults(basename: string, json: unknown, markdown: string): Promise<{ json: string; md: string }> {
  const dir = resolve('bench/results');
  await mkdir(dir, { recursive: true });
  const jsonPath = join(dir, `${basename}.json`);
  const mdPath = join(dir, `${basename}.md`);
  await writeFile(jsonPath, `${JSON.stringify(json, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
  await writeFile(mdPath, markdown);
  return { json: jsonPath, md: mdPath };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
