import { providedInfrastructure } from '@app/testing';
import { AUTHORIZATION_MATRIX, expectedOutcome } from './authorization-matrix';
import { describeOutcome, outcomeOf } from './support/authorization-outcome';
import { callersOf, CALLER_ROLES, RELATIONS } from './support/callers';
import { forbiddenFor } from './support/forbidden-markers';
import { HostilePlatform, SERVICE_NAMES, type ServiceName } from './support/hostile-platform';
import type { Operation } from './support/openapi-operations';
import { sendRaw } from './support/raw-http';
import { kindOf, realisticRequest, requestContext } from './support/realistic-requests';
import { encode, relationGroups, valuesSent } from './support/request-plan';
import { responseProblems } from './support/response-checks';
import { routeInventory, type InventoriedRoute } from './support/route-inventory';
import { SeededWorld } from './support/seeded-world';

/** A route Express serves outside the document still has path parameters; the template names them. */
function operationOf(route: InventoriedRoute): Operation {
  return route.operation ?? { method: route.method, path: route.path, operationId: '', parameters: [], errorCodes: new Set() };
}

/**
 * The authorisation matrix (authorization-matrix.ts) against the real platform: every route
 * of every service, from its OpenAPI document and its router, called by each of the six
 * callers about their own resources, another citizen's and another agency's, with requests
 * an honest client would send, so that only who asks decides the answer.
 */
describe('who may do what, route by route, on the running platform', () => {
  let platform: HostilePlatform;
  let world: SeededWorld;
  const inventories = new Map<ServiceName, InventoriedRoute[]>();

  beforeAll(async () => {
    platform = await HostilePlatform.start(providedInfrastructure());
    world = await SeededWorld.seed(platform);
    for (const service of SERVICE_NAMES) inventories.set(service, await routeInventory(platform.service(service)));
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('has a row for every route the services serve, and no row for a route none serves', () => {
    const problems: string[] = [];
    for (const [kind, rows] of Object.entries(AUTHORIZATION_MATRIX)) {
      const services = SERVICE_NAMES.filter((service) => kindOf(service) === kind);
      for (const service of services) {
        for (const route of inventories.get(service)!) {
          const key = `${route.method} ${route.path}`;
          const row = rows[key];
          if (!row) problems.push(`${service}: ${key} is served but has no row in the matrix: classify it`);
          else if (!route.operation && !row.undocumented) problems.push(`${service}: ${key} is missing from the OpenAPI document; document it, or say in its row why it is left out`);
          else if (route.operation && row.undocumented) problems.push(`${service}: ${key} is in the OpenAPI document, but its row says it is not`);
        }
      }
      for (const key of Object.keys(rows)) {
        for (const service of services) {
          if (!inventories.get(service)!.some((route) => `${route.method} ${route.path}` === key)) problems.push(`${service}: the matrix has ${key}, which the service does not serve`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(SERVICE_NAMES)('%s answers every route, caller and relation as the matrix says', async (service) => {
    const rows = AUTHORIZATION_MATRIX[kindOf(service)];
    const callers = await callersOf(service, platform, world);
    // Reads first, so that no write of an allowed caller changes what a read finds.
    const routes = [...inventories.get(service)!].filter((route) => rows[`${route.method} ${route.path}`]).sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    const mismatches: string[] = [];
    let cells = 0;
    let requests = 0;
    for (const route of routes) {
      const row = rows[`${route.method} ${route.path}`];
      const calls = CALLER_ROLES.flatMap((role) => {
        const caller = callers.get(role)!;
        const plans = new Map(RELATIONS.map((relation) => [relation, realisticRequest(requestContext(service, caller, relation, world), operationOf(route))] as const));
        // Where the relation changes nothing in the request, one call must meet each of those relations' cells.
        return relationGroups(plans).map((relations) => ({ caller, relations, plan: plans.get(relations[0])!, outcomes: relations.map((relation) => expectedOutcome(row, caller.role, relation)) }));
      });
      // Refusals first: they write nothing, and an allowed write must not turn a later refusal into a miss.
      calls.sort((a, b) => Number(a.outcomes.includes('allowed')) - Number(b.outcomes.includes('allowed')));
      for (const { caller, relations, plan, outcomes } of calls) {
        const response = await sendRaw(platform.url(service), encode(plan));
        const actual = outcomeOf(response);
        cells += outcomes.length;
        requests += 1;
        const where = `${route.method} ${route.path} as ${caller.role} on ${relations.join(', ')}`;
        for (const outcome of new Set(outcomes.map(describeOutcome))) {
          if (describeOutcome(actual) !== outcome) mismatches.push(`${where}: expected ${outcome}, got ${describeOutcome(actual)} (${response.status} ${response.text.slice(0, 160)})`);
        }
        for (const problem of responseProblems({ response, forbidden: forbiddenFor(world, service, caller), sent: valuesSent(plan) })) mismatches.push(`${where}: ${problem}`);
      }
    }
    console.log(`authorisation matrix, ${service}: ${routes.length} routes, ${cells} route × caller × relation cells in ${requests} requests, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  });
});
