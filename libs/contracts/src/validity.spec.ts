import { endOfValidity } from './validity';

describe(endOfValidity.name, () => {
  const cases: [string, string, string][] = [
    ['a bare date ends at the following midnight in Vietnam', '2026-07-15', '2026-07-15T17:00:00.000Z'],
    ['the last day of a year', '2026-12-31', '2026-12-31T17:00:00.000Z'],
    ['a leap day', '2028-02-29', '2028-02-29T17:00:00.000Z'],
    ['a full timestamp with an offset is taken as it is', '2026-07-15T09:30:00+07:00', '2026-07-15T02:30:00.000Z'],
    ['a full UTC timestamp is taken as it is', '2026-07-15T00:00:00Z', '2026-07-15T00:00:00.000Z'],
  ];
  it.each(cases)('%s: %s is %s', (_name, value, expected) => {
    expect(endOfValidity(value).toISOString()).toBe(expected);
  });
});
