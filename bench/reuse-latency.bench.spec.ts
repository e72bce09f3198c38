import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { providedInfrastructure } from '@app/testing';
import { CitizenJourney, expectStatus } from '../test/support/citizen-journey';
import { PlatformHarness } from '../test/support/platform-harness';

const AGENCY_A = '000.00.12.H26'; // Hanoi Department of Justice
const SIBLING_B = '000.00.15.H26'; // Hanoi Department of Health, same connected province
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const BURST_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

/**
 * Delay from an officer's verification at agency A (the HTTP 200, i.e. the commit) to the
 * document being reusable at sibling agency B (its row in B's reuse index). The path is
 * A's outbox → Kafka → vault → vault's outbox → B's availability topic → B's index.
 */
describe('verification-to-reusability delay', () => {
  let platform: PlatformHarness;
  let watcher: IndexWatcher;

  beforeAll(async () => {
    platform = await PlatformHarness.start({ ...providedInfrastructure(), intakes: [AGENCY_A, SIBLING_B] });
    watcher = new IndexWatcher(platform.intake(SIBLING_B).app.get(DataSource));
  });

  afterAll(async () => {
    await platform?.stop();
  });

  async function prepared(): Promise<{ citizen: CitizenJourney; dossierId: string; documentId: string }> {
    const citizen = new CitizenJourney(platform);
    const dossier = await citizen.openDossier(AGENCY_A, 'JUS-CRIMINAL-RECORD');
    const provided = await citizen.provide(AGENCY_A, dossier.id, 'BIRTH_CERTIFICATE');
    expectStatus(provided, 201);
    const documentId = (provided.body as { documents: { documentTypeCode: string; documentId: string }[] }).documents.find(
      (document) => document.documentTypeCode === 'BIRTH_CERTIFICATE',
    )!.documentId;
    return { citizen, dossierId: dossier.id, documentId };
  }

  async function measure(item: { citizen: CitizenJourney; dossierId: string; documentId: string }): Promise<number> {
    const response = await item.citizen.verify(AGENCY_A, item.dossierId, 'BIRTH_CERTIFICATE');
    const verifiedAt = performance.now();
    expectStatus(response, 200);
    return (await watcher.reusable(item.documentId)) - verifiedAt;
  }

  it(`sequential: ${DOCUMENTS} documents, one at a time`, async () => {
    await measure(await prepared()); // warm-up: connections, JIT, consumer fetch sessions
    const delays: number[] = [];
    for (let i = 0; i < DOCUMENTS; i += 1) delays.push(await measure(await prepared()));
    report('sequential', delays);
    expect(delays).toHaveLength(DOCUMENTS);
  });

  it(`burst: ${DOCUMENTS} documents, ${BURST_CONCURRENCY} verifications in flight`, async () => {
    const items = [];
    for (let i = 0; i < DOCUMENTS; i += 1) items.push(await prepared());
    const delays: number[] = [];
    const queue = [...items];
    await Promise.all(
      Array.from({ length: BURST_CONCURRENCY }, async () => {
        for (let item = queue.shift(); item; item = queue.shift()) delays.push(await measure(item));
      }),
    );
    report(`burst×${BURST_CONCURRENCY}`, delays);
    expect(delays).toHaveLength(DOCUMENTS);
  });
});

function report(label: string, delays: number[]): void {
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(
    `[bench] ${label}: n=${sorted.length} median=${at(0.5).toFixed(1)} ms p90=${at(0.9).toFixed(1)} ms p99=${at(0.99).toFixed(1)} ms worst=${sorted.at(-1)!.toFixed(1)} ms best=${sorted[0].toFixed(1)} ms`,
  );
}

/**
 * Notes when each awaited document first appears, reusable, in B's index. One query for
 * everything pending every 2 ms, so twenty documents in flight cost the database no more
 * than one: the measurement must not be what it measures.
 */
class IndexWatcher {
  private readonly pending = new Map<string, { resolve: (at: number) => void; reject: (error: Error) => void; deadline: number }>();
  private polling: Promise<void> | undefined;

  constructor(private readonly index: DataSource) {}

  reusable(documentId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.set(documentId, { resolve, reject, deadline: Date.now() + 60_000 });
      this.polling ??= this.poll().finally(() => (this.polling = undefined));
    });
  }

  private async poll(): Promise<void> {
    while (this.pending.size > 0) {
      const rows = await this.index.query<{ document_id: string }[]>(
        "SELECT document_id FROM reusable_document WHERE document_id = ANY($1::uuid[]) AND status = 'available' AND scope = 'governing-body'",
        [[...this.pending.keys()]],
      );
      const seenAt = performance.now();
      for (const { document_id } of rows) {
        this.pending.get(document_id)?.resolve(seenAt);
        this.pending.delete(document_id);
      }
      for (const [documentId, waiter] of this.pending) {
        if (Date.now() > waiter.deadline) {
          waiter.reject(new Error(`document ${documentId} never became reusable at ${SIBLING_B}`));
          this.pending.delete(documentId);
        }
      }
      await sleep(2);
    }
  }
}
