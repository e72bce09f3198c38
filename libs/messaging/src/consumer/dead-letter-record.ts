import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { OMITTED_HEADER } from './dead-letter-headers';

/**
 * The dead letters to try for one record, best first: the original key, value and headers beside
 * the dlt-* ones; then without the value; then without the original headers; then without the
 * key. Each later one is for a topic that refused the one before as too large: a record near the
 * broker's limit leaves no room for the dlt-* headers, and a consumer that cannot dead-letter a
 * record never gets past it. What a letter leaves out, `dlt-omitted` says; the original is still
 * on its topic at `dlt-original-topic`/`-partition`/`-offset` until the retention removes it.
 */
export function deadLetterCandidates(original: Pick<KafkaMessage, 'key' | 'value' | 'headers'>, deadLetterHeaders: Readonly<Record<string, string>>): Message[] {
  const headers = recordHeaders(original.headers);
  const value = original.value === null ? 'no value' : `a value of ${original.value.length} bytes`;
  const count = Object.values(headers).reduce<number>((sum, one) => sum + (Array.isArray(one) ? one.length : 1), 0);
  const key = original.key === null ? 'no key' : `a key of ${original.key.length} bytes`;
  return [
    { key: original.key, value: original.value, headers: { ...headers, ...deadLetterHeaders } },
    { key: original.key, value: null, headers: { ...headers, ...deadLetterHeaders, [OMITTED_HEADER]: value } },
    { key: original.key, value: null, headers: { ...deadLetterHeaders, [OMITTED_HEADER]: `${value}, ${count} headers` } },
    { key: null, value: null, headers: { ...deadLetterHeaders, [OMITTED_HEADER]: `${value}, ${count} headers, ${key}` } },
  ];
}

/**
 * The record's own headers. kafkajs builds its headers object by reduction, so a header named
 * like an Object.prototype member (`constructor`, `__proto__`, `toString`) comes back as an array
 * holding that inherited member and then the record's value: only bytes and text are the record's.
 */
export function recordHeaders(headers: IHeaders | undefined): IHeaders {
  const own: [string, Buffer | string | (Buffer | string)[]][] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const values = (Array.isArray(value) ? value : [value]).filter((one): one is Buffer | string => Buffer.isBuffer(one) || typeof one === 'string');
    if (values.length > 0) own.push([name, values.length === 1 ? values[0] : values]);
  }
  // fromEntries defines each name as an own property, `__proto__` included; assignment would not.
  return Object.fromEntries(own);
}
