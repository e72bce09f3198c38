/** What the vault's database and Kafka each say about one governing body's availability. */
export interface AvailabilityCounts {
  readonly body: string;
  /** Documents whose availability was ever published under this body (availability_version > 0). */
  readonly announced: number;
  /** Records for the body's topic still in the outbox: committed, on their way to Kafka. */
  readonly pending: number;
  /**
   * The sum of the high-water marks of the topic's partitions: how many records were ever
   * appended to it (compaction never lowers it). 0 when the topic does not exist.
   */
  readonly recorded: number;
  readonly topicExists: boolean;
}

export interface AvailabilitySplit extends AvailabilityCounts {
  /** Announced documents the topic cannot hold a record of; 0 when the two agree. */
  readonly missing: number;
}

/**
 * Whether a body's availability topic can still hold a record of every document the vault
 * announced on it. Each announced document had at least one record appended, first to the
 * outbox and then, once relayed, to the topic; so while the topic is the one those records
 * went to, recorded + pending >= announced. Fewer means records were lost: the topic was
 * deleted and re-created, the broker is new (a fresh local broker beside old databases), or
 * the vault is pointed at the wrong cluster. Records of other writers (tests sharing a
 * broker) only make recorded larger, so the check never cries wolf; it may miss a loss that
 * new traffic has since covered, which is why the republication is also the routine remedy.
 */
export function availabilitySplit(counts: AvailabilityCounts): AvailabilitySplit {
  return { ...counts, missing: Math.max(0, counts.announced - counts.recorded - counts.pending) };
}

/** The operator command that rebuilds the topics of these split bodies from the vault's database. */
export function republishCommand(split: readonly Pick<AvailabilitySplit, 'body'>[]): string {
  const scope = split.length === 1 ? `--body ${split[0].body}` : '--all';
  return `node dist/apps/vault/src/main.js republish-availability ${scope}`;
}

/** One sentence for readiness and the log: which bodies, how far apart, and what to run. */
export function describeSplit(split: readonly AvailabilitySplit[]): string {
  const bodies = split
    .map((body) => `${body.body} (${body.announced} announced, ${body.recorded + body.pending} on the topic${body.topicExists ? '' : ', which does not exist'})`)
    .join(', ');
  return `availability topics miss records of ${bodies}: intakes cannot see every document the vault announced; run ${republishCommand(split)}`;
}
