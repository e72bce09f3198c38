import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { providedInfrastructure } from '@app/testing';

/**
 * `npm run bench` in CI's reduced profile: the compiled benchmark (npm test builds first)
 * against the platform the launcher starts, on the test run's PostgreSQL. Its figures mean
 * little on a shared CI machine; what this proves is that every scenario and ceiling runs on
 * a clean clone, that the platform under load loses nothing and reuses what it should, and
 * that the result files are written.
 */
interface Results {
  summary: string[];
  scenarios: { id: string; steps: { result: { sent: number; succeeded: number; errors: Record<string, number> } }[] }[];
  sections: { id: string; table?: { columns: string[]; rows: (string | number)[][] } }[];
}

let results: Results;
let folder: string;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, [resolve('dist/bench/platform.bench.js')], {
      env: { ...process.env, BENCH_PROFILE: 'smoke', BENCH_RESULTS_DIR: out, BENCH_DEADLINE_MINUTES: '8', DATABASE_URL: providedInfrastructure().postgresAdminUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.once('exit', (exitCode) => done({ code: exitCode, output: printed }));
  });
  expect(code, output.slice(-3_000)).toBe(0);
  folder = /^Results: (.+) \(\d+ s\)$/m.exec(output)![1];
  results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as Results;
}, 9 * 60_000);

function table(id: string): { columns: string[]; rows: (string | number)[][] } {
  const section = results.sections.find((candidate) => candidate.id === id);
  expect(section?.table, `section ${id}`).toBeDefined();
  return section!.table!;
}

function column(id: string, name: string): (string | number)[] {
  const { columns, rows } = table(id);
  const at = columns.indexOf(name);
  expect(at, `${id} has a column "${name}"`).toBeGreaterThanOrEqual(0);
  return rows.map((row) => row[at]);
}

describe('npm run bench, smoke profile', () => {
  it('writes the JSON, the Markdown and a chart per scenario', () => {
    for (const file of ['results.md', 'dossier-creation.svg', 'propagation.svg', 'reuse-lookup.svg', 'http-ceiling.svg']) {
      expect(existsSync(join(folder, file)), file).toBe(true);
    }
    expect(readFileSync(join(folder, 'dossier-creation.svg'), 'utf8')).toMatch(/^<svg/);
    expect(results.summary.join('\n')).toMatch(/Dossier creation: .*Kafka: .*Propagation: .*Reuse lookup: /s);
  });

  it('creates dossiers under load without an error, each reusing both documents from the index', () => {
    const steps = results.scenarios.find((scenario) => scenario.id === 'dossier-creation')!.steps;
    expect(steps.length).toBeGreaterThan(0);
    for (const { result } of steps) {
      expect(result.errors).toEqual({});
      expect(result.succeeded).toBe(result.sent);
    }
    const created = column('once-only', 'dossiers created');
    expect(column('once-only', 'both documents reused')).toEqual(created);
    expect(created.reduce((sum, value) => Number(sum) + Number(value), 0)).toBeGreaterThanOrEqual(steps.reduce((sum, { result }) => sum + result.succeeded, 0));
  });

  it('makes every verification at A reusable at sibling B', () => {
    expect(column('propagation', 'committed').every((value) => Number(value) > 0)).toBe(true);
    expect(column('propagation', 'never arrived')).toEqual(column('propagation', 'never arrived').map(() => 0));
  });

  it('measures the lookup at each generated size, and the three ceilings', () => {
    expect(column('reuse-lookup', 'documents')).toEqual([10_000, 50_000]);
    expect(column('reuse-lookup', 'p99 ms').every((value) => Number(value) > 0)).toBe(true);
    expect(column('pgbench', 'tps').every((value) => Number(value) > 0)).toBe(true);
    expect(Number(column('kafka-producer', 'records/s')[0])).toBeGreaterThan(0);
    expect(Number(column('kafka-producer', 'record bytes')[0])).toBeGreaterThan(100);
    const http = results.scenarios.find((scenario) => scenario.id === 'http-ceiling')!.steps;
    expect(http[0].result.succeeded).toBeGreaterThan(0);
  });

  it('reports the footprint of every service, Kafka and PostgreSQL', () => {
    const processes = column('footprint', 'process');
    expect(processes).toEqual(expect.arrayContaining(['vault', 'payment', 'notification', 'Kafka', 'PostgreSQL']));
    expect(column('footprint', 'idle MiB').every((value) => Number(value) > 0)).toBe(true);
  });
});
