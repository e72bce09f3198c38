import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ConsumerName } from './kafka-fuzz-platform';
import { CATEGORIES, expectedOf, type Category, type HostileRecord, type Outcome } from './kafka-hostile-records';

/** Per topic and category: records sent, and what each consumer made of them (checked, not assumed: only checked batches are counted). */
export interface CategoryCount {
  sent: number;
  outcomes: Partial<Record<ConsumerName, Partial<Record<Outcome, number>>>>;
}

export type TopicCounts = Record<Category, CategoryCount>;

export class FuzzTally {
  readonly topics = new Map<string, TopicCounts>();
  private readonly started = Date.now();

  record(topic: string, record: HostileRecord, consumers: readonly ConsumerName[]): void {
    let counts = this.topics.get(topic);
    if (!counts) this.topics.set(topic, (counts = Object.fromEntries(CATEGORIES.map((category) => [category, { sent: 0, outcomes: {} }])) as TopicCounts));
    const count = counts[record.category];
    count.sent += 1;
    for (const consumer of consumers) {
      const outcome = expectedOf(record, consumer);
      const of = (count.outcomes[consumer] ??= {});
      of[outcome] = (of[outcome] ?? 0) + 1;
    }
  }

  /** One line per topic and category: `sent`, then per consumer its outcomes, e.g. `vault: 40 invalid-envelope, 2 applied`. */
  lines(): string[] {
    const lines: string[] = [];
    let total = 0;
    for (const [topic, counts] of this.topics) {
      for (const category of CATEGORIES) {
        const { sent, outcomes } = counts[category];
        if (sent === 0) continue;
        total += sent;
        const each = Object.entries(outcomes).map(([consumer, byOutcome]) => `${consumer}: ${Object.entries(byOutcome).map(([outcome, n]) => `${n} ${outcome}`).join(', ')}`);
        lines.push(`${topic.padEnd(18)} ${category.padEnd(10)} ${String(sent).padStart(5)} sent; ${each.join('; ')}`);
      }
    }
    lines.push(`${'all topics'.padEnd(18)} ${''.padEnd(10)} ${String(total).padStart(5)} sent in ${Math.round((Date.now() - this.started) / 1_000)} s`);
    return lines;
  }

  /** Writes `.state/fuzz/kafka-<profile>.json` and returns its path. */
  async write(profile: string, extra: Record<string, unknown>): Promise<string> {
    const directory = resolve('.state/fuzz');
    await mkdir(directory, { recursive: true });
    const file = join(directory, `kafka-${profile}.json`);
    const topics = Object.fromEntries([...this.topics].map(([topic, counts]) => [topic, counts]));
    await writeFile(file, `${JSON.stringify({ profile, ...extra, durationSeconds: Math.round((Date.now() - this.started) / 1_000), finishedAt: new Date().toISOString(), topics }, null, 2)}\n`);
    return file;
  }
}
