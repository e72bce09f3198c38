import type { RunOutcome } from './fault-run';

export interface MatrixCell {
  readonly fault: string;
  readonly point: string;
  readonly runs: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly crashed: number;
  readonly unfinished: number;
  /** Median and worst recovery, in seconds; undefined when a run did not recover in time. */
  readonly recoveryMedianS: number | undefined;
  readonly recoveryMaxS: number | undefined;
  readonly notRecovered: number;
}

/** The runs of each fault × point, added up. */
export function summarise(outcomes: readonly RunOutcome[]): MatrixCell[] {
  const cells = new Map<string, RunOutcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.fault}\u0000${outcome.point}`;
    cells.set(key, [...(cells.get(key) ?? []), outcome]);
  }
  return [...cells.values()].map((runs) => {
    const found = (kind: string) => runs.reduce((sum, run) => sum + run.findings.filter((f) => f.kind === kind).length, 0);
    const recoveries = runs.flatMap((run) => (run.recoveryMs === undefined ? [] : [run.recoveryMs / 1000]));
    return {
      fault: runs[0].fault,
      point: runs[0].point,
      runs: runs.length,
      lost: found('lost'),
      duplicated: found('duplicated'),
      outOfOrder: found('out-of-order'),
      crashed: found('crashed'),
      unfinished: runs.reduce((sum, run) => sum + run.unfinished, 0),
      recoveryMedianS: recoveries.length > 0 ? median(recoveries) : undefined,
      recoveryMaxS: recoveries.length > 0 ? Math.max(...recoveries) : undefined,
      notRecovered: runs.length - recoveries.length,
    };
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));

/** The matrix as a Markdown table: fault × point → runs, lost, duplicated, out of order, recovery. */
export function matrixTable(cells: readonly MatrixCell[]): string {
  const header = '| fault | point | runs | lost | duplicated | out of order | services crashed | journeys unfinished | recovery median s | recovery max s |';
  const rule = '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = cells.map((c) =>
    `| ${c.fault} | ${c.point} | ${c.runs} | ${c.lost} | ${c.duplicated} | ${c.outOfOrder} | ${c.crashed} | ${c.unfinished} | ${seconds(c.recoveryMedianS)}${c.notRecovered > 0 ? ` (${c.notRecovered} not in 180 s)` : ''} | ${seconds(c.recoveryMaxS)} |`,
  );
  return [header, rule, ...rows].join('\n');
}

/** True when no run lost, duplicated or reordered anything, no service crashed, every journey finished and every run recovered. */
export function clean(cells: readonly MatrixCell[]): boolean {
  return cells.every((c) => c.lost === 0 && c.duplicated === 0 && c.outOfOrder === 0 && c.crashed === 0 && c.unfinished === 0 && c.notRecovered === 0);
}
