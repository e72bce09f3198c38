import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import { newCloudEvent, toKafkaHeaders, type EventDefinition } from '@app/contracts';
import { SIGNATURE_HEADER, type DeadLetterReason } from '@app/messaging';
import type { ConsumerName, Signer } from './kafka-fuzz-platform';

/** Where each record says which case it is: the consumer copies it to the dead letter with the rest. */
export const FUZZ_MARKER_HEADER = 'fuzz-case';

/** The four kinds of named case, and the records fast-check generates (every kind of damage mixed). */
export type Category = 'malformed' | 'oversized' | 'signature' | 'replay' | 'generated';
export const CATEGORIES: readonly Category[] = ['malformed', 'oversized', 'signature', 'replay', 'generated'];

/** What a consumer must make of a record: a dead letter with this reason, applied, or skipped as a duplicate. */
export type Outcome = DeadLetterReason | 'applied' | 'skipped';

export interface HostileRecord {
  readonly marker: string;
  readonly category: Category;
  /** Says what is wrong with it, for a failure message. */
  readonly name: string;
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers: IHeaders;
  readonly expected: Outcome;
  /** Where the consumers of one topic differ (their inboxes hold different ids), each one's own outcome. */
  readonly expectedBy?: Partial<Record<ConsumerName, Outcome>>;
  /** A record so near the broker's limit that its dead letter cannot carry its value beside the dlt-* headers. */
  readonly letterLeavesOutValue?: boolean;
  /** The CloudEvents id it claims, when it claims one a consumer could record. */
  readonly eventId?: string;
}

/** Numbers the records of one topic under this run's marker. */
export class MarkerSequence {
  private next = 0;
  constructor(readonly prefix: string) {}

  mark(): string {
    this.next += 1;
    return `${this.prefix}${String(this.next).padStart(5, '0')}`;
  }
}

/** A record as its producer would send it: CloudEvents headers, the payload's JSON, signed by `signer`. */
export interface SignedRecord {
  readonly eventId: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export async function signedRecord<T extends object>(definition: EventDefinition<T>, payload: T, signer: Signer, options: { type?: string; id?: string; value?: string } = {}): Promise<SignedRecord> {
  const event = { ...newCloudEvent({ source: signer.source, type: options.type ?? definition.type, subject: definition.subject?.(payload) }), ...(options.id ? { id: options.id } : {}) };
  const value = options.value ?? JSON.stringify(payload);
  return {
    eventId: event.id,
    key: definition.key(payload),
    value,
    headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: await signer.identity.sign(event, Buffer.from(value)) },
  };
}

/**
 * The consumer's reading of the CloudEvents attributes, as the platform means it: the five
 * required ones present and not empty, `ce_specversion` 1.0, and each attribute a CloudEvents
 * string (UTF-8, no control characters or noncharacters) of at most ATTRIBUTE_MAX_LENGTH
 * UTF-16 code units. The model the expectations come from, written apart from the code under test.
 */
export const ATTRIBUTE_MAX_LENGTH = 256;
const REQUIRED = ['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time'] as const;
const NOT_A_CLOUDEVENTS_STRING = /[\p{Cc}\p{Noncharacter_Code_Point}]/u;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface ModelAttributes {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly specversion: '1.0';
  readonly time: string;
  readonly subject?: string;
}

export function envelopeModel(headers: IHeaders): ModelAttributes | undefined {
  const text = (name: string): string | null | undefined => {
    const raw = headers[name];
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined) return undefined;
    let decoded: string;
    try {
      decoded = typeof first === 'string' ? first : UTF8.decode(first);
    } catch {
      return null;
    }
    return NOT_A_CLOUDEVENTS_STRING.test(decoded) || decoded.length > ATTRIBUTE_MAX_LENGTH ? null : decoded;
  };
  const values = Object.fromEntries(REQUIRED.map((name) => [name, text(name)]));
  if (REQUIRED.some((name) => !values[name])) return undefined;
  if (values.ce_specversion !== '1.0') return undefined;
  const subject = text('ce_subject');
  if (subject === null) return undefined;
  return { id: values.ce_id!, source: values.ce_source!, type: values.ce_type!, specversion: '1.0', time: values.ce_time!, ...(subject === undefined ? {} : { subject }) };
}

/** A fresh event id nobody has recorded: hostile records never collide with genuine ones by chance. */
export function freshId(): string {
  return randomUUID();
}

export function expectedOf(record: HostileRecord, consumer: ConsumerName): Outcome {
  return record.expectedBy?.[consumer] ?? record.expected;
}

export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = ['invalid-envelope', 'SIGNATURE_INVALID', 'invalid-payload', 'unhandled-event-type', 'handler-failed'];

export function isDeadLetter(outcome: Outcome): outcome is DeadLetterReason {
  return (DEAD_LETTER_REASONS as readonly string[]).includes(outcome);
}
