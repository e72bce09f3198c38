import { availabilitySplit, describeSplit, republishCommand, type AvailabilityCounts } from './availability-split.policy';

const HANOI = '000.00.00.H26';

function counts(overrides: Partial<AvailabilityCounts>): AvailabilityCounts {
  return { body: HANOI, announced: 0, pending: 0, recorded: 0, topicExists: true, ...overrides };
}

describe(availabilitySplit.name, () => {
  it.each([
    ['nothing announced and an empty topic', { announced: 0, recorded: 0 }, 0],
    ['one record per announced document', { announced: 593, recorded: 593 }, 0],
    ['more records than documents (later records, republications)', { announced: 593, recorded: 1_400 }, 0],
    ['records still in the outbox, on their way', { announced: 10, recorded: 7, pending: 3 }, 0],
    ['a new, empty broker beside old databases', { announced: 593, recorded: 0 }, 593],
    ['a re-created topic that new traffic only partly refilled', { announced: 593, recorded: 9 }, 584],
    ['a missing topic', { announced: 5, recorded: 0, topicExists: false }, 5],
    ['some announced documents still in the outbox, the rest lost', { announced: 593, recorded: 0, pending: 9 }, 584],
  ])('with %s, finds %s', (_case, overrides: Partial<AvailabilityCounts>, missing: number) => {
    expect(availabilitySplit(counts(overrides)).missing).toBe(missing);
  });
});

describe(republishCommand.name, () => {
  it('names the one split body, or all of them', () => {
    expect(republishCommand([{ body: HANOI }])).toBe(`node dist/apps/vault/src/main.js republish-availability --body ${HANOI}`);
    expect(republishCommand([{ body: HANOI }, { body: '000.00.00.H17' }])).toBe('node dist/apps/vault/src/main.js republish-availability --all');
  });
});

describe(describeSplit.name, () => {
  it('says which body, how far apart the two are, and what to run', () => {
    expect(describeSplit([availabilitySplit(counts({ announced: 593, recorded: 9, topicExists: true }))])).toBe(
      `availability topics miss records of ${HANOI} (593 announced, 9 on the topic): intakes cannot see every document the vault announced; ` +
        `run node dist/apps/vault/src/main.js republish-availability --body ${HANOI}`,
    );
    expect(describeSplit([availabilitySplit(counts({ announced: 2, topicExists: false }))])).toContain('(2 announced, 0 on the topic, which does not exist)');
  });
});
