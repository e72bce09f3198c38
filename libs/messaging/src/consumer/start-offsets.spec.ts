import { StartOffsets, type CommittedOffset, type PartitionEnd } from './start-offsets';

const end = (partition: number, low: number, high: number): PartitionEnd => ({ topic: 't', partition, low, high });
const committed = (partition: number, offset: number): CommittedOffset => ({ topic: 't', partition, offset });

describe(StartOffsets.name, () => {
  const cases: [string, PartitionEnd[], CommittedOffset[], boolean][] = [
    ['no partitions at all', [], [], true],
    ['empty partitions, nothing committed', [end(0, 0, 0), end(1, 5, 5)], [committed(0, -1), committed(1, -1)], true],
    ['records to read, nothing committed', [end(0, 0, 3)], [committed(0, -1)], false],
    ['records to read, no entry for the partition', [end(0, 0, 3)], [], false],
    ['committed short of the end', [end(0, 0, 3)], [committed(0, 2)], false],
    ['committed at the end', [end(0, 0, 3)], [committed(0, 3)], true],
    ['committed past the end (records written since start-up)', [end(0, 0, 3)], [committed(0, 9)], true],
    ['one partition of two still behind', [end(0, 0, 3), end(1, 0, 4)], [committed(0, 3), committed(1, 1)], false],
    ['another topic with the same partition does not count', [end(0, 0, 3)], [{ topic: 'other', partition: 0, offset: 3 }], false],
  ];

  it.each(cases.map(([name, ends, offsets, expected]) => [name, expected, ends, offsets] as const))('%s: caught up is %s', (_name, expected, ends, offsets) => {
    expect(new StartOffsets(ends).reachedBy(offsets)).toBe(expected);
  });

  it('stays caught up once it was, whatever is committed later', () => {
    const offsets = new StartOffsets([end(0, 0, 3)]);
    expect(offsets.reachedBy([committed(0, 3)])).toBe(true);
    expect(offsets.reachedBy([committed(0, -1)])).toBe(true);
    expect(offsets.caughtUp).toBe(true);
  });
});
