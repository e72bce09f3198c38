import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Percentiles } from './open-load';
import type { StepOutcome } from './rate-steps';

/** What a figure is worth only beside: the machine it was measured on. */
export interface MachineDescription {
  readonly hostname: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kernel: string;
}

export interface ScenarioResult {
  /** A file-name-safe id: `dossier-creation`. */
  readonly id: string;
  readonly title: string;
  readonly steps: readonly StepOutcome[];
  /** The highest rate sustained within the bound, if any (rate-steps.ts). */
  readonly sustainedRate: number | undefined;
  readonly boundP99Ms: number;
}

/** A figure that is not a rate step: a table, and a chart of latency percentiles against some x if it has one. */
export interface ResultSection {
  readonly id: string;
  readonly title: string;
  readonly text?: readonly string[];
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
  readonly chart?: PercentileChart;
}

export interface PercentileChart {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly xLog?: boolean;
  readonly points: readonly { readonly x: number; readonly latencyMs: Percentiles }[];
}

export interface BenchmarkRun {
  readonly startedAt: Date;
  readonly machine: MachineDescription;
  /** Lines above everything else: the run's headline figures and ratios. */
  readonly summary?: readonly string[];
  readonly scenarios: readonly ScenarioResult[];
  readonly sections?: readonly ResultSection[];
}

export function describeMachine(): MachineDescription {
  const processors = cpus();
  return {
    hostname: hostname(),
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
  };
}

/**
 * Writes one run under `<root>/<date>-<host>/`: `results.json` (everything), `results.md`
 * (a table per scenario, starved steps marked, then the other sections) and `<id>.svg`
 * (latency percentiles against offered rate, or a section's own x, rendered by vega-lite
 * without a browser). Returns the folder.
 */
export async function writeResults(root: string, run: BenchmarkRun): Promise<string> {
  const folder = join(root, `${run.startedAt.toISOString().slice(0, 10)}-${run.machine.hostname.replace(/[^\w.-]/g, '_')}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(folder, 'results.md'), markdown(run));
  for (const scenario of run.scenarios) writeFileSync(join(folder, `${scenario.id}.svg`), await latencyChart(scenario));
  for (const section of run.sections ?? []) {
    if (section.chart) writeFileSync(join(folder, `${section.id}.svg`), await percentileChart(section.title, section.chart));
  }
  return folder;
}

export function markdown(run: BenchmarkRun): string {
  const { machine } = run;
  const lines = [
    `# Benchmark run of ${run.startedAt.toISOString()}`,
    '',
    `${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node.js ${machine.node}, kernel ${machine.kernel} (${machine.hostname}).`,
    ...(run.summary ? ['', ...run.summary] : []),
  ];
  for (const scenario of run.scenarios) {
    lines.push(
      '',
      `## ${scenario.title}`,
      '',
      scenario.sustainedRate === undefined
        ? `No step kept p99 within ${scenario.boundP99Ms} ms without errors.`
        : `Sustained: **${scenario.sustainedRate}/s** with p99 ≤ ${scenario.boundP99Ms} ms and no errors.`,
      '',
      '| offered/s | achieved/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | |',
      '|---:|---:|---:|---:|---:|---:|---:|---|---|',
      ...scenario.steps.map(({ result, discarded }) => {
        const { p50, p90, p99, p999, max } = result.latencyMs;
        const errors = Object.entries(result.errors).map(([kind, count]) => `${kind} × ${count}`).join(', ') || '0';
        const note = discarded ? `discarded: the generator ran ${fixed(result.schedulingLagMs.p99)} ms late (p99)` : '';
        return `| ${result.offeredRate} | ${fixed(result.achievedRate)} | ${fixed(p50)} | ${fixed(p90)} | ${fixed(p99)} | ${fixed(p999)} | ${fixed(max)} | ${errors} | ${note} |`;
      }),
    );
  }
  for (const section of run.sections ?? []) {
    lines.push('', `## ${section.title}`);
    if (section.text) lines.push('', ...section.text);
    if (section.table) {
      const { columns, rows } = section.table;
      lines.push('', `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`));
    }
    if (section.chart) lines.push('', `![${section.title}](${section.id}.svg)`);
  }
  return `${lines.join('\n')}\n`;
}

/** Latency percentiles against offered rate, on a log scale; steps the generator was starved in are left out. */
export function latencyChart(scenario: ScenarioResult): Promise<string> {
  return percentileChart(scenario.title, {
    xTitle: 'offered rate (requests/s)',
    yTitle: 'latency (ms, from intended send time)',
    points: scenario.steps.filter((step) => !step.discarded).map(({ result }) => ({ x: result.offeredRate, latencyMs: result.latencyMs })),
  });
}

/** p50, p90, p99 and max against x, the latency on a log scale. */
export async function percentileChart(title: string, chart: PercentileChart): Promise<string> {
  // Both are ES modules (vega uses top-level await): loaded when a chart is drawn.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const values = chart.points.flatMap(({ x, latencyMs }) => (['p50', 'p90', 'p99', 'max'] as const).map((percentile) => ({ x, percentile, ms: Math.max(latencyMs[percentile], 0.001) })));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: chart.xTitle, ...(chart.xLog ? { scale: { type: 'log' } } : {}) },
      y: { field: 'ms', type: 'quantitative', title: chart.yTitle, scale: { type: 'log' } },
      color: { field: 'percentile', type: 'nominal', sort: ['p50', 'p90', 'p99', 'max'] },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0]).spec), { renderer: 'none' });
  return view.toSVG();
}

function cell(value: string | number): string {
  if (typeof value === 'string' || Number.isInteger(value)) return String(value);
  // Sub-millisecond lookups and ratios need their second digit.
  return Math.abs(value) < 10 ? value.toFixed(2) : fixed(value);
}

function fixed(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
