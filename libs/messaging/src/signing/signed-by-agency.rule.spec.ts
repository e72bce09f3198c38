import { signedByAgency } from './signed-by-agency.rule';

describe(signedByAgency.name, () => {
  it.each([
    ['/intake-000.00.12.h26', '000.00.12.H26', true],
    ['/intake-000.00.15.h26', '000.00.12.H26', false],
    ['/vault', '000.00.12.H26', false],
    ['/intake-test', '000.00.12.H26', false],
    ['/intake-000.00.12.H26', '000.00.12.H26', false],
  ])('%s for %s: %s', (source, agencyCode, allowed) => {
    expect(signedByAgency(source, agencyCode)).toBe(allowed);
  });
});
