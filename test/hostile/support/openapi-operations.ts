/** The part of JSON Schema (as @nestjs/swagger writes it) that the generators read. */
export interface SchemaObject {
  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  readonly $ref?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaObject;
  readonly items?: SchemaObject;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: SchemaObject;
}

/** One operation of one service's OpenAPI document, its schemas' references resolved. */
export interface Operation {
  readonly method: string;
  /** The OpenAPI path template, e.g. `/dossiers/{id}/submit`. */
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  /** The request body's media type and schema, when the operation declares one. */
  readonly body?: { readonly contentType: string; readonly schema: SchemaObject };
  /** Every error code the document says this operation may answer (its 4XX and 5XX enums). */
  readonly errorCodes: ReadonlySet<string>;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, RawOperation>>;
  readonly components?: { readonly schemas?: Record<string, SchemaObject> };
}

interface RawOperation {
  readonly operationId: string;
  readonly parameters?: { name: string; in: string; required?: boolean; schema?: SchemaObject }[];
  readonly requestBody?: { content: Record<string, { schema?: SchemaObject }> };
  readonly responses?: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
}

/** The route key both suites use: `GET /dossiers/{id}`. */
export function routeKey(operation: { method: string; path: string }): string {
  return `${operation.method} ${operation.path}`;
}

/** Fetches a running service's OpenAPI document (SwaggerModule serves it at /docs-json). */
export async function fetchOperations(serviceUrl: string): Promise<Operation[]> {
  const response = await fetch(`${serviceUrl}/docs-json`);
  if (response.status !== 200) throw new Error(`${serviceUrl}/docs-json answered ${response.status}`);
  return operationsOf((await response.json()) as OpenApiDocument);
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: SchemaObject | undefined, seen = new Set<string>()): SchemaObject => {
    if (!schema) return {};
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      // A self-referencing schema would loop; no DTO of this platform has one, but a generator must not hang on it.
      if (seen.has(name)) return { type: 'object' };
      return resolve(document.components?.schemas?.[name], new Set([...seen, name]));
    }
    return {
      ...schema,
      ...(schema.properties ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, resolve(value, seen)])) } : {}),
      ...(schema.items ? { items: resolve(schema.items, seen) } : {}),
    };
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const parameters = (raw.parameters ?? [])
        // @Headers('authorization') shows up as a required header parameter; the bearer token is the caller's, not the generator's.
        .filter((parameter) => !(parameter.in === 'header' && parameter.name.toLowerCase() === 'authorization'))
        .map((parameter) => ({ name: parameter.name, in: parameter.in as Parameter['in'], required: parameter.required ?? false, schema: resolve(parameter.schema) }));
      const [content] = Object.entries(raw.requestBody?.content ?? {});
      const errorCodes = new Set<string>();
      for (const [status, answer] of Object.entries(raw.responses ?? {})) {
        if (!/^[45]/.test(status)) continue;
        const codes = answer.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? [];
        for (const code of codes) errorCodes.add(String(code));
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: raw.operationId,
        parameters,
        ...(content ? { body: { contentType: content[0], schema: resolve(content[1].schema) } } : {}),
        errorCodes,
      });
    }
  }
  return operations;
}
