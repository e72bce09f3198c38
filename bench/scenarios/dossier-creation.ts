import { Pool } from 'pg';
import { stepRates, type SteppedLoad } from '../harness/rate-steps';
import { AGENCY_A, BOUND, inParallel, REUSED_TYPES, stepLine, token, type BenchContext } from './bench-context';
import { newCitizen, openDossier, provide, verify, type PreparedCitizen } from './desk-calls';
import { cpuDuring, MemorySampler, untilQuiet } from './platform-processes';

/** A level 4 procedure of agency A that asks for both documents each citizen already has on file there. */
const PROCEDURE = 'JUS-CRIMINAL-RECORD';

export interface DossierCreationResult {
  readonly load: SteppedLoad;
  /** Per step: CPU seconds of every platform process, per 1,000 dossiers created. */
  readonly cpuPerThousand: readonly { readonly rate: number; readonly total: number; readonly byProcess: Record<string, number> }[];
  /** Per step: dossiers created, and how many had both documents reused (the once-only check of the scenario). */
  readonly reuse: readonly { readonly rate: number; readonly created: number; readonly withBothReused: number }[];
  /** Peak memory (MiB) of each process over the whole scenario. */
  readonly peakMiB: Map<string, number>;
}

/**
 * Scenario 1: dossier creation at one intake, each resolving once-only reuse against the local
 * index. Every citizen has an identity card and a birth certificate verified at agency A, so
 * each new dossier reuses both; the step's dossiers are counted afterwards to prove it.
 */
export async function dossierCreation(context: BenchContext): Promise<DossierCreationResult> {
  const { profile, say, generator, processes, idle } = context;
  const index = new Pool({ connectionString: context.platform.databaseUrl(AGENCY_A.database), max: 2 });
  try {
    say(`  preparing ${profile.citizens} citizens, each with ${REUSED_TYPES.join(' and ')} verified at ${AGENCY_A.code}…`);
    const citizens = await withReusableDocuments(index, profile.citizens);
    const requests = citizens.map((citizen) => ({
      method: 'POST',
      path: '/dossiers',
      headers: { authorization: `Bearer ${citizen.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ procedureCode: PROCEDURE }),
    }));
    // Connections, JIT and the services' caches warm up here, unmeasured.
    await generator.run({ target: AGENCY_A.url, ratePerSecond: 50, durationMs: 2_000, requests });
    say(`  warmed up; the platform was quiet again after ${((await untilQuiet(processes, idle)) / 1000).toFixed(0)} s`);

    const cpuPerThousand: DossierCreationResult['cpuPerThousand'][number][] = [];
    const reuse: DossierCreationResult['reuse'][number][] = [];
    const memory = new MemorySampler(processes);
    const drained: number[] = [];
    const load = await stepRates(
      profile.dossierRates,
      async (ratePerSecond) => {
        const since = (await index.query<{ now: Date }>('SELECT now()')).rows[0].now;
        // Counted until the platform is quiet again: a dossier's cost includes what its events cause.
        const { value: result, cpu } = await cpuDuring(processes, idle, async () => {
          const offered = await generator.run({ target: AGENCY_A.url, ratePerSecond, durationMs: profile.dossierStepMs, requests });
          drained.push(await untilQuiet(processes, idle));
          return offered;
        });
        const thousands = Math.max(result.succeeded, 1) / 1000;
        const byProcess = Object.fromEntries([...cpu].map(([name, seconds]) => [name, seconds / thousands]));
        cpuPerThousand.push({ rate: ratePerSecond, total: [...cpu.values()].reduce((a, b) => a + b, 0) / thousands, byProcess });
        reuse.push({ rate: ratePerSecond, ...(await reusedSince(index, since)) });
        return result;
      },
      BOUND,
      (outcome) => {
        const counted = reuse.at(-1)!;
        say(stepLine(outcome, `  both reused in ${counted.withBothReused}/${counted.created}  CPU ${cpuPerThousand.at(-1)!.total.toFixed(1)} s/1000 (quiet ${(drained.at(-1)! / 1000).toFixed(0)} s after)`));
      },
    );
    return { load, cpuPerThousand, reuse, peakMiB: memory.stop() };
  } finally {
    await index.end();
  }
}

/** Citizens whose two documents were provided and verified at agency A, and are in its index. */
async function withReusableDocuments(index: Pool, count: number): Promise<PreparedCitizen[]> {
  const officer = await token({ role: 'officer', agencyCode: AGENCY_A.code });
  const prepared = await inParallel(Array.from({ length: count }), 8, async () => {
    const citizen = await newCitizen();
    const dossier = await openDossier(AGENCY_A.url, citizen, PROCEDURE);
    const documentIds: string[] = [];
    for (const type of REUSED_TYPES) {
      documentIds.push(await provide(AGENCY_A.url, citizen, dossier.id, type));
      await verify(AGENCY_A.url, officer, dossier.id, type);
    }
    return { citizen, documentIds };
  });
  // The verifications reach A's own index through the vault and Kafka, like anyone's.
  await indexed(index, prepared.flatMap((entry) => entry.documentIds));
  return prepared.map((entry) => entry.citizen);
}

export async function indexed(index: Pool, documentIds: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await index.query<{ count: string }>("SELECT count(*) FROM reusable_document WHERE document_id = ANY($1::uuid[]) AND status = 'available'", [documentIds]);
    if (Number(rows[0].count) === documentIds.length) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].count} of ${documentIds.length} verified documents reached the index within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function reusedSince(index: Pool, since: Date): Promise<{ created: number; withBothReused: number }> {
  const { rows } = await index.query<{ created: string; both: string }>(
    `SELECT count(*) AS created, count(*) FILTER (WHERE reused = $2) AS both FROM (
       SELECT d.id, count(dd.dossier_id) FILTER (WHERE dd.source = 'reused') AS reused
       FROM dossier d LEFT JOIN dossier_document dd ON dd.dossier_id = d.id
       WHERE d.created_at >= $1 GROUP BY d.id) counted`,
    [since, REUSED_TYPES.length],
  );
  return { created: Number(rows[0].created), withBothReused: Number(rows[0].both) };
}
