import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenLoadResult } from './open-load';
import { describeMachine, writeResults, type BenchmarkRun } from './results';

function outcome(offeredRate: number, p99: number, discarded = false) {
  const result: OpenLoadResult = {
    offeredRate,
    achievedRate: offeredRate * 0.99,
    sent: offeredRate,
    succeeded: offeredRate,
    errors: offeredRate > 400 ? { 'HTTP 503': 3 } : {},
    latencyMs: { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 },
    schedulingLagMs: { p50: 0.1, p90: 0.2, p99: discarded ? 40 : 0.5, p999: 1, max: 2 },
    starved: discarded,
  };
  return { result, discarded };
}

describe('benchmark results', () => {
  const run: BenchmarkRun = {
    startedAt: new Date('2026-12-02T10:00:00Z'),
    machine: describeMachine(),
    scenarios: [
      {
        id: 'dossier-creation',
        title: 'Dossier creation at one intake',
        steps: [outcome(100, 12), outcome(250, 30, true), outcome(500, 180)],
        sustainedRate: 100,
        boundP99Ms: 100,
      },
    ],
    summary: ['Dossier creation: 0.25 of the pgbench ceiling.'],
    sections: [
      {
        id: 'reuse-lookup',
        title: 'Reuse lookup at scale',
        text: ['Generated with generate_series.'],
        table: { columns: ['documents', 'p99 ms', 'on disk'], rows: [[100_000, 0.42, '12 MB'], [1_000_000, 0.5, '120 MB']] },
        chart: { xTitle: 'indexed documents', yTitle: 'lookup latency (ms)', xLog: true, points: [{ x: 100_000, latencyMs: { p50: 0.2, p90: 0.3, p99: 0.42, p999: 0.6, max: 1 } }] },
      },
      { id: 'footprint', title: 'Footprint', table: { columns: ['process', 'MB'], rows: [['vault', 92]] } },
    ],
  };

  it('writes the run as JSON, a Markdown table and a chart per scenario, in a folder named for the day and the machine', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const folder = await writeResults(root, run);
    expect(folder).toBe(join(root, `2026-12-02-${run.machine.hostname.replace(/[^\w.-]/g, '_')}`));
    expect(readdirSync(folder).sort()).toEqual(['dossier-creation.svg', 'results.json', 'results.md', 'reuse-lookup.svg']);
    expect(JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(run)));

    const table = readFileSync(join(folder, 'results.md'), 'utf8');
    expect(table).toContain(`${run.machine.cores} × ${run.machine.cpuModel}`);
    expect(table).toContain('Sustained: **100/s** with p99 ≤ 100 ms and no errors.');
    expect(table).toContain('| 100 | 99.0 | 3.0 | 6.0 | 12.0 | 18.0 | 24.0 | 0 |  |');
    expect(table).toContain('| 250 | 248 | 7.5 | 15.0 | 30.0 | 45.0 | 60.0 | 0 | discarded: the generator ran 40.0 ms late (p99) |');
    expect(table).toContain('| 500 | 495 | 45.0 | 90.0 | 180 | 270 | 360 | HTTP 503 × 3 |  |');
    expect(table).toContain('Dossier creation: 0.25 of the pgbench ceiling.');
    expect(table).toContain('## Reuse lookup at scale\n\nGenerated with generate_series.\n\n| documents | p99 ms | on disk |\n|---|---|---|\n| 100000 | 0.42 | 12 MB |');
    expect(table).toContain('![Reuse lookup at scale](reuse-lookup.svg)');
    expect(table).toContain('## Footprint\n\n| process | MB |\n|---|---|\n| vault | 92 |\n');
    expect(readFileSync(join(folder, 'reuse-lookup.svg'), 'utf8')).toContain('indexed documents');

    const chart = readFileSync(join(folder, 'dossier-creation.svg'), 'utf8');
    expect(chart.startsWith('<svg')).toBe(true);
    expect(chart).toContain('Dossier creation at one intake');
    expect(chart).toContain('p99');
  });
});
