import { randomBytes } from 'node:crypto';
import type { RawRequest } from './raw-http';

export interface UploadedFilePart {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A request body as the generators think of it; `raw` is whatever bytes a hostile client sends. */
export type BodyPlan =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'multipart'; readonly fields: Readonly<Record<string, string>>; readonly files: readonly (UploadedFilePart & { readonly field: string })[] }
  | { readonly kind: 'raw'; readonly contentType?: string; readonly bytes: Buffer | string };

/** One request before encoding: which route, with which values, as which caller. */
export interface RequestPlan {
  readonly method: string;
  /** The OpenAPI path template, `{name}` for each path parameter. */
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  /** In order, repeats allowed: `limit=1&limit=2` is something clients send. */
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: BodyPlan;
  /** Sent as is instead of the encoded path and query, for paths no encoder would write (`/../`, bare `%`). */
  readonly rawPath?: string;
}

export function withBearer(plan: RequestPlan, token: string | undefined): RequestPlan {
  return token ? { ...plan, headers: { authorization: `Bearer ${token}`, ...plan.headers } } : plan;
}

/** The request on the wire: path parameters and query percent-encoded, the body serialised. */
export function encode(plan: RequestPlan): RawRequest {
  const path = plan.rawPath ?? encodedPath(plan);
  const headers: Record<string, string> = { ...plan.headers };
  const body = plan.body;
  if (!body) return { method: plan.method, path, headers };
  switch (body.kind) {
    case 'json':
      return { method: plan.method, path, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body.value) };
    case 'raw':
      return { method: plan.method, path, headers: { ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }), ...headers }, body: body.bytes };
    case 'multipart': {
      const boundary = `----hostile${randomBytes(8).toString('hex')}`;
      const parts: Buffer[] = [];
      for (const [name, value] of Object.entries(body.fields)) {
        parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n`), Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
      }
      for (const file of body.files) {
        parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\ncontent-type: ${file.contentType}\r\n\r\n`), file.content, Buffer.from('\r\n'));
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return { method: plan.method, path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers }, body: Buffer.concat(parts) };
    }
  }
}

export function encodedPath(plan: Pick<RequestPlan, 'path' | 'pathParams' | 'query'>): string {
  const path = plan.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = plan.pathParams[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${plan.path}`);
    return encodeURIComponent(value);
  });
  const query = plan.query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  return query ? `${path}?${query}` : path;
}

/** Every string the caller put into the request, so that a response echoing it back is not taken for a leak. */
export function valuesSent(plan: RequestPlan): string {
  const body = plan.body;
  const bodyText = !body ? '' : body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'raw' ? body.bytes.toString() : JSON.stringify(body.fields);
  return [plan.rawPath ?? '', ...Object.values(plan.pathParams), ...plan.query.flat(), bodyText].join('\n');
}

/**
 * The relations grouped by the request they make: a route that names no resource (a list, a
 * public page) gets the same request whoever's resource the relation picks, and one call
 * answers for the whole group.
 */
export function relationGroups<R extends string>(plans: ReadonlyMap<R, RequestPlan>): R[][] {
  const groups = new Map<string, R[]>();
  for (const [relation, plan] of plans) {
    const signature = `${plan.method} ${plan.rawPath ?? encodedPath(plan)}\n${valuesSent(plan)}`;
    groups.set(signature, [...(groups.get(signature) ?? []), relation]);
  }
  return [...groups.values()];
}
