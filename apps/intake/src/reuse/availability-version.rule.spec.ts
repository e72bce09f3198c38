import { supersedes } from './availability-version.rule';

describe(supersedes.name, () => {
  it.each<[string, number, number | undefined, boolean]>([
    ['the first record of a document the index does not hold', 1, undefined, true],
    ['a later record (a withdrawal after the availability)', 2, 1, true],
    ['a record several versions on (intermediate ones lost or compacted away)', 9, 2, true],
    ['any record over a row indexed before versions existed', 1, 0, true],
    ['the same record again (a duplicate, a redelivery)', 2, 2, false],
    ['an older record arriving late (an availability after its revocation)', 1, 2, false],
    ['a much older record replayed', 3, 40, false],
  ])('%s: applies a version %s over %s: %s', (_case, incoming, indexed, applies) => {
    expect(supersedes(incoming, indexed)).toBe(applies);
  });
});
