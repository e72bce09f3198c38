/**
 * Topic names follow `<owner>.<event>.v<N>`. Topics are created by the platform's own
 * setup (`ensureTopics`), never auto-created by the broker, so their partition count and
 * cleanup policy are decided here, in one place.
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Compacted topics keep the latest record per key: the availability index is rebuilt from them. */
  readonly compacted: boolean;
}

/** Every service dead-letters what it cannot apply to its own topic; operators replay from there. */
export function deadLetterTopic(service: string): string {
  return `${service}.dead-letter.v1`;
}

export function deadLetterTopicSpec(service: string): TopicSpec {
  return { name: deadLetterTopic(service), partitions: 1, compacted: false };
}
