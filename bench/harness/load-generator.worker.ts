import { runOpenLoad } from './open-load';
import type { LoadPlan, PlannedLoadResult } from './load-generator.process';

/**
 * The load generator's own process: it takes one plan at a time over IPC and answers with the
 * step's result. Nothing else runs on its event loop, so its scheduling lag is its own.
 */
process.on('message', (plan: LoadPlan) => {
  const answeredAt: (number | null)[] | undefined = plan.answerTimes ? new Array<number | null>(plan.requests.length).fill(null) : undefined;
  runOpenLoad({
    ...plan,
    request: (index) => plan.requests[index % plan.requests.length],
    // Wall-clock milliseconds, so another process (or PostgreSQL's now()) can be compared with them.
    onAnswer: answeredAt ? (index, succeeded, at) => (answeredAt[index] = succeeded ? performance.timeOrigin + at : null) : undefined,
  }).then(
    (result) => process.send!({ result: { ...result, answeredAt } satisfies PlannedLoadResult }),
    (error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }),
  );
});
