import * as fc from 'fast-check';
import { providedInfrastructure } from '@app/testing';
import { AUTHORIZATION_MATRIX, expectedOutcome, type MatrixRow } from './authorization-matrix';
import { callersOf, CALLER_ROLES, RELATIONS, type Caller, type CallerRole, type Relation } from './support/callers';
import { forbiddenFor } from './support/forbidden-markers';
import { FuzzTally, type Category } from './support/fuzz-tally';
import { HostilePlatform, SERVICE_NAMES, type ServiceName } from './support/hostile-platform';
import { routeKey, type Operation } from './support/openapi-operations';
import { sendRaw, type RawResponse } from './support/raw-http';
import { kindOf, realisticRequest, requestContext } from './support/realistic-requests';
import { ODD_GENERATORS, REFUSED_GENERATORS, validVariation, type Generator } from './support/request-arbitraries';
import { encode, relationGroups, valuesSent, type RequestPlan } from './support/request-plan';
import { errorCodeOf, responseProblems } from './support/response-checks';
import { routeInventory, type InventoriedRoute } from './support/route-inventory';
import { countChanges, quietRowCounts, refusalLogName, REFUSAL_LOGS } from './support/row-counts';
import { SeededWorld } from './support/seeded-world';

/**
 * `npm test` runs a bounded sample; `npm run fuzz` (FUZZ_PROFILE=full) many times more. Runs
 * are per operation (refused) and per operation and caller (valid, odd). FUZZ_SEED replays.
 */
const PROFILE = process.env.FUZZ_PROFILE === 'full' ? 'full' : 'bounded';
const RUNS = PROFILE === 'full' ? { refused: 120, valid: 20, odd: 25 } : { refused: 5, valid: 1, odd: 1 };
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
/** The integration project's 2 minutes fit the bounded profile; a service's full run takes several. */
const TEST_TIMEOUT_MS = PROFILE === 'full' ? 60 * 60_000 : 120_000;

interface FuzzCase {
  readonly plan: RequestPlan;
  readonly caller: Caller;
  readonly category: Category;
  readonly generator: string;
}


/** A route outside the document has no schema: the generators that need none still apply. */
const operationOf = (route: InventoriedRoute): Operation => route.operation ?? { method: route.method, path: route.path, operationId: '', parameters: [], errorCodes: new Set() };

function describeCase(fuzzCase: FuzzCase, response: RawResponse | undefined): string {
  const { plan } = fuzzCase;
  const body = !plan.body ? '' : plan.body.kind === 'json' ? JSON.stringify(plan.body.value) : plan.body.kind === 'raw' ? String(plan.body.bytes) : JSON.stringify(plan.body.fields);
  const sent = `${plan.method} ${(plan.rawPath ?? encode(plan).path).slice(0, 200)} as ${fuzzCase.caller.role} (${fuzzCase.category}/${fuzzCase.generator}) body ${body.slice(0, 200)}`;
  return response ? `${sent} → ${response.status} ${response.text.slice(0, 300)}` : sent;
}

/**
 * HTTP fuzzing of every service, driven by its own OpenAPI document, on the real platform:
 * hostile requests each route must refuse (and refusing, write nothing), and honest and odd
 * requests of every caller that no route may answer with a 5xx, a stack trace, SQL, another
 * citizen's data or an error of another shape, nor survive by crashing.
 */
describe('HTTP fuzzing of every service from its OpenAPI document', () => {
  let platform: HostilePlatform;
  let world: SeededWorld;
  const tally = new FuzzTally();
  const inventories = new Map<ServiceName, InventoriedRoute[]>();
  const callers = new Map<ServiceName, Map<CallerRole, Caller>>();

  beforeAll(async () => {
    platform = await HostilePlatform.start(providedInfrastructure());
    world = await SeededWorld.seed(platform);
    for (const service of SERVICE_NAMES) {
      inventories.set(service, await routeInventory(platform.service(service)));
      callers.set(service, await callersOf(service, platform, world));
    }
    console.log(`HTTP fuzz: profile ${PROFILE}, FUZZ_SEED=${SEED}`);
  });

  afterAll(async () => {
    console.log(tally.render(PROFILE));
    console.log(`counts written to ${await tally.write(PROFILE)}`);
    await platform?.stop();
  });

  /** Sends one case, counts it, and returns every property it breaks. */
  async function attempt(service: ServiceName, operation: Operation, fuzzCase: FuzzCase, mustRefuse: boolean): Promise<string[]> {
    let response: RawResponse | undefined;
    try {
      response = await sendRaw(platform.url(service), encode(fuzzCase.plan));
    } catch (error) {
      tally.record(service, fuzzCase.category, fuzzCase.generator, undefined);
      return [`no answer (${(error as Error).message}): ${describeCase(fuzzCase, undefined)}`];
    }
    tally.record(service, fuzzCase.category, fuzzCase.generator, response.status);
    const problems = responseProblems({ response, forbidden: forbiddenFor(world, service, fuzzCase.caller), sent: valuesSent(fuzzCase.plan) });
    if (mustRefuse && (response.status < 400 || response.status >= 500)) problems.push(`a request every route must refuse was answered ${response.status}`);
    const code = response.status >= 400 ? errorCodeOf(response) : undefined;
    if (code && operation.errorCodes.size > 0 && !operation.errorCodes.has(code)) problems.push(`answered ${code}, which its OpenAPI document does not list`);
    return problems.map((problem) => `${problem}: ${describeCase(fuzzCase, response)}`);
  }

  /** Runs one property over an arbitrary of cases, collecting its counterexample instead of stopping the suite. */
  async function check(label: string, cases: fc.Arbitrary<FuzzCase>, runs: number, seed: number, probe: (fuzzCase: FuzzCase) => Promise<string[]>, failures: string[]): Promise<void> {
    let found: string[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(cases, async (fuzzCase) => {
          found = await probe(fuzzCase);
          if (found.length > 0) throw new Error(found.join('\n'));
        }),
        // One counterexample per property, unshrunk: shrinking would resend for minutes, and FUZZ_SEED replays it.
        { numRuns: runs, seed, endOnFailure: true },
      );
    } catch (error) {
      failures.push(`${label} [seed ${seed}]: ${found.length > 0 ? found.join('\n  ') : (error as Error).message}`);
    }
  }

  async function assertStillUp(failures: string[], after: string): Promise<void> {
    const down = [...(await platform.readiness())].filter(([, status]) => status !== 200);
    if (down.length > 0) failures.push(`after ${after}, not ready: ${down.map(([name, status]) => `${name} ${status}`).join(', ')}`);
  }

  it('fuzzes from documents that declare every path parameter their routes take', () => {
    const undeclared = SERVICE_NAMES.flatMap((service) =>
      inventories
        .get(service)!
        .flatMap(({ operation }) => (operation ? [...operation.path.matchAll(/\{(\w+)\}/g)].filter(([, name]) => !operation.parameters.some((parameter) => parameter.in === 'path' && parameter.name === name)).map(([, name]) => `${service} ${routeKey(operation)}: {${name}}`) : [])),
    );
    expect(undeclared).toEqual([]);
  });

  it('refuses every request no route may accept, and writes nothing for any of them', async () => {
    const failures: string[] = [];
    const logged: string[] = [];
    let before = await quietRowCounts(platform);
    let index = 0;
    for (const service of SERVICE_NAMES) {
      const rows = AUTHORIZATION_MATRIX[kindOf(service)];
      for (const route of inventories.get(service)!.filter((candidate) => candidate.operation)) {
        const operation = route.operation!;
        // A route the matrix has not classified yet fails the matrix's own spec; here it gets no caller-based cases.
        const row: MatrixRow | undefined = rows[routeKey(operation)];
        // Every caller the matrix refuses, with an honest request: authorisation must refuse before anything is written.
        for (const role of CALLER_ROLES) {
          const caller = callers.get(service)!.get(role)!;
          const refused = RELATIONS.filter((relation) => row && expectedOutcome(row, role, relation) !== 'allowed');
          const plans = new Map(refused.map((relation) => [relation, realisticRequest(requestContext(service, caller, relation, world), operation)] as const));
          for (const [relation] of relationGroups(plans)) {
            failures.push(...(await attempt(service, operation, { plan: plans.get(relation)!, caller, category: 'valid', generator: 'refused-caller' }, true)));
          }
        }
        // Public routes ignore a bearer token, so a broken one is refused only where a token is required.
        const tokenRequired = row !== undefined && RELATIONS.every((relation) => expectedOutcome(row, 'anonymous', relation) !== 'allowed');
        const generators = REFUSED_GENERATORS.filter((generator) => generator.name !== 'bad-bearer' || tokenRequired);
        const choices = generators.flatMap((generator) => mutated(service, operation, generator, CALLER_ROLES));
        await check(`${service} ${routeKey(operation)} (refused)`, fc.oneof(...choices), RUNS.refused, SEED + index++, (fuzzCase) => attempt(service, operation, fuzzCase, true), failures);
      }
      await assertStillUp(failures, `the refused requests to ${service}`);
      // Whatever a refused request might have set going (an event, a delivery) has had time to land.
      const after = await quietRowCounts(platform);
      const written = countChanges(before, after, REFUSAL_LOGS.map(refusalLogName));
      if (written.length > 0) failures.push(`refused requests to ${service} changed rows: ${written.join('; ')}`);
      logged.push(...countChanges(before, after).filter((change) => REFUSAL_LOGS.some((log) => change.startsWith(`${refusalLogName(log)}:`))).map((change) => `${service}'s refusals: ${change}`));
      before = after;
    }
    console.log(`refusal logs, by design: ${logged.length > 0 ? logged.join('; ') : 'no entry'} (${REFUSAL_LOGS.map((log) => `${refusalLogName(log)} where ${log.refusalRows}`).join(', ')})`);
    expect(failures).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it.each(SERVICE_NAMES)('%s answers honest and odd requests from every caller without a 5xx, a leak or a crash', async (service) => {
    const failures: string[] = [];
    // Apart per service: the two intakes have the same routes, and should not get the same requests.
    let index = SERVICE_NAMES.indexOf(service) * 100_000;
    for (const route of inventories.get(service)!) {
      const operation = operationOf(route);
      for (const role of CALLER_ROLES) {
        const caller = callers.get(service)!.get(role)!;
        const honest = fc
          .constantFrom(...RELATIONS)
          .chain((relation) => validVariation(operation, realisticRequest(requestContext(service, caller, relation, world), operation)))
          .map(({ plan, generator }) => ({ plan, caller, category: 'valid' as const, generator }));
        await check(`${service} ${routeKey(operation)} as ${role} (valid)`, honest, RUNS.valid, SEED + 1_000_000 + index++, (fuzzCase) => attempt(service, operation, fuzzCase, false), failures);
        const odd = ODD_GENERATORS.flatMap((generator) => mutated(service, operation, generator, [role]));
        if (odd.length > 0) await check(`${service} ${routeKey(operation)} as ${role} (odd)`, fc.oneof(...odd), RUNS.odd, SEED + 2_000_000 + index++, (fuzzCase) => attempt(service, operation, fuzzCase, false), failures);
      }
    }
    await assertStillUp(failures, `fuzzing ${service}`);
    expect(failures).toEqual([]);
  }, TEST_TIMEOUT_MS);

  /** The generator's mutations of honest requests from `roles` (those it applies to), about any relation; none if it applies to none. */
  function mutated(service: ServiceName, operation: Operation, generator: Generator, roles: readonly CallerRole[]): fc.Arbitrary<FuzzCase>[] {
    const baseOf = (role: CallerRole, relation: Relation) => realisticRequest(requestContext(service, callers.get(service)!.get(role)!, relation, world), operation);
    const applicable = roles.filter((role) => generator.applies(operation, baseOf(role, 'own')));
    if (applicable.length === 0) return [];
    return [
      fc
        .tuple(fc.constantFrom(...applicable), fc.constantFrom(...RELATIONS))
        .chain(([role, relation]) => generator.mutate(operation, baseOf(role, relation)).map((plan) => ({ plan, caller: callers.get(service)!.get(role)!, category: 'invalid' as const, generator: generator.name }))),
    ];
  }
});
