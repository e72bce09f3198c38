import { randomUUID } from 'node:crypto';
import { samplePdf } from '@app/testing';
import { agencyOf, HOME_AGENCY, type ServiceName } from './hostile-platform';
import { holdingOf, targetOf, type Caller, type Relation, type Target } from './callers';
import { routeKey, type Operation } from './openapi-operations';
import type { BodyPlan, RequestPlan } from './request-plan';
import { DRAFT_PROCEDURE, GOVERNING_BODY, LEVEL_4, type Holding, type SeededAgency, type SeededWorld } from './seeded-world';

export type ServiceKind = 'vault' | 'intake' | 'payment' | 'notification';

export function kindOf(service: ServiceName): ServiceKind {
  return service.startsWith('intake-') ? 'intake' : (service as ServiceKind);
}

/** Everything a realistic request is made from: who calls, and whose resources it names. */
export interface RequestContext {
  readonly service: ServiceName;
  readonly caller: Caller;
  readonly relation: Relation;
  readonly target: Target;
  readonly holding: Holding;
  readonly world: SeededWorld;
}

export function requestContext(service: ServiceName, caller: Caller, relation: Relation, world: SeededWorld): RequestContext {
  const target = targetOf(caller, relation);
  return { service, caller, relation, target, holding: holdingOf(world, target), world };
}

/** No held transfer exists (VietQR is off here): any id is a miss, which is what the routes must answer. */
const ABSENT_ID = '00000000-0000-4000-8000-000000000000';

/** Vietnam's today, as the services' date parameters mean it. */
function vietnamDate(offsetDays = 0): string {
  return new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const pick = (source: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, source[key]]));

const pdfUpload = (ctx: RequestContext, fields: Record<string, string>): BodyPlan => ({
  kind: 'multipart',
  fields,
  // Fresh bytes each time, so an accepted upload is a new document and not the deduplicated old one.
  files: [{ field: 'file', fileName: 'scan.pdf', contentType: 'application/pdf', content: samplePdf(`hostile-${ctx.caller.role}-${randomUUID()}`) }],
});

/**
 * The body a well-meaning client sends to each route, by route key. A route missing here but
 * declaring a body gets one from its schema's examples; the suites name such routes.
 */
const BODIES: Readonly<Record<ServiceKind, Readonly<Record<string, (ctx: RequestContext) => BodyPlan>>>> = {
  intake: {
    'POST /procedures': () => ({ kind: 'json', value: { code: `HOSTILE-${randomUUID().slice(0, 8).toUpperCase()}` } }),
    'PUT /procedures/{code}/draft': () => ({ kind: 'json', value: {} }),
    'POST /dossiers': (ctx) => ({ kind: 'json', value: { procedureCode: LEVEL_4[agencyOf(ctx.service) as SeededAgency].procedureCode } }),
    'POST /dossiers/{id}/documents': (ctx) => pdfUpload(ctx, { documentTypeCode: ctx.holding.documentTypeCode }),
    'POST /dossiers/{id}/submit': () => ({ kind: 'json', value: { returnChannel: 'online' } }),
    'PUT /dossiers/{id}/form': (ctx) => ({ kind: 'json', value: LEVEL_4[ctx.target.agency].answers }),
    'POST /dossiers/{id}/withdrawal': () => ({ kind: 'json', value: { reason: 'Tôi đã nộp nhầm hồ sơ.' } }),
    'POST /dossiers/{id}/documents/{documentTypeCode}/verification': () => ({ kind: 'json', value: {} }),
    'POST /dossiers/{id}/supplement-requests': (ctx) => ({ kind: 'json', value: { documentTypeCodes: [ctx.holding.documentTypeCode], note: 'Bản chụp không đọc được; xin gửi lại bản rõ hơn.' } }),
    'POST /dossiers/{id}/refusal': () => ({ kind: 'json', value: { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết.' } }),
    'POST /dossiers/{id}/rejection': () => ({ kind: 'json', value: { reason: 'Không đủ điều kiện cấp.' } }),
    'POST /dossiers/{id}/apology': () => ({ kind: 'json', value: { reason: 'Hồ sơ cần xác minh thêm tại cơ quan khác.' } }),
    'POST /dossiers/{id}/result': () => ({ kind: 'json', value: { summary: 'Không có án tích.' } }),
    'POST /results/{code}/revocation': () => ({ kind: 'json', value: { reason: 'Cấp nhầm do sai sót thông tin.' } }),
    'POST /dossiers/{id}/rating': () => ({ kind: 'json', value: { satisfaction: 'satisfied' } }),
  },
  vault: {
    'PUT /directory/governing-bodies/{code}': (ctx) => ({ kind: 'json', value: pick(ctx.world.directory.governingBody, ['kind', 'nameVi', 'nameEn']) }),
    // Connected already: writing it again changes no scope.
    'PUT /directory/governing-bodies/{code}/data-sharing': () => ({ kind: 'json', value: { connected: true } }),
    'PUT /directory/agencies/{code}': (ctx) => ({ kind: 'json', value: pick(ctx.world.directory.agencies[ctx.target.agency], ['governingBodyCode', 'nameVi', 'nameEn', 'tier']) }),
    'PUT /directory/signing-keys/{kid}': (ctx) => ({ kind: 'json', value: { ownerKind: 'agency', ownerCode: HOME_AGENCY, jwk: ctx.world.signingKey.publicJwk } }),
    'PUT /document-types/{code}': (ctx) => ({ kind: 'json', value: pick(ctx.world.directory.documentType, ['nameVi', 'nameEn', 'validityMonths']) }),
    'POST /documents': (ctx) => pdfUpload(ctx, { documentTypeCode: 'BIRTH_CERTIFICATE' }),
    'POST /documents/issued': (ctx) => pdfUpload(ctx, { documentTypeCode: 'BIRTH_CERTIFICATE', citizenRef: ctx.world.citizens[ctx.target.citizen].citizenRef }),
    'POST /documents/{id}/revocation': () => ({ kind: 'json', value: { reason: 'Issued in error; replaced by a corrected certificate.' } }),
  },
  payment: {
    'POST /orders/{id}/checkout': () => ({ kind: 'json', value: { gateway: 'sandbox' } }),
    'POST /orders/{id}/desk-payment': () => ({ kind: 'json', value: { channel: 'in_person', receiptNumber: 'BL-2026-000042' } }),
    'POST /orders/{id}/refunds': () => ({ kind: 'json', value: { amountVnd: 1_000, reason: 'Thu thừa phí.' } }),
    'POST /held-transfers/{id}/resolution': () => ({ kind: 'json', value: { action: 'refund', note: 'Chuyển nhầm tài khoản.' } }),
    'POST /reconciliations': () => ({ kind: 'json', value: { date: vietnamDate(), gateway: 'sandbox' } }),
  },
  notification: {
    'PUT /me/preferences': () => ({
      kind: 'json',
      value: { language: 'vi', email: 'nguyen.van.an@example.vn', phone: null, emailEnabled: true, smsEnabled: false, inAppEnabled: true, accessAlerts: true },
    }),
    'PUT /agencies/{code}/contact': (ctx) => ({ kind: 'json', value: { email: `mot-cua@${ctx.target.agency.toLowerCase().replaceAll('.', '-')}.example.vn`, language: 'vi' } }),
  },
};

/** Path parameters by name; where a name means different things per route, by the route's first segment. */
function pathParameter(ctx: RequestContext, operation: Operation, name: string): string {
  const [segment] = operation.path.split('/').filter(Boolean);
  const kind = kindOf(ctx.service);
  const procedure = LEVEL_4[ctx.target.agency];
  switch (`${kind} ${name}`) {
    case 'intake id':
      return ctx.holding.dossierId;
    case 'intake documentTypeCode':
      return ctx.holding.documentTypeCode;
    case 'intake formCode':
      return procedure.formCode;
    case 'intake version':
      return '1';
    case 'intake kind':
      return 'receipt';
    case 'intake code':
      if (segment === 'results' || segment === 'verify') return ctx.holding.resultCode;
      return /\/(draft|publication)$/.test(operation.path) ? DRAFT_PROCEDURE : procedure.procedureCode;
    case 'vault id':
      return ctx.holding.documentId;
    case 'vault code':
      if (operation.path.startsWith('/directory/governing-bodies')) return GOVERNING_BODY;
      if (segment === 'document-types') return 'BIRTH_CERTIFICATE';
      return ctx.target.agency;
    case 'vault name':
      return 'vault';
    case 'vault kid':
      return ctx.world.signingKey.keyId;
    case 'payment id':
      if (segment === 'orders') return ctx.holding.orderId;
      if (segment === 'reconciliations') return ctx.world.reconciliations[ctx.caller.role === 'admin' && ctx.relation === 'own' ? 'admin' : ctx.target.agency];
      return ABSENT_ID;
    case 'payment gateway':
      return 'sandbox';
    case 'notification id':
      return ctx.world.citizens[ctx.target.citizen].messageIds[0];
    case 'notification code':
      return ctx.target.agency;
    default:
      throw new Error(`no realistic value for path parameter ${name} of ${ctx.service} ${routeKey(operation)}`);
  }
}

/** Query parameters a client sends: every required one, and the optional ones that pick a resource. */
function queryParameters(ctx: RequestContext, operation: Operation): [string, string][] {
  const query: [string, string][] = [];
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
    switch (parameter.name) {
      case 'dossierId':
        query.push(['dossierId', ctx.holding.dossierId]);
        break;
      case 'from':
        if (parameter.required) query.push(['from', vietnamDate(-30)]);
        break;
      case 'to':
        if (parameter.required) query.push(['to', vietnamDate()]);
        break;
      case 'limit':
        query.push(['limit', '20']);
        break;
      default:
        if (parameter.required) throw new Error(`no realistic value for query parameter ${parameter.name} of ${routeKey(operation)}`);
    }
  }
  return query;
}

/** A body built from the schema alone: each required property's example, first enum value, or a plain value of its type. */
export function exampleBody(operation: Operation): BodyPlan | undefined {
  if (!operation.body) return undefined;
  const properties = operation.body.schema.properties ?? {};
  const value = Object.fromEntries(
    (operation.body.schema.required ?? []).map((name) => {
      const schema = properties[name] ?? {};
      return [name, schema.example ?? schema.enum?.[0] ?? (schema.type === 'boolean' ? true : schema.type === 'number' || schema.type === 'integer' ? 1 : schema.type === 'array' ? [] : schema.type === 'object' ? {} : 'hostile')];
    }),
  );
  return operation.body.contentType === 'multipart/form-data'
    ? { kind: 'multipart', fields: Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'file').map(([name, field]) => [name, typeof field === 'string' ? field : JSON.stringify(field)])), files: [] }
    : { kind: 'json', value };
}

export function hasRealisticBody(service: ServiceName, operation: Operation): boolean {
  return routeKey(operation) in BODIES[kindOf(service)];
}

/** The request an honest client of `ctx.caller` sends to `operation`, naming the resources `ctx.relation` picks. */
export function realisticRequest(ctx: RequestContext, operation: Operation): RequestPlan {
  // From the template, not the declared parameters: a pipe-typed parameter can be missing from the document.
  const pathParams = Object.fromEntries([...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, pathParameter(ctx, operation, name)]));
  const body = BODIES[kindOf(ctx.service)][routeKey(operation)]?.(ctx) ?? exampleBody(operation);
  return {
    method: operation.method,
    path: operation.path,
    pathParams,
    query: queryParameters(ctx, operation),
    headers: ctx.caller.token ? { authorization: `Bearer ${ctx.caller.token}` } : {},
    ...(body ? { body } : {}),
  };
}
