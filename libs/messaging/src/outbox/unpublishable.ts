/**
 * Kafka's answers that no retry can change for one record: it is too large for the topic,
 * malformed, or its topic does not exist (deleted, or never created) or refuses us.
 */
const PERMANENT_FOR_THE_RECORD = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TOPIC_EXCEPTION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'TOPIC_AUTHORIZATION_FAILED',
]);

/** The Kafka error type that makes a record unpublishable, looking through kafkajs' wrapped causes; undefined for anything else. */
export function unpublishableReason(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && PERMANENT_FOR_THE_RECORD.has(type)) return type;
    current = cause;
  }
  return undefined;
}
