import type { IHeaders } from 'kafkajs';
import { DEAD_LETTER_HEADER_PREFIX, OMITTED_HEADER, REPLAYED_FROM_HEADER } from '../consumer/dead-letter-headers';

/** One record of a `<owner>.dead-letter.v1` topic, as an operator reads it. */
export interface DeadLetter {
  /** `<dead-letter topic>/<partition>@<offset>`: stable, so `show` and `replay` can name it. */
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  /** Every header as text, the dlt-* ones included. */
  readonly headers: Record<string, string>;
  readonly reason: string;
  readonly error: string;
  readonly eventType: string | null;
  readonly eventId: string | null;
  readonly originalTopic: string | null;
  readonly consumerGroup: string | null;
  readonly deadLetteredAt: Date;
}

export function deadLetterId(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}@${offset}`;
}

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    text[name] = (Array.isArray(value) ? value.map(String).join(',') : value.toString());
  }
  return text;
}

export function toDeadLetter(topic: string, partition: number, record: { offset: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders; timestamp: string }): DeadLetter {
  const headers = headersAsText(record.headers);
  const at = headers['dlt-dead-lettered-at'];
  return {
    id: deadLetterId(topic, partition, record.offset),
    topic,
    partition,
    offset: record.offset,
    key: record.key?.toString() ?? null,
    value: record.value?.toString() ?? null,
    headers,
    reason: headers['dlt-reason'] ?? 'unknown',
    error: headers['dlt-error'] ?? '',
    eventType: headers.ce_type ?? null,
    eventId: headers.ce_id ?? null,
    originalTopic: headers['dlt-original-topic'] ?? null,
    consumerGroup: headers['dlt-consumer-group'] ?? null,
    deadLetteredAt: at ? new Date(at) : new Date(Number(record.timestamp)),
  };
}

/**
 * The record a replay puts back on the original topic: the original key, value and headers
 * (the dlt-* ones removed), marked as a replay so the consumer may apply an event its inbox
 * records as dead-lettered. Refused when the letter does not say where it came from.
 */
export function replayRecord(letter: DeadLetter): { topic: string; message: { key: string | null; value: string | null; headers: Record<string, string> } } {
  if (!letter.originalTopic) throw new Error(`dead letter ${letter.id} has no dlt-original-topic header: it cannot be replayed`);
  const omitted = letter.headers[OMITTED_HEADER];
  if (omitted !== undefined) {
    const original = `${letter.originalTopic}/${letter.headers['dlt-original-partition'] ?? '?'}@${letter.headers['dlt-original-offset'] ?? '?'}`;
    throw new Error(`dead letter ${letter.id} was too large to carry the whole record (it leaves out ${omitted}): the original is ${original}, on its topic until the retention removes it`);
  }
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith(DEAD_LETTER_HEADER_PREFIX)));
  return { topic: letter.originalTopic, message: { key: letter.key, value: letter.value, headers: { ...headers, [REPLAYED_FROM_HEADER]: letter.id } } };
}
