import type { OpenLoadResult } from './open-load';

export interface StepOutcome {
  readonly result: OpenLoadResult;
  /** The generator was late (scheduling lag): the step says nothing about the server. */
  readonly discarded: boolean;
}

export interface SteppedLoad {
  readonly steps: readonly StepOutcome[];
  /** The highest offered rate whose p99 stayed within the bound with no error, among the trusted steps. */
  readonly sustainedRate: number | undefined;
}

/**
 * Offers each rate in turn, one open-model step each (`offer`, in this process or in a load
 * generator process of its own), and stops after the first step past the latency bound that
 * is trusted or clearly past it: the rates above can only be worse and would only add load.
 */
export async function stepRates(
  rates: readonly number[],
  offer: (ratePerSecond: number) => Promise<OpenLoadResult>,
  bound: { readonly p99Ms: number },
  onStep: (outcome: StepOutcome) => void = () => undefined,
): Promise<SteppedLoad> {
  const steps: StepOutcome[] = [];
  for (const ratePerSecond of rates) {
    const result = await offer(ratePerSecond);
    const outcome = { result, discarded: result.starved };
    steps.push(outcome);
    onStep(outcome);
    if (!withinBound(result, bound) && (!outcome.discarded || clearlyPast(result, bound))) break;
  }
  return { steps, sustainedRate: sustainedRate(steps, bound) };
}

export function sustainedRate(steps: readonly StepOutcome[], bound: { readonly p99Ms: number }): number | undefined {
  const good = steps.filter((step) => !step.discarded && withinBound(step.result, bound)).map((step) => step.result.offeredRate);
  return good.length === 0 ? undefined : Math.max(...good);
}

/**
 * Past the bound whatever the generator's lateness: errors, or a p99 that stays past it with
 * the generator's worst lateness taken off. Lateness only adds latency, so such a step needs
 * no trusted generator to show the server has had enough (a saturated 2-core machine starves
 * everything on it, the generator too).
 */
function clearlyPast(result: OpenLoadResult, bound: { readonly p99Ms: number }): boolean {
  return Object.keys(result.errors).length > 0 || result.latencyMs.p99 - result.schedulingLagMs.max > bound.p99Ms;
}

function withinBound(result: OpenLoadResult, bound: { readonly p99Ms: number }): boolean {
  return Object.keys(result.errors).length === 0 && result.latencyMs.p99 <= bound.p99Ms;
}
