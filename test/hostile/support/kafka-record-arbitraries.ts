import { isDeepStrictEqual } from 'node:util';
import fc, { type JsonValue } from 'fast-check';
import type { IHeaders } from 'kafkajs';
import { DossierRated, validateEventPayload } from '@app/contracts';
import { REPLAYED_FROM_HEADER, SIGNATURE_HEADER } from '@app/messaging';
import type { ConsumedTopic, GenuineEvent } from './kafka-consumed-topics';
import type { ConsumerName } from './kafka-fuzz-platform';
import { FUZZ_MARKER_HEADER, envelopeModel, signedRecord, type HostileRecord, type MarkerSequence, type ModelAttributes, type Outcome } from './kafka-hostile-records';

type Bytes = string | Uint8Array;

/** One change to a header: gone, replaced, or sent twice (the consumer reads the first). */
type HeaderEdit = { readonly name: string; readonly change: 'remove' } | { readonly name: string; readonly change: 'set' | 'duplicate'; readonly value: Bytes };

type ValueChoice =
  | { readonly kind: 'template' }
  | { readonly kind: 'null' }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'json'; readonly json: JsonValue }
  | { readonly kind: 'field'; readonly field: string; readonly value: JsonValue }
  | { readonly kind: 'drop'; readonly field: string }
  | { readonly kind: 'extra'; readonly name: string; readonly value: JsonValue };

type KeyChoice = { readonly kind: 'template' } | { readonly kind: 'empty' } | { readonly kind: 'null' } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** How to spoil the template: pure data, so fast-check can shrink it and print it. */
export interface Recipe {
  readonly edits: readonly HeaderEdit[];
  readonly value: ValueChoice;
  readonly key: KeyChoice;
  /** Sign again after the edits (so the record gets past the signature), or keep the template's stale signature. */
  readonly resign: boolean;
  readonly afterSigning: readonly HeaderEdit[];
  readonly extra: readonly (readonly [string, Bytes])[];
}

const ATTRIBUTES = ['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time', 'ce_subject'] as const;
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

function garbage(): fc.Arbitrary<Bytes> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 48 }),
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({ unit: 'grapheme', maxLength: 24 }),
    // Either side of the envelope's length bound.
    fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 262 }),
    fc.constantFrom('', ' ', '\u0000', 'null', '{}', '1.0', '1.0 ', '0.3', '/vault', '/payment', '/intake-000.00.12.h26', '/intake-000.00.15.h26', DossierRated.type, 'vn.gov.nobody.unknown.v1'),
  );
}

/** A time value the key windows cannot tell apart: only dates that are no date at all, so every resolver refuses alike. */
function notADate(): fc.Arbitrary<Bytes> {
  return garbage().filter((value) => Number.isNaN(new Date(text(value)).getTime()));
}

function headerEdit(): fc.Arbitrary<HeaderEdit> {
  const name = fc.constantFrom<string>(...ATTRIBUTES, SIGNATURE_HEADER, 'traceparent', 'content-type');
  return name.chain((header) => {
    const value = header === 'ce_time' ? notADate() : garbage();
    return fc.oneof(
      fc.constant<HeaderEdit>({ name: header, change: 'remove' }),
      value.map<HeaderEdit>((bytes) => ({ name: header, change: 'set', value: bytes })),
      value.map<HeaderEdit>((bytes) => ({ name: header, change: 'duplicate', value: bytes })),
    );
  });
}

export function recipe(topic: ConsumedTopic, fields: readonly string[]): fc.Arbitrary<Recipe> {
  const json = fc.jsonValue({ maxDepth: 3 });
  const value = fc.oneof(
    fc.constant<ValueChoice>({ kind: 'template' }),
    fc.constant<ValueChoice>({ kind: 'null' }),
    fc.uint8Array({ maxLength: 256 }).map<ValueChoice>((bytes) => ({ kind: 'bytes', bytes })),
    json.map<ValueChoice>((parsed) => ({ kind: 'json', json: parsed })),
    fc.record({ field: fc.constantFrom(...fields), value: json }).map<ValueChoice>((change) => ({ kind: 'field', ...change })),
    fc.constantFrom(...fields).map<ValueChoice>((field) => ({ kind: 'drop', field })),
    fc.record({ name: fc.oneof(fc.constantFrom('personalId', '__proto__', 'constructor', ''), fc.string({ maxLength: 12 })), value: json }).map<ValueChoice>((extra) => ({ kind: 'extra', ...extra })),
  );
  const keys: fc.Arbitrary<KeyChoice>[] = [fc.constant({ kind: 'template' }), fc.constant({ kind: 'empty' }), fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: 'bytes', bytes }))];
  if (!topic.compacted) keys.push(fc.constant({ kind: 'null' }));
  const extraName = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'x-fuzz', 'ce_extension', 'dlt-reason', 'dlt-consumer-group', REPLAYED_FROM_HEADER, ''), fc.string({ maxLength: 16 })).filter((name) => name !== FUZZ_MARKER_HEADER && !(ATTRIBUTES as readonly string[]).includes(name) && name !== SIGNATURE_HEADER);
  return fc.record({
    edits: fc.array(headerEdit(), { maxLength: 3 }),
    value,
    key: fc.oneof(...keys),
    resign: fc.boolean(),
    afterSigning: fc.array(headerEdit(), { maxLength: 1 }),
    extra: fc.array(fc.tuple(extraName, garbage()), { maxLength: 3 }),
  });
}

/**
 * What each consumer has recorded in its inbox, as the pipeline would: an id it applied or
 * dead-lettered for a reason other than the envelope or the signature is skipped the next time,
 * unless it was dead-lettered and the record carries `replayed-from`.
 */
export class InboxModel {
  private readonly recorded = new Map<ConsumerName, Map<string, 'applied' | 'dead-lettered'>>();

  outcome(consumer: ConsumerName, headers: IHeaders, model: ModelAttributes, otherwise: () => Outcome): Outcome {
    const seen = this.of(consumer).get(model.id);
    if (seen !== undefined && !(seen === 'dead-lettered' && headers[REPLAYED_FROM_HEADER] !== undefined)) return 'skipped';
    const outcome = otherwise();
    if (outcome === 'applied') this.of(consumer).set(model.id, 'applied');
    else if (outcome !== 'SIGNATURE_INVALID' && outcome !== 'skipped' && outcome !== 'invalid-envelope' && seen === undefined) this.of(consumer).set(model.id, 'dead-lettered');
    return outcome;
  }

  private of(consumer: ConsumerName): Map<string, 'applied' | 'dead-lettered'> {
    let recorded = this.recorded.get(consumer);
    if (!recorded) this.recorded.set(consumer, (recorded = new Map()));
    return recorded;
  }
}

/**
 * Builds the record a recipe describes from a fresh signing of the template, and says what the
 * topic's consumers must make of it. A payload the contract would accept is spoiled on purpose
 * (one unknown property): generated records are never meant to be applied.
 */
export async function materialize(recipe: Recipe, context: { topic: ConsumedTopic; template: GenuineEvent; marks: MarkerSequence; inbox: InboxModel }): Promise<HostileRecord> {
  const { topic, template } = context;
  const base = await signedRecord(template.definition, template.payload, template.signer);
  const headers: IHeaders = { ...base.headers };
  for (const edit of recipe.edits) apply(headers, edit);
  let value = chooseValue(recipe.value, base.value, template.payload);
  if (acceptable(topic, value)) value = JSON.stringify({ ...(JSON.parse(text(value ?? 'null')) as object), fuzzSpoiled: true });
  let signedOver: { model: ModelAttributes | undefined; value: string; signature: string | undefined } = { model: envelopeModel(base.headers), value: base.value, signature: base.headers[SIGNATURE_HEADER] };
  if (recipe.resign) {
    delete headers[SIGNATURE_HEADER];
    const model = envelopeModel(headers);
    if (model) {
      const signature = await template.signer.identity.sign(model, bytesOf(value ?? ''));
      headers[SIGNATURE_HEADER] = signature;
      signedOver = { model, value: text(value ?? ''), signature };
    }
  }
  for (const edit of recipe.afterSigning) apply(headers, edit);
  // Defined, not assigned: assigning `__proto__` would set the object's prototype and send nothing.
  for (const [name, extra] of recipe.extra) Object.defineProperty(headers, name, { value: Buffer.from(bytesOf(extra)), enumerable: true, writable: true, configurable: true });
  const model = envelopeModel(headers);
  const signatureHolds =
    model !== undefined &&
    isDeepStrictEqual(model, signedOver.model) &&
    text(value ?? '') === signedOver.value &&
    firstText(headers[SIGNATURE_HEADER]) === signedOver.signature &&
    signedOver.signature !== undefined &&
    model.source === template.signer.source &&
    // A key is chosen by the time it signed at: no time, no key (and edits never make another valid date).
    !Number.isNaN(new Date(model.time).getTime());
  const expectedBy: Partial<Record<ConsumerName, Outcome>> = {};
  for (const consumer of topic.consumers) {
    expectedBy[consumer] = model ? context.inbox.outcome(consumer, headers, model, () => (!signatureHolds ? 'SIGNATURE_INVALID' : model.type !== topic.definition.type ? 'unhandled-event-type' : 'invalid-payload')) : 'invalid-envelope';
  }
  // The consumers of one topic may differ only in what their inboxes already hold.
  const expected = expectedBy[topic.consumers[0]]!;
  const marker = context.marks.mark();
  return {
    marker,
    category: 'generated',
    name: `generated: ${describeRecipe(recipe)}`,
    key: chooseKey(recipe.key, base.key),
    value: value === null ? null : typeof value === 'string' ? value : Buffer.from(value),
    headers: { ...headers, [FUZZ_MARKER_HEADER]: marker },
    expected,
    expectedBy,
    ...(model ? { eventId: model.id } : {}),
  };
}

/** Whether the consumer's own reading of the value (UTF-8, JSON, the contract) would accept it. */
function acceptable(topic: ConsumedTopic, value: Bytes | null): boolean {
  try {
    validateEventPayload(topic.definition, JSON.parse(value === null ? 'null' : text(value)));
    return true;
  } catch {
    return false;
  }
}

function chooseValue(choice: ValueChoice, templateValue: string, payload: object): Bytes | null {
  switch (choice.kind) {
    case 'template':
      return templateValue;
    case 'null':
      return null;
    case 'bytes':
      return choice.bytes;
    case 'json':
      return JSON.stringify(choice.json);
    case 'field':
      return JSON.stringify({ ...payload, [choice.field]: choice.value });
    case 'drop':
      return JSON.stringify({ ...payload, [choice.field]: undefined });
    case 'extra':
      // Text, not an object literal: a `__proto__` key must reach the consumer as a key.
      return `{${JSON.stringify(choice.name)}:${JSON.stringify(choice.value) ?? 'null'},${JSON.stringify(payload).slice(1)}`;
  }
}

function chooseKey(choice: KeyChoice, templateKey: string): string | Buffer | null {
  switch (choice.kind) {
    case 'template':
      return templateKey;
    case 'empty':
      return '';
    case 'null':
      return null;
    case 'bytes':
      return Buffer.from(choice.bytes);
  }
}

function apply(headers: IHeaders, edit: HeaderEdit): void {
  if (edit.change === 'remove') {
    delete headers[edit.name];
    return;
  }
  const value = Buffer.from(bytesOf(edit.value));
  const current = headers[edit.name];
  if (edit.change === 'set' || current === undefined) headers[edit.name] = value;
  else headers[edit.name] = [value, ...(Array.isArray(current) ? current : [current])];
}

function bytesOf(value: Bytes): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** As the consumer reads bytes: UTF-8, bad sequences replaced. */
function text(value: Bytes): string {
  return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('utf8') : Buffer.from(value).toString('utf8');
}

function firstText(value: IHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function describeRecipe(recipe: Recipe): string {
  const parts = [
    ...recipe.edits.map((edit) => `${edit.change} ${edit.name}`),
    `value ${recipe.value.kind}`,
    `key ${recipe.key.kind}`,
    recipe.resign ? 'signed again' : 'stale signature',
    ...recipe.afterSigning.map((edit) => `then ${edit.change} ${edit.name}`),
    ...recipe.extra.map(([name]) => `header ${JSON.stringify(name)}`),
  ];
  return parts.join(', ');
}

/** The template's field names: what a value mutation replaces or drops. */
export function payloadFields(template: GenuineEvent): string[] {
  return Object.keys(template.payload);
}

