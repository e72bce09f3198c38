import * as fc from 'fast-check';
import type { SchemaObject, Operation } from './openapi-operations';
import type { BodyPlan, RequestPlan } from './request-plan';

/**
 * What the fuzzer does to an honest request. Each generator is named, so the tally says how
 * many requests each kind of hostility sent, and a failure says which one found it.
 *
 * `refused` generators make requests no route may accept, whoever sends them: the body parser,
 * the global validation pipe, the idempotency interceptor or the guard must turn each away
 * before a handler runs. `odd` generators make requests a route may accept or refuse on their
 * merits (a Vietnamese name in Tamil script, an id of the wrong service, a form-encoded
 * body); only the universal properties (no 5xx, no leak, the error shape) are asked of them.
 */
export interface Generator {
  readonly name: string;
  /** Whether this generator applies to the operation at all. */
  applies(operation: Operation, base: RequestPlan): boolean;
  mutate(operation: Operation, base: RequestPlan): fc.Arbitrary<RequestPlan>;
}

const jsonProperties = (operation: Operation): [string, SchemaObject][] =>
  operation.body?.contentType === 'application/json' ? Object.entries(operation.body.schema.properties ?? {}) : [];
const stringProperties = (operation: Operation): string[] => Object.entries(operation.body?.schema.properties ?? {}).filter(([, schema]) => schema.type === 'string' || schema.type === undefined).map(([name]) => name);
const hasJsonBody = (base: RequestPlan) => base.body?.kind === 'json';
const isObjectBody = (base: RequestPlan): base is RequestPlan & { body: { kind: 'json'; value: Record<string, unknown> } } =>
  base.body?.kind === 'json' && typeof base.body.value === 'object' && base.body.value !== null && !Array.isArray(base.body.value);
const queryNames = (operation: Operation) => operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
const pathNames = (plan: RequestPlan) => Object.keys(plan.pathParams);
const isIdempotent = (operation: Operation) => operation.parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key');
const withBody = (plan: RequestPlan, body: BodyPlan): RequestPlan => ({ ...plan, body });
const withQuery = (plan: RequestPlan, name: string, value: string): RequestPlan => ({ ...plan, query: [...plan.query.filter(([key]) => key !== name), [name, value]] });
const rawJson = (plan: RequestPlan, text: string, contentType = 'application/json'): RequestPlan => withBody(plan, { kind: 'raw', contentType, bytes: text });

/** Whether a cursor decodes to a sort key some list might take: a non-empty JSON array of strings and numbers. */
function mightBeAKey(cursor: string): boolean {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string' || typeof part === 'number');
  } catch {
    return false;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Text with a NUL somewhere: PostgreSQL text cannot hold one, so no field may let it through. */
const withNul = (around: string): fc.Arbitrary<string> =>
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([before, after]) => `${before}${around.slice(0, 20)}\u0000${after}`);

/** Scripts, marks and controls that a careless normaliser, collation or PDF font trips over. */
const ODD_TEXT: readonly string[] = [
  'Nguyễn Thị Thu Hà',
  'Nguye\u0302\u0303n',
  '\u202eARABIC OVERRIDE\u202c',
  'zero\u200bwidth\u200djoiner',
  '𝕳𝖔𝖘𝖙𝖎𝖑𝖊 👩🏽‍⚖️🇻🇳',
  'தமிழ் 中文 العربية',
  "'; DROP TABLE dossier; --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '%00%2e%2e%2f',
  '\r\nX-Injected: yes',
  ' '.repeat(300),
];
const oddString: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...ODD_TEXT), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !text.includes('\u0000')));

/** A value of the property's own type that its schema allows, or nearly: realistic first, then generated. */
export function schemaValue(schema: SchemaObject): fc.Arbitrary<unknown> {
  const example = schema.example === undefined ? [] : [fc.constant(schema.example)];
  const nullable = schema.nullable ? [fc.constant(null)] : [];
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), ...nullable);
  switch (schema.type) {
    case 'boolean':
      return fc.oneof(fc.boolean(), ...nullable);
    case 'integer':
    case 'number':
      return fc.oneof(...example, fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000_000 }), ...nullable);
    case 'array':
      return fc.oneof(...example, fc.array(schemaValue(schema.items ?? { type: 'string' }), { maxLength: 3 }));
    case 'object':
      return fc.oneof(...example, fc.constant({}), ...nullable);
    case 'string':
    case undefined: {
      const bounded = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 80, 400) };
      const patterned = schema.pattern ? [fc.stringMatching(new RegExp(schema.pattern))] : [];
      const formatted = schema.format === 'uuid' ? [fc.uuid()] : schema.format === 'date' ? [fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))] : [];
      return fc.oneof(...example, ...patterned, ...formatted, fc.string({ unit: 'grapheme', ...bounded }), fc.constantFrom(...ODD_TEXT.filter((text) => text.length <= bounded.maxLength)), ...nullable);
    }
  }
}

/** A value no validator of `schema` accepts: the wrong JSON type altogether. */
function wrongType(schema: SchemaObject): fc.Arbitrary<unknown> {
  const containers = [fc.constant([]), fc.constant({}), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 })];
  switch (schema.type) {
    case 'boolean':
      return fc.oneof(fc.integer(), fc.constant('yes'), ...containers);
    case 'integer':
    case 'number':
      return fc.oneof(fc.boolean(), fc.constant('two hundred'), ...containers);
    case 'array':
      return fc.oneof(fc.integer(), fc.boolean(), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 }));
    case 'object':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant('an object'));
    case 'string':
    case undefined:
      return fc.oneof(fc.integer(), fc.boolean(), ...containers);
  }
}

const jsonBodyOf = (base: RequestPlan): Record<string, unknown> => (isObjectBody(base) ? base.body.value : {});

/** Requests every route must refuse (4xx), before any handler runs. */
export const REFUSED_GENERATORS: readonly Generator[] = [
  {
    name: 'malformed-json',
    applies: () => true,
    mutate: (_, base) =>
      fc
        .oneof(fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":1}}', '[1,2', '{"a":"\\x"}', 'nul'), fc.string({ maxLength: 30 }).map((text) => `{"${text}`))
        .filter((text) => !isJson(text))
        .map((text) => rawJson(base, text)),
  },
  {
    name: 'oversized-json',
    applies: () => true,
    // Past the JSON parser's 100 kB limit: 413 before anything reads it.
    mutate: (_, base) => fc.integer({ min: 110_000, max: 400_000 }).map((size) => rawJson(base, JSON.stringify({ ...jsonBodyOf(base), hostilePadding: 'x'.repeat(size) }))),
  },
  {
    name: 'primitive-json',
    applies: () => true,
    // The parser is strict: a bare string, number or null is not a body.
    mutate: (_, base) => fc.constantFrom('"text"', '42', 'null', 'true', '-0').map((text) => rawJson(base, text)),
  },
  {
    name: 'nul-in-path',
    applies: (_, base) => pathNames(base).length > 0,
    mutate: (_, base) =>
      fc.constantFrom(...pathNames(base)).chain((name) => withNul(base.pathParams[name]).map((value) => ({ ...base, pathParams: { ...base.pathParams, [name]: value } }))),
  },
  {
    name: 'nul-in-query',
    applies: (operation) => queryNames(operation).length > 0,
    mutate: (operation, base) => fc.tuple(fc.constantFrom(...queryNames(operation)), withNul('q')).map(([name, value]) => withQuery(base, name, value)),
  },
  {
    name: 'nul-in-body',
    applies: (operation, base) => base.body?.kind === 'multipart' || (hasJsonBody(base) && isObjectBody(base) && operation.body !== undefined),
    mutate: (operation, base) => {
      const names = base.body?.kind === 'multipart' ? Object.keys(base.body.fields) : stringProperties(operation);
      const candidates = names.length > 0 ? names : ['hoTen'];
      return fc.tuple(fc.constantFrom(...candidates), withNul('v')).map(([name, value]) =>
        base.body?.kind === 'multipart' ? withBody(base, { ...base.body, fields: { ...base.body.fields, [name]: value } }) : withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } }),
      );
    },
  },
  {
    name: 'deep-json',
    applies: (operation, base) => operation.body !== undefined && hasJsonBody(base),
    // Deeper than MAX_JSON_DEPTH (32), up to what once overflowed a recursive walker.
    mutate: (_, base) =>
      fc.integer({ min: 33, max: 5_000 }).map((depth) => {
        const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        const text = JSON.stringify(jsonBodyOf(base));
        return rawJson(base, text === '{}' ? `{"hostileDeep":${deep}}` : `${text.slice(0, -1)},"hostileDeep":${deep}}`);
      }),
  },
  {
    name: 'prototype-key',
    applies: (operation, base) => operation.body !== undefined && hasJsonBody(base),
    mutate: (_, base) =>
      fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => {
        const text = JSON.stringify(jsonBodyOf(base));
        const polluted = `"${key}":{"isAdmin":true,"role":"admin"}`;
        return rawJson(base, text === '{}' ? `{${polluted}}` : `{${polluted},${text.slice(1)}`);
      }),
  },
  {
    name: 'wrong-type',
    applies: (operation, base) => jsonProperties(operation).length > 0 && isObjectBody(base),
    mutate: (operation, base) =>
      fc.constantFrom(...jsonProperties(operation)).chain(([name, schema]) => wrongType(schema).map((value) => withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } }))),
  },
  {
    name: 'missing-required',
    applies: (operation, base) => (operation.body?.schema.required ?? []).length > 0 && isObjectBody(base) && operation.body?.contentType === 'application/json',
    mutate: (operation, base) =>
      fc.constantFrom(...(operation.body!.schema.required ?? [])).map((name) => {
        const rest = Object.fromEntries(Object.entries(jsonBodyOf(base)).filter(([key]) => key !== name));
        return withBody(base, { kind: 'json', value: rest });
      }),
  },
  {
    name: 'unknown-property',
    applies: (operation, base) => jsonProperties(operation).length > 0 && operation.body?.schema.additionalProperties !== true && isObjectBody(base),
    mutate: (_, base) =>
      fc
        .tuple(fc.constantFrom('hostileExtra', 'isAdmin', 'role', 'agencyCode', 'citizenRef', 'status', 'id', 'createdAt'), fc.jsonValue({ maxDepth: 2 }))
        .map(([name, value]) => withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } })),
  },
  {
    name: 'json-not-an-object',
    applies: (operation, base) => (operation.body?.schema.required ?? []).length > 0 && operation.body?.contentType === 'application/json' && hasJsonBody(base),
    mutate: (_, base) => fc.constantFrom([], [jsonBodyOf(base)], [1, 2, 3]).map((value) => withBody(base, { kind: 'json', value })),
  },
  {
    name: 'body-as-text',
    // Without a JSON content type nothing is parsed: the required fields are missing.
    applies: (operation, base) => (operation.body?.schema.required ?? []).length > 0 && operation.body?.contentType === 'application/json' && hasJsonBody(base),
    mutate: (_, base) => fc.constantFrom('text/plain', 'application/xml', 'application/octet-stream').map((contentType) => rawJson(base, JSON.stringify(jsonBodyOf(base)), contentType)),
  },
  {
    name: 'bad-limit',
    applies: (operation) => queryNames(operation).includes('limit'),
    mutate: (_, base) => fc.constantFrom('0', '-1', '201', '1000000', 'abc', '1.5', '1e3', ' ', '9'.repeat(400), 'NaN', 'Infinity').map((value) => withQuery(base, 'limit', value)),
  },
  {
    name: 'bad-cursor',
    applies: (operation) => queryNames(operation).includes('cursor'),
    mutate: (_, base) =>
      fc
        .oneof(
          fc.string({ minLength: 1, maxLength: 60 }),
          // A forged key of a plausible shape is a cursor the list may take (see forged-cursor); anything else is not one.
          fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'x').toString('base64url')),
          fc.constantFrom(Buffer.from('[]').toString('base64url'), Buffer.from('[{"a":1},[2],null,true,5]').toString('base64url'), 'A'.repeat(513)),
        )
        .filter((cursor) => cursor.trim().length > 0 && !mightBeAKey(cursor))
        .map((cursor) => withQuery(base, 'cursor', cursor)),
  },
  {
    name: 'bad-idempotency-key',
    applies: (operation) => isIdempotent(operation),
    mutate: (_, base) => fc.constantFrom('', 'has space', 'x'.repeat(256), 'é-latin1-\xe9', '\t').map((key) => ({ ...base, headers: { ...base.headers, 'idempotency-key': key } })),
  },
  {
    name: 'bad-bearer',
    applies: (_, base) => 'authorization' in base.headers,
    mutate: (_, base) =>
      fc
        .oneof(fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'bearer x.y.z', 'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.'), fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((junk) => `Bearer ${junk}x`))
        .map((authorization) => ({ ...base, headers: { ...base.headers, authorization } })),
  },
  {
    name: 'multipart-broken',
    applies: (_, base) => base.body?.kind === 'multipart',
    mutate: (_, base) =>
      fc
        .constantFrom(
          { contentType: 'multipart/form-data', bytes: '--x\r\ncontent-disposition: form-data; name="file"\r\n\r\nabc' },
          { contentType: 'multipart/form-data; boundary=abc', bytes: '--abc\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4' },
          { contentType: 'multipart/form-data; boundary=abc', bytes: '--abc--\r\n' },
          { contentType: 'multipart/form-data; boundary=abc', bytes: 'garbage without a single boundary' },
        )
        .map((body) => withBody(base, { kind: 'raw', ...body })),
  },
  {
    name: 'multipart-without-file',
    applies: (_, base) => base.body?.kind === 'multipart',
    mutate: (_, base) => fc.constant(base.body?.kind === 'multipart' ? withBody(base, { ...base.body, files: [] }) : base),
  },
];

/** Requests a route may accept or refuse on their merits; nothing may answer them with a 5xx or a leak. */
export const ODD_GENERATORS: readonly Generator[] = [
  {
    name: 'odd-text-fields',
    applies: (operation, base) => stringProperties(operation).length > 0 && (isObjectBody(base) || base.body?.kind === 'multipart'),
    mutate: (operation, base) =>
      fc.tuple(fc.constantFrom(...stringProperties(operation)), oddString).map(([name, value]) =>
        base.body?.kind === 'multipart' ? withBody(base, { ...base.body, fields: { ...base.body.fields, [name]: value } }) : withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } }),
      ),
  },
  {
    name: 'lone-surrogate',
    // JSON may carry an unpaired surrogate; JavaScript keeps it, UTF-8 and PostgreSQL cannot.
    applies: (operation, base) => stringProperties(operation).length > 0 && isObjectBody(base),
    mutate: (operation, base) =>
      fc.tuple(fc.constantFrom(...stringProperties(operation)), fc.constantFrom('\\ud800', '\\udfff', 'a\\ud83d', '\\udc00\\ud800')).map(([name, escape]) => {
        const text = JSON.stringify({ ...jsonBodyOf(base), [name]: 'SURROGATE' });
        return rawJson(base, text.replace('"SURROGATE"', `"${escape}"`));
      }),
  },
  {
    name: 'long-field',
    // Long, but inside the body limit: it must meet the field's own maximum, not the database's.
    applies: (operation, base) => stringProperties(operation).length > 0 && (isObjectBody(base) || base.body?.kind === 'multipart'),
    mutate: (operation, base) =>
      fc.tuple(fc.constantFrom(...stringProperties(operation)), fc.integer({ min: 257, max: 60_000 }), fc.constantFrom('a', 'ệ', '𝕳')).map(([name, length, unit]) => {
        const value = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
        return base.body?.kind === 'multipart' ? withBody(base, { ...base.body, fields: { ...base.body.fields, [name]: value } }) : withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } });
      }),
  },
  {
    name: 'schema-values',
    applies: (operation, base) => jsonProperties(operation).length > 0 && isObjectBody(base),
    mutate: (operation, base) => fc.constantFrom(...jsonProperties(operation)).chain(([name, schema]) => schemaValue(schema).map((value) => withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } }))),
  },
  {
    name: 'odd-path-value',
    applies: (_, base) => pathNames(base).length > 0,
    mutate: (_, base) =>
      fc
        .tuple(
          fc.constantFrom(...pathNames(base)),
          fc.oneof(
            fc.uuid(),
            oddString.filter((text) => text.length > 0),
            fc.constantFrom('..', '.', '%', '%2e%2e', '../../etc/passwd', 'null', 'undefined', '0', '-1', '1e309', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'x'.repeat(5_000)),
          ),
        )
        .map(([name, value]) => ({ ...base, pathParams: { ...base.pathParams, [name]: value } })),
  },
  {
    name: 'raw-path',
    // Paths no encoder writes: dot segments, bare percent signs, doubled slashes, a trailing dot.
    applies: () => true,
    mutate: (_, base) =>
      fc.constantFrom('/..', '/%', '/%zz', '//', '/.', '/%2e%2e/%2e%2e', '/;x=1', '/%c0%ae').map((suffix) => ({ ...base, rawPath: `${base.path.replace(/\{[^}]+\}/g, (name) => encodeURIComponent(base.pathParams[name.slice(1, -1)] ?? 'x'))}${suffix}` })),
  },
  {
    name: 'odd-query',
    applies: () => true,
    mutate: (operation, base) =>
      fc
        .tuple(fc.constantFrom(...queryNames(operation), 'limit', 'cursor', 'hostile', 'limit[a]', '__proto__', 'constructor[prototype]', 'status'), fc.oneof(oddString, fc.constantFrom('1', '', 'a,b', '[]', '{}')), fc.boolean())
        // Repeated (`limit=1&limit=2`) or single.
        .map(([name, value, repeat]) => ({ ...base, query: [...base.query, [name, value] as const, ...(repeat ? [[name, value] as const] : [])] })),
  },
  {
    name: 'forged-cursor',
    // Cursors are not signed: one of a plausible shape that the list never gave out is a page after that key, or INVALID_CURSOR.
    applies: (operation) => queryNames(operation).includes('cursor'),
    mutate: (_, base) =>
      fc
        .array(fc.oneof(fc.string({ maxLength: 70 }), fc.uuid(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.integer(), fc.constantFrom('9'.repeat(19), '1e400', '')), { minLength: 1, maxLength: 3 })
        .map((key) => withQuery(base, 'cursor', Buffer.from(JSON.stringify(key)).toString('base64url'))),
  },
  {
    name: 'form-encoded',
    // The platform parses urlencoded bodies too; nested keys (`a[b][c]`) are the classic prototype route.
    applies: (operation) => operation.body !== undefined,
    mutate: (_, base) =>
      fc
        .oneof(
          fc.constant(new URLSearchParams(Object.entries(jsonBodyOf(base)).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString()),
          fc.constantFrom('a[b][c][d][e][f][g]=1', '__proto__[isAdmin]=1', 'constructor[prototype][x]=1', 'a=1&a=2&a=3', `${'a['.repeat(40)}]=1`, 'x=%00'),
        )
        .map((text) => rawJson(base, text, 'application/x-www-form-urlencoded')),
  },
  {
    name: 'odd-content-type',
    applies: (operation, base) => operation.body !== undefined && hasJsonBody(base),
    mutate: (_, base) =>
      fc
        .constantFrom('application/json; charset=utf-16', 'application/json; charset=latin1', 'application/vnd.api+json', 'application/json, text/plain', 'APPLICATION/JSON', 'application/merge-patch+json', 'multipart/form-data')
        .map((contentType) => rawJson(base, JSON.stringify(jsonBodyOf(base)), contentType)),
  },
  {
    name: 'empty-json',
    applies: (operation) => operation.body !== undefined,
    mutate: (_, base) => fc.constantFrom('', '{}', ' ', '\n').map((text) => rawJson(base, text)),
  },
  {
    name: 'random-bytes',
    applies: () => true,
    mutate: (_, base) => fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('application/json', 'application/octet-stream', 'multipart/form-data; boundary=x')).map(([bytes, contentType]) => withBody(base, { kind: 'raw', contentType, bytes: Buffer.from(bytes) })),
  },
];

/** An honest request with one realistic variation: another valid value, a page size, an idempotency key. */
export function validVariation(operation: Operation, base: RequestPlan): fc.Arbitrary<{ plan: RequestPlan; generator: string }> {
  const variations: fc.Arbitrary<{ plan: RequestPlan; generator: string }>[] = [fc.constant({ plan: base, generator: 'realistic' })];
  if (queryNames(operation).includes('limit')) variations.push(fc.integer({ min: 1, max: 200 }).map((limit) => ({ plan: withQuery(base, 'limit', String(limit)), generator: 'page-size' })));
  if (isIdempotent(operation)) variations.push(fc.stringMatching(/^[!-~]{1,64}$/).map((key) => ({ plan: { ...base, headers: { ...base.headers, 'idempotency-key': key } }, generator: 'idempotency-key' })));
  if (jsonProperties(operation).length > 0 && isObjectBody(base)) {
    variations.push(
      fc.constantFrom(...jsonProperties(operation)).chain(([name, schema]) => schemaValue(schema).map((value) => ({ plan: withBody(base, { kind: 'json', value: { ...jsonBodyOf(base), [name]: value } }), generator: 'schema-value' }))),
    );
    const optional = jsonProperties(operation).filter(([name]) => !(operation.body?.schema.required ?? []).includes(name));
    if (optional.length > 0) {
      variations.push(
        fc.constantFrom(...optional).chain(([name, schema]) => fc.option(schemaValue(schema), { nil: undefined }).map((value) => {
          const rest = Object.fromEntries(Object.entries(jsonBodyOf(base)).filter(([key]) => key !== name));
          return { plan: withBody(base, { kind: 'json', value: value === undefined ? rest : { ...rest, [name]: value } }), generator: 'optional-field' };
        })),
      );
    }
  }
  return fc.oneof(...variations);
}
