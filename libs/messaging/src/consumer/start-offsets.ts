/** One partition's offsets when the consumer started: `high` is the next offset to be written. */
export interface PartitionEnd {
  readonly topic: string;
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

/** A group's committed offset for one partition; -1 when it has committed nothing there. */
export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * The end offsets of the subscribed topics as of start-up, and whether a group's committed
 * offsets have reached them: the consumer has then applied everything that was on its topics
 * when it started. Once reached it stays reached: later lag is ordinary work, not a rebuild.
 */
export class StartOffsets {
  private reached: boolean;

  constructor(private readonly ends: readonly PartitionEnd[]) {
    this.reached = ends.every((end) => end.high <= end.low);
  }

  get caughtUp(): boolean {
    return this.reached;
  }

  reachedBy(committed: readonly CommittedOffset[]): boolean {
    if (this.reached) return true;
    const offsets = new Map(committed.map((entry) => [`${entry.topic}/${entry.partition}`, entry.offset]));
    this.reached = this.ends.every((end) => {
      // Nothing to read there (empty, or compacted or deleted away), whatever was committed.
      if (end.high <= end.low) return true;
      const offset = offsets.get(`${end.topic}/${end.partition}`) ?? -1;
      return offset >= end.high;
    });
    return this.reached;
  }
}
