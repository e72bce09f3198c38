import { randomBytes, randomUUID } from 'node:crypto';

/**
 * CloudEvents 1.0 context attributes, carried in Kafka headers (binary content mode)
 * so the payload stays the bare event and any CloudEvents-aware tool can route on headers.
 */
export interface CloudEventAttributes {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly specversion: '1.0';
  readonly time: string;
  readonly subject?: string;
  /** W3C trace context, so one citizen request can be followed across services. */
  readonly traceparent: string;
}

const PREFIX = 'ce_';
const CONTENT_TYPE = 'application/json';

export type KafkaHeaders = Record<string, string>;

export function newCloudEvent(
  init: Pick<CloudEventAttributes, 'source' | 'type'> & Partial<Pick<CloudEventAttributes, 'subject' | 'traceparent'>>,
): CloudEventAttributes {
  return {
    id: randomUUID(),
    specversion: '1.0',
    time: new Date().toISOString(),
    traceparent: init.traceparent ?? newTraceparent(),
    ...init,
  };
}

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

export function toKafkaHeaders(event: CloudEventAttributes): KafkaHeaders {
  const headers: KafkaHeaders = {
    [`${PREFIX}id`]: event.id,
    [`${PREFIX}source`]: event.source,
    [`${PREFIX}type`]: event.type,
    [`${PREFIX}specversion`]: event.specversion,
    [`${PREFIX}time`]: event.time,
    traceparent: event.traceparent,
    'content-type': CONTENT_TYPE,
  };
  if (event.subject !== undefined) headers[`${PREFIX}subject`] = event.subject;
  return headers;
}

/**
 * Longest attribute value accepted: far beyond any id, source, type, time or subject the
 * platform writes (a UUID is 36 characters), and short enough for the inbox's index to hold.
 */
export const MAX_ATTRIBUTE_LENGTH = 256;

/**
 * CloudEvents 1.0 strings exclude control characters (U+0000–U+001F, U+007F–U+009F) and
 * noncharacters; PostgreSQL text cannot even hold a NUL, so such an id could not be looked up.
 */
const NOT_A_CLOUDEVENTS_STRING = /[\p{Cc}\p{Noncharacter_Code_Point}]/u;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** The first value of a header as text, or why it is no CloudEvents string; undefined when absent or empty. */
function attribute(raw: RawHeaders, name: string): { value?: string; problem?: string } {
  const header = raw[name];
  const first = Array.isArray(header) ? header[0] : header;
  if (first === undefined) return {};
  let value: string;
  try {
    value = typeof first === 'string' ? first : UTF8.decode(first);
  } catch {
    return { problem: `${name} is not UTF-8` };
  }
  if (NOT_A_CLOUDEVENTS_STRING.test(value)) return { problem: `${name} holds a control character or a noncharacter` };
  if (value.length > MAX_ATTRIBUTE_LENGTH) return { problem: `${name} is longer than ${MAX_ATTRIBUTE_LENGTH} characters` };
  return value === '' ? {} : { value };
}

/**
 * Reads the attributes back; names what is missing or unusable instead of throwing: the
 * required ones must be there and not empty, `ce_specversion` must be 1.0, and every
 * attribute must be a CloudEvents string of at most MAX_ATTRIBUTE_LENGTH characters.
 */
export function fromKafkaHeaders(raw: RawHeaders): { event: CloudEventAttributes } | { invalid: string[] } {
  const invalid: string[] = [];
  const read = (name: string, required: boolean): string | undefined => {
    const { value, problem } = attribute(raw, `${PREFIX}${name}`);
    if (problem) invalid.push(problem);
    else if (value === undefined && required) invalid.push(`${PREFIX}${name} missing`);
    return value;
  };
  const [id, source, type, specversion, time] = (['id', 'source', 'type', 'specversion', 'time'] as const).map((name) => read(name, true));
  // An empty subject is a subject; only an unusable one is refused.
  const subject = raw[`${PREFIX}subject`] === undefined ? undefined : (read('subject', false) ?? '');
  if (specversion !== undefined && specversion !== '1.0') invalid.push(`${PREFIX}specversion is not 1.0`);
  if (invalid.length > 0) return { invalid };
  const traceparent = attribute(raw, 'traceparent').value;
  return {
    event: {
      id: id!,
      source: source!,
      type: type!,
      specversion: '1.0',
      time: time!,
      // Not signed, and replaced by the consumer's own span if unusable.
      traceparent: isTraceparent(traceparent) ? traceparent : newTraceparent(),
      ...(subject === undefined ? {} : { subject }),
    },
  };
}
