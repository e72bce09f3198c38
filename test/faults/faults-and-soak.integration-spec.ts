import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm run faults` and `npm run soak` in CI's reduced form, compiled (npm test builds first): each
 * starts the whole platform with a broker and a PostgreSQL cluster of its own. The matrix injects
 * every fault once (the point taking turns), the soak runs a minute; both must come out clean,
 * and the matrix's oracle must have caught the loss and the duplicate it plants in itself.
 */
interface Cell {
  fault: string;
  point: string;
  runs: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  crashed: number;
  unfinished: number;
  notRecovered: number;
}

interface SoakReport {
  journeys: number;
  errors: Record<string, number>;
  rssSlopeMiBPerMinute: Record<string, number>;
  backlog: { afterDrain: number };
}

function runCli(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('dist/faults', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.once('exit', (code) => done({ code, output: printed }));
  });
}

describe('npm run faults, CI profile', () => {
  let cells: Cell[];
  let output: string;

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'faults-ci-'));
    const run = await runCli('faults.js', { FAULT_PROFILE: 'ci', FAULT_RESULTS_DIR: out });
    output = run.output;
    expect(run.code, output.slice(-4_000)).toBe(0);
    cells = (JSON.parse(readFileSync(join(out, 'fault-matrix.json'), 'utf8')) as { cells: Cell[] }).cells;
  }, 20 * 60_000);

  it('injects every fault: each service killed, the broker, PostgreSQL, a stall and a redelivery storm', () => {
    const faults = cells.map((cell) => cell.fault);
    for (const fault of ['SIGKILL vault', 'SIGKILL payment', 'SIGKILL notification', 'SIGKILL intake-000.00.12.h26', 'SIGKILL intake-000.00.15.h26', 'Kafka broker killed', 'PostgreSQL stopped (immediate)']) {
      expect(faults).toContain(fault);
    }
    expect(faults.some((fault) => fault.includes('stalled'))).toBe(true);
    expect(faults.some((fault) => fault.includes('redelivery storm'))).toBe(true);
    expect(new Set(cells.map((cell) => cell.point))).toEqual(new Set(['early', 'middle', 'late']));
  });

  it('loses, duplicates and reorders nothing, no service crashes, finishes every journey and recovers from every fault', () => {
    for (const cell of cells) {
      expect({ fault: cell.fault, lost: cell.lost, duplicated: cell.duplicated, outOfOrder: cell.outOfOrder, crashed: cell.crashed, unfinished: cell.unfinished, notRecovered: cell.notRecovered }).toEqual({
        fault: cell.fault,
        lost: 0,
        duplicated: 0,
        outOfOrder: 0,
        crashed: 0,
        unfinished: 0,
        notRecovered: 0,
      });
    }
  });

  it('has an oracle that reports a planted loss and a planted duplicate', () => {
    expect(output).toContain('oracle self-check: a planted loss and a planted duplicate were both reported');
  });
});

describe('npm run soak, one minute at 1 dossier a second', () => {
  let report: SoakReport;

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'soak-ci-'));
    // At 1 dossier a second (80 % of 1.25): the rate whose emails the dispatcher sends as fast as they come on this kind of machine (docs/faults-and-soak.md).
    const run = await runCli('soak.js', { SOAK_SECONDS: '60', SOAK_DOSSIERS_PER_SECOND: '1.25', SOAK_RESULTS_DIR: out });
    expect(run.code, run.output.slice(-4_000)).toBe(0);
    report = JSON.parse(readFileSync(join(out, 'soak.json'), 'utf8')) as SoakReport;
  }, 8 * 60_000);

  it('finishes every journey with no error and leaves no backlog', () => {
    expect(report.journeys).toBeGreaterThan(0);
    expect(report.errors).toEqual({ serverErrors: 0, retries: 0, inProgress: 0, unfinished: 0, crashes: 0, findings: 0 });
    expect(report.backlog.afterDrain).toBe(0);
  });

  it("reports every service's memory trend", () => {
    expect(Object.keys(report.rssSlopeMiBPerMinute).sort()).toEqual(['intake-000.00.12.h26', 'intake-000.00.15.h26', 'notification', 'payment', 'vault']);
  });
});
