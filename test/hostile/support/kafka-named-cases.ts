import { randomBytes, randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import { DossierRated } from '@app/contracts';
import { REPLAYED_FROM_HEADER, SIGNATURE_HEADER, type SigningIdentity } from '@app/messaging';
import type { ConsumedTopic, GenuineEvent } from './kafka-consumed-topics';
import type { KafkaFuzzPlatform, Signer } from './kafka-fuzz-platform';
import { FUZZ_MARKER_HEADER, freshId, signedRecord, type Category, type HostileRecord, type MarkerSequence, type Outcome, type SignedRecord } from './kafka-hostile-records';

/** What a record batch of one record takes beside the key, value and headers: a 61-byte batch header and the record's own fields, over-counted. */
const RECORD_BATCH_OVERHEAD = 61 + 25;

/** What the named cases are built from: the topic, a genuine event never sent as such, and the broker's limit. */
export interface CaseContext {
  readonly topic: ConsumedTopic;
  readonly platform: KafkaFuzzPlatform;
  readonly marks: MarkerSequence;
  /** A valid, applicable payload: if any hostile record built on it were applied, its effect would show. */
  readonly template: GenuineEvent;
  /** The topic's `max.message.bytes`: the largest record batch the broker accepts. */
  readonly maxMessageBytes: number;
}

export function hostile(context: CaseContext, category: Category, name: string, expected: Outcome, record: { key: string | Buffer | null; value: string | Buffer | null; headers: IHeaders; eventId?: string }): HostileRecord {
  const marker = context.marks.mark();
  return { ...record, headers: { ...record.headers, [FUZZ_MARKER_HEADER]: marker }, marker, category, name, expected };
}

/** The template signed afresh (a new id each time), optionally with another value or type in its place. */
function template(context: CaseContext, options: { value?: string; type?: string; id?: string; signer?: Signer; payload?: object } = {}): Promise<SignedRecord> {
  const { definition, payload, signer } = context.template;
  return signedRecord(definition, options.payload ?? payload, options.signer ?? signer, options);
}

function without(headers: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

/** The template's JSON with one field replaced: kept as text, so the order and bytes are what gets signed. */
function withField(context: CaseContext, field: string, value: unknown): string {
  return JSON.stringify({ ...context.template.payload, [field]: value });
}

/** Garbage that is no CloudEvents string: a NUL, bytes that are not UTF-8, a DEL and a C1 control. */
const BINARY_GARBAGE = Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x7f, 0xc2, 0x85, 0xc3, 0x28, 0x00]);

export async function malformedCases(context: CaseContext): Promise<HostileRecord[]> {
  const { topic } = context;
  const malformed = (name: string, expected: Outcome, record: Parameters<typeof hostile>[4]) => hostile(context, 'malformed', name, expected, record);
  const cases: HostileRecord[] = [];
  const base = await template(context);
  cases.push(malformed('no headers at all', 'invalid-envelope', { key: base.key, value: base.value, headers: {} }));
  for (const name of ['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time']) {
    const record = await template(context);
    cases.push(malformed(`without ${name}`, 'invalid-envelope', { ...record, headers: without(record.headers, name) }));
    const empty = await template(context);
    cases.push(malformed(`${name} empty`, 'invalid-envelope', { ...empty, headers: { ...empty.headers, [name]: '' } }));
  }
  for (const version of ['0.3', '2.0', '1.0 ', '1', 'v1.0']) {
    const record = await template(context);
    cases.push(malformed(`ce_specversion ${JSON.stringify(version)}`, 'invalid-envelope', { ...record, headers: { ...record.headers, ce_specversion: version } }));
  }
  for (const name of ['ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject']) {
    const record = await template(context);
    cases.push(malformed(`binary garbage in ${name}`, 'invalid-envelope', { ...record, headers: { ...record.headers, [name]: BINARY_GARBAGE } }));
  }
  {
    // Long enough that PostgreSQL's index could not hold it, and signed, so it gets as far as the inbox.
    const id = randomBytes(4_096).toString('hex');
    const record = await template(context, { id, value: '"not an object"' });
    cases.push(malformed('a signed ce_id of 8,192 characters', 'invalid-envelope', { ...record, eventId: id }));
  }
  {
    const record = await template(context);
    cases.push(malformed('binary garbage in ce_signature', 'SIGNATURE_INVALID', { ...record, headers: { ...record.headers, [SIGNATURE_HEADER]: BINARY_GARBAGE } }));
  }
  {
    const record = await template(context);
    cases.push(
      malformed('headers named after Object.prototype members', 'SIGNATURE_INVALID', {
        ...record,
        headers: { ...without(record.headers, SIGNATURE_HEADER), constructor: 'c', ['__proto__']: Buffer.from('p'), toString: 't', hasOwnProperty: 'h', valueOf: BINARY_GARBAGE },
      }),
    );
  }
  {
    const record = await template(context);
    cases.push(malformed('ce_source twice, the first a nobody', 'SIGNATURE_INVALID', { ...record, headers: { ...record.headers, ce_source: ['/nobody', record.headers.ce_source] } }));
  }
  {
    const record = await template(context);
    cases.push(malformed('ce_time not a date (signed)', 'SIGNATURE_INVALID', { ...record, headers: { ...record.headers, ce_time: 'yesterday at noon' } }));
  }
  const signedValue = async (name: string, value: string) => {
    const record = await template(context, { value });
    cases.push(malformed(name, 'invalid-payload', record));
  };
  await signedValue('value not JSON (signed)', 'this is {not JSON');
  await signedValue('value empty (signed)', '');
  await signedValue('JSON array (signed)', JSON.stringify([context.template.payload]));
  await signedValue('JSON number (signed)', '42');
  await signedValue('JSON string (signed)', JSON.stringify(JSON.stringify(context.template.payload)));
  await signedValue('JSON null (signed)', 'null');
  await signedValue(`${topic.boundedField} missing (signed)`, JSON.stringify({ ...context.template.payload, [topic.boundedField]: undefined }));
  await signedValue(`${topic.boundedField} a number (signed)`, withField(context, topic.boundedField, 42));
  await signedValue(`${topic.boundedField} an object (signed)`, withField(context, topic.boundedField, { $gt: '' }));
  await signedValue(`${topic.timestampField} not a timestamp (signed)`, withField(context, topic.timestampField, '2026-02-30T00:00:00Z'));
  await signedValue('an unknown property, personalId (signed)', withField(context, 'personalId', '001099012345'));
  await signedValue('a __proto__ property (signed)', `{"__proto__":{"polluted":true},${JSON.stringify(context.template.payload).slice(1)}`);
  await signedValue('nested 20,000 deep (signed)', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
  {
    const record = await template(context, { value: '' });
    cases.push(malformed('a null value (signed over no bytes)', 'invalid-payload', { ...record, value: null }));
    const unsigned = await template(context);
    cases.push(malformed('a null value (unsigned)', 'SIGNATURE_INVALID', { ...unsigned, value: null, headers: without(unsigned.headers, SIGNATURE_HEADER) }));
  }
  {
    const record = await template(context);
    cases.push(malformed('value not JSON (unsigned)', 'SIGNATURE_INVALID', { ...record, value: 'this is {not JSON', headers: without(record.headers, SIGNATURE_HEADER) }));
  }
  cases.push(malformed('an unknown ce_type (signed)', 'unhandled-event-type', await template(context, { type: 'vn.gov.nobody.unknown.v1' })));
  cases.push(malformed('a real type no consumer handles, DossierRated (signed)', 'unhandled-event-type', await template(context, { type: DossierRated.type })));
  {
    const record = await template(context, { type: 'vn.gov.nobody.unknown.v1' });
    cases.push(malformed('an unknown ce_type (unsigned)', 'SIGNATURE_INVALID', { ...record, headers: without(record.headers, SIGNATURE_HEADER) }));
  }
  {
    const record = await template(context);
    cases.push(malformed('an empty key, unsigned', 'SIGNATURE_INVALID', { ...record, key: '', headers: without(record.headers, SIGNATURE_HEADER) }));
    if (!topic.compacted) {
      const keyless = await template(context);
      cases.push(malformed('no key, unsigned', 'SIGNATURE_INVALID', { ...keyless, key: null, headers: without(keyless.headers, SIGNATURE_HEADER) }));
    }
  }
  return cases;
}

/**
 * Records a consumer must apply although they look odd: the key and `traceparent` are not part
 * of the signed event (the relay replaces `traceparent`), so a genuine event keyed by nothing,
 * or with garbage beside its signed attributes, is still the producer's word.
 */
export async function oddButGenuineCases(context: CaseContext): Promise<{ record: HostileRecord; genuine: GenuineEvent }[]> {
  const { topic, platform } = context;
  const cases: { record: HostileRecord; genuine: GenuineEvent }[] = [];
  const genuine = async (name: string, change: (record: SignedRecord) => { key: string | Buffer | null; value: string; headers: IHeaders }) => {
    const event = await topic.genuine(platform);
    const record = await signedRecord(event.definition, event.payload, event.signer);
    cases.push({ genuine: event, record: { ...hostile(context, 'malformed', name, 'applied', change(record)), eventId: record.eventId } });
  };
  await genuine('an empty key, genuine otherwise', (record) => ({ ...record, key: '' }));
  await genuine('garbage traceparent and unknown headers, genuine otherwise', (record) => ({ ...record, headers: { ...record.headers, traceparent: BINARY_GARBAGE, 'x-unknown': BINARY_GARBAGE, constructor: 'c' } }));
  if (!topic.compacted) await genuine('no key, genuine otherwise', (record) => ({ ...record, key: null }));
  return cases;
}

export async function oversizedCases(context: CaseContext): Promise<HostileRecord[]> {
  const { topic, maxMessageBytes } = context;
  const oversized = (name: string, expected: Outcome, record: Parameters<typeof hostile>[4]) => hostile(context, 'oversized', name, expected, record);
  const cases: HostileRecord[] = [];
  const filler = (bytes: number) => 'x'.repeat(Math.max(0, bytes));
  const sized = async (name: string, field: string, total: number, make: (fill: string) => unknown, letterLeavesOutValue = false) => {
    // Measure the record with an empty fill, then fill it to `total` bytes.
    const probe = await template(context, { value: withField(context, field, make('')) });
    const fixed = Buffer.byteLength(probe.value) + Buffer.byteLength(probe.key) + headerBytes(probe.headers) + RECORD_BATCH_OVERHEAD;
    const record = await template(context, { value: withField(context, field, make(filler(total - fixed))) });
    cases.push({ ...oversized(name, 'invalid-payload', record), ...(letterLeavesOutValue ? { letterLeavesOutValue } : {}) });
  };
  await sized(`${topic.boundedField} of about the broker's limit less 16 KiB (signed)`, topic.boundedField, maxMessageBytes - 16_384, (fill) => fill);
  // ISO 8601 allows any number of fraction digits, and Date parses them: only a length bound stops this one.
  await sized(`${topic.timestampField} with about the broker's limit less 16 KiB of fraction digits (signed)`, topic.timestampField, maxMessageBytes - 16_384, (fill) => `2026-01-01T00:00:00.${fill.replaceAll('x', '0')}Z`);
  await sized("an unknown property of half the broker's limit (signed)", 'padding', Math.floor(maxMessageBytes / 2), (fill) => fill);
  // So close to the limit that a dead letter, which adds some 400 bytes of its own headers, cannot be as large.
  await sized(`${topic.boundedField} filling the record to 64 bytes under the broker's limit (signed)`, topic.boundedField, maxMessageBytes - 64, (fill) => fill, true);
  {
    const record = await template(context, { value: withField(context, topic.boundedField, filler(maxMessageBytes - 32_768)) });
    cases.push(oversized("unsigned, of about the broker's limit less 32 KiB", 'SIGNATURE_INVALID', { ...record, headers: without(record.headers, SIGNATURE_HEADER) }));
  }
  {
    const record = await template(context);
    cases.push(oversized('a ce_subject of 100,000 characters', 'invalid-envelope', { ...record, headers: { ...record.headers, ce_subject: filler(100_000) } }));
  }
  return cases;
}

export async function signatureCases(context: CaseContext): Promise<HostileRecord[]> {
  const { platform } = context;
  const { signer } = context.template;
  const bad = (name: string, record: Parameters<typeof hostile>[4]) => hostile(context, 'signature', name, 'SIGNATURE_INVALID', record);
  const cases: HostileRecord[] = [];
  const base = async () => template(context);
  {
    const record = await base();
    cases.push(bad('unsigned', { ...record, headers: without(record.headers, SIGNATURE_HEADER) }));
  }
  for (const [name, signature] of [
    ['ce_signature empty', ''],
    ['ce_signature not a detached JWS', 'not.a.jws.at.all'],
    ['ce_signature with an attached payload', 'eyJhbGciOiJFZERTQSJ9.eyJ4IjoxfQ.c2ln'],
  ] as const) {
    const record = await base();
    cases.push(bad(name, { ...record, headers: { ...record.headers, [SIGNATURE_HEADER]: signature } }));
  }
  const kid = signer.identity.keyId;
  for (const [name, header] of [
    ['alg none', { alg: 'none', kid, b64: false, crit: ['b64'] }],
    ['alg HS256 (a shared secret)', { alg: 'HS256', kid, b64: false, crit: ['b64'] }],
    ['alg RS256 under an EdDSA key id', { alg: 'RS256', kid, b64: false, crit: ['b64'] }],
    ['alg not a string', { alg: 7, kid, b64: false, crit: ['b64'] }],
    ['a kid holding a NUL', { alg: 'EdDSA', kid: `${kid}\u0000`, b64: false, crit: ['b64'] }],
    ['a kid of 10,000 characters', { alg: 'EdDSA', kid: 'k'.repeat(10_000), b64: false, crit: ['b64'] }],
    ['no kid', { alg: 'EdDSA', b64: false, crit: ['b64'] }],
    ['b64 true (the encoded form)', { alg: 'EdDSA', kid }],
  ] as const) {
    const record = await base();
    const signature = `${Buffer.from(JSON.stringify(header)).toString('base64url')}..${randomBytes(64).toString('base64url')}`;
    cases.push(bad(`a JWS with ${name}`, { ...record, headers: { ...record.headers, [SIGNATURE_HEADER]: signature } }));
  }
  {
    const record = await base();
    const [protectedHeader] = record.headers[SIGNATURE_HEADER].split('..');
    cases.push(bad("the right header, another signature's bytes", { ...record, headers: { ...record.headers, [SIGNATURE_HEADER]: `${protectedHeader}..${randomBytes(64).toString('base64url')}` } }));
  }
  // Genuine keys, each claiming a source that is not its owner's.
  const identities: [string, SigningIdentity][] = [
    ['agency A', platform.signers.agencyA.identity],
    ['agency B', platform.signers.agencyB.identity],
    ['the vault', platform.signers.vault.identity],
    ['payment', platform.signers.payment.identity],
    ['a key nobody registered', platform.stranger.identity],
  ];
  const sources = [platform.signers.agencyA.source, platform.signers.agencyB.source, '/vault', '/payment', '/notification', '/intake-999.99.99.z99', '/intake-000.00.12.H26', 'intake-000.00.12.h26'];
  const owner = new Map<SigningIdentity, string>([
    [platform.signers.agencyA.identity, platform.signers.agencyA.source],
    [platform.signers.agencyB.identity, platform.signers.agencyB.source],
    [platform.signers.vault.identity, '/vault'],
    [platform.signers.payment.identity, '/payment'],
  ]);
  for (const [who, identity] of identities) {
    // Each key under the topic's own source, and the topic's key under every other source.
    const claims = identity === signer.identity ? sources.filter((source) => source !== signer.source) : [signer.source];
    for (const source of claims) {
      if (owner.get(identity) === source) continue;
      cases.push(bad(`signed by ${who}'s key, claiming ${source}`, await template(context, { signer: { source, identity } })));
    }
  }
  const altered = async (name: string, change: (record: SignedRecord) => Partial<SignedRecord>) => {
    const record = await base();
    const changed = change(record);
    cases.push(bad(`${name} after signing`, { ...record, ...changed, eventId: changed.headers?.ce_id ?? record.eventId }));
  };
  await altered('the payload altered', (record) => ({ value: record.value.replace(/"(\w+)":"(.)/, (_match, field: string, first: string) => `"${field}":"${first === 'A' ? 'B' : 'A'}`) }));
  await altered('a space added to the payload', (record) => ({ value: `${record.value} ` }));
  await altered('ce_time moved by a millisecond', (record) => ({ headers: { ...record.headers, ce_time: new Date(Date.parse(record.headers.ce_time) + 1).toISOString() } }));
  await altered('ce_subject changed', (record) => ({ headers: { ...record.headers, ce_subject: randomUUID() } }));
  await altered('ce_subject removed', (record) => ({ headers: without(record.headers, 'ce_subject') }));
  await altered('ce_id changed', (record) => ({ headers: { ...record.headers, ce_id: freshId() } }));
  {
    const record = await base();
    cases.push(bad('ce_signature twice, the first garbage', { ...record, headers: { ...record.headers, [SIGNATURE_HEADER]: ['garbage..garbage', record.headers[SIGNATURE_HEADER]] } }));
  }
  return cases;
}

/** The replays and forgeries of one topic, in the order they are sent, and the genuine events they involve. */
export interface ReplayPlan {
  readonly records: HostileRecord[];
  /** Genuine events whose effect must show exactly once, and forged payloads whose effect must never show. */
  readonly once: GenuineEvent[];
  readonly never: GenuineEvent[];
}

export async function replayCases(context: CaseContext): Promise<ReplayPlan> {
  const { topic, platform } = context;
  const replay = (name: string, expected: Outcome, record: SignedRecord | (Omit<SignedRecord, 'headers'> & { headers: IHeaders })) => ({ ...hostile(context, 'replay', name, expected, record), eventId: record.eventId });
  const records: HostileRecord[] = [];
  const twice = await topic.genuine(platform);
  const first = await signedRecord(twice.definition, twice.payload, twice.signer);
  records.push(replay('a genuine event', 'applied', first));
  records.push(replay('the same event again', 'skipped', first));
  records.push(replay('the same event replayed from the dead letters', 'skipped', { ...first, headers: { ...first.headers, [REPLAYED_FROM_HEADER]: `${platform.consumer(topic.consumers[0]).deadLetterTopic}/0@0` } }));
  // A forgery that takes a genuine event's id first must not make the consumer skip the genuine one.
  const taken = await topic.genuine(platform);
  const forgedFirst = await topic.genuine(platform);
  const id = freshId();
  records.push(replay("a forgery taking a genuine event's id first", 'SIGNATURE_INVALID', await signedRecord(forgedFirst.definition, forgedFirst.payload, platform.stranger, { id })));
  records.push(replay('the genuine event under that id', 'applied', await signedRecord(taken.definition, taken.payload, taken.signer, { id })));
  // A forgery reusing the id of an event already applied is a duplicate: skipped, not applied.
  const applied = await topic.genuine(platform);
  const forgedAfter = await topic.genuine(platform);
  const genuineRecord = await signedRecord(applied.definition, applied.payload, applied.signer);
  records.push(replay('a genuine event', 'applied', genuineRecord));
  records.push(replay("a forgery reusing that event's id", 'skipped', await signedRecord(forgedAfter.definition, forgedAfter.payload, platform.stranger, { id: genuineRecord.eventId })));
  return { records, once: [twice, taken, applied], never: [forgedFirst, forgedAfter] };
}

function headerBytes(headers: IHeaders): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    // Two length varints of at most 3 bytes each: values here are under 2 MiB.
    for (const one of Array.isArray(value) ? value : [value]) bytes += Buffer.byteLength(name) + (one === undefined ? 0 : Buffer.byteLength(one)) + 6;
  }
  return bytes;
}
