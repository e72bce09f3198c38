import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export type Category = 'valid' | 'invalid';
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'no answer';

export function statusClassOf(status: number | undefined): StatusClass {
  if (status === undefined || status < 200) return 'no answer';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  if (status < 500) return '4xx';
  return '5xx';
}

const CLASSES: readonly StatusClass[] = ['2xx', '3xx', '4xx', '5xx', 'no answer'];

/**
 * Counts every request the fuzzer sent, by service, category and the class of the answer,
 * and by what the generator did to it; the closing note quotes these numbers.
 */
export class FuzzTally {
  private readonly byCategory = new Map<string, Record<StatusClass, number>>();
  private readonly byMutation = new Map<string, number>();
  private readonly startedAt = Date.now();

  record(service: string, category: Category, mutation: string, status: number | undefined): void {
    const key = `${service}\t${category}`;
    const row = this.byCategory.get(key) ?? { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, 'no answer': 0 };
    row[statusClassOf(status)] += 1;
    this.byCategory.set(key, row);
    this.byMutation.set(`${category}\t${mutation}`, (this.byMutation.get(`${category}\t${mutation}`) ?? 0) + 1);
  }

  get total(): number {
    return [...this.byCategory.values()].reduce((sum, row) => sum + CLASSES.reduce((rowSum, name) => rowSum + row[name], 0), 0);
  }

  get serverErrors(): number {
    return [...this.byCategory.values()].reduce((sum, row) => sum + row['5xx'] + row['no answer'], 0);
  }

  /** A table a person reads: one line per service and category, then the totals. */
  render(profile: string): string {
    const lines = [`HTTP fuzz (${profile}): ${this.total} requests tried, 5xx found: ${this.serverErrors}, in ${Math.round((Date.now() - this.startedAt) / 1000)} s`];
    lines.push(['service', 'category', ...CLASSES, 'total'].map((cell) => cell.padEnd(22)).join(''));
    for (const [key, row] of [...this.byCategory].sort(([a], [b]) => a.localeCompare(b))) {
      const [service, category] = key.split('\t');
      const total = CLASSES.reduce((sum, name) => sum + row[name], 0);
      lines.push([service, category, ...CLASSES.map((name) => String(row[name])), String(total)].map((cell) => cell.padEnd(22)).join(''));
    }
    lines.push('by generator:');
    for (const [key, count] of [...this.byMutation].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${key.replace('\t', ' / ')}: ${count}`);
    return lines.join('\n');
  }

  toJSON(profile: string): unknown {
    return {
      profile,
      finishedAt: new Date().toISOString(),
      durationSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      requests: this.total,
      serverErrors: this.serverErrors,
      categories: [...this.byCategory].map(([key, row]) => {
        const [service, category] = key.split('\t');
        return { service, category, ...row };
      }),
      generators: Object.fromEntries([...this.byMutation].map(([key, count]) => [key.replace('\t', '/'), count])),
    };
  }

  /** For the record: `.state/fuzz/http-fuzz-<profile>-<time>.json`, and `http-fuzz-<profile>-latest.json` beside it. */
  async write(profile: string): Promise<string> {
    const dir = resolve('.state/fuzz');
    await mkdir(dir, { recursive: true });
    const text = `${JSON.stringify(this.toJSON(profile), null, 2)}\n`;
    const file = join(dir, `http-fuzz-${profile}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(file, text);
    await writeFile(join(dir, `http-fuzz-${profile}-latest.json`), text);
    return file;
  }
}
