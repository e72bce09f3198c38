import { clean, matrixTable, median, summarise } from './fault-matrix';
import type { RunOutcome } from './fault-run';
import { slopePerMinute } from './memory-trend';

const run = (fault: string, point: 'early' | 'middle' | 'late', over: Partial<RunOutcome> = {}): RunOutcome => ({
  fault,
  point,
  journeys: 20,
  unfinished: 0,
  findings: [],
  recoveryMs: 4_000,
  retries: 3,
  inProgress: 0,
  serverErrors: {},
  failures: [],
  records: [],
  ...over,
});

describe('summarise', () => {
  it('adds up the runs of each cell, with the median and worst recovery', () => {
    const cells = summarise([
      run('SIGKILL vault', 'early', { recoveryMs: 2_000 }),
      run('SIGKILL vault', 'early', { recoveryMs: 6_000, findings: [{ kind: 'lost', what: 'x' }, { kind: 'duplicated', what: 'y' }] }),
      run('SIGKILL vault', 'early', { recoveryMs: undefined, unfinished: 2 }),
      run('SIGKILL vault', 'late'),
    ]);
    expect(cells).toEqual([
      { fault: 'SIGKILL vault', point: 'early', runs: 3, lost: 1, duplicated: 1, outOfOrder: 0, crashed: 0, unfinished: 2, recoveryMedianS: 4, recoveryMaxS: 6, notRecovered: 1 },
      { fault: 'SIGKILL vault', point: 'late', runs: 1, lost: 0, duplicated: 0, outOfOrder: 0, crashed: 0, unfinished: 0, recoveryMedianS: 4, recoveryMaxS: 4, notRecovered: 0 },
    ]);
    expect(clean(cells)).toBe(false);
    expect(clean(cells.slice(1))).toBe(true);
  });

  it('renders one row per cell, saying when a run did not recover', () => {
    const table = matrixTable(summarise([run('Kafka broker killed', 'middle', { recoveryMs: undefined })]));
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('| Kafka broker killed | middle | 1 | 0 | 0 | 0 | 0 | 0 | — (1 not in 180 s) | — |');
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('slopePerMinute', () => {
  it('is the least-squares growth per minute', () => {
    expect(slopePerMinute([0, 30, 60, 90].map((atS) => ({ atS, value: 100 + atS / 10 })))).toBeCloseTo(6);
    expect(slopePerMinute([0, 30, 60].map((atS) => ({ atS, value: 200 })))).toBe(0);
    expect(slopePerMinute([{ atS: 0, value: 1 }])).toBe(0);
  });
});
