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

/** Reads the attributes back; returns the names of the missing required ones instead of throwing. */
export function fromKafkaHeaders(
  raw: Record<string, Buffer | string | (Buffer | string)[] | undefined>,
): { event: CloudEventAttributes } | { missing: string[] } {
  const get = (name: string): string | undefined => {
    const value = raw[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  };
  const required = ['id', 'source', 'type', 'specversion', 'time'] as const;
  const missing: string[] = required.filter((name) => !get(`${PREFIX}${name}`));
  if (get(`${PREFIX}specversion`) !== undefined && get(`${PREFIX}specversion`) !== '1.0') missing.push('specversion=1.0');
  if (missing.length > 0) return { missing: missing.map((name) => `${PREFIX}${name}`) };
  const subject = get(`${PREFIX}subject`);
  return {
    event: {
      id: get(`${PREFIX}id`)!,
      source: get(`${PREFIX}source`)!,
      type: get(`${PREFIX}type`)!,
      specversion: '1.0',
      time: get(`${PREFIX}time`)!,
      traceparent: get('traceparent') ?? newTraceparent(),
      ...(subject === undefined ? {} : { subject }),
    },
  };
}
