import { reuseScope } from './reuse-scope.policy';

describe(reuseScope.name, () => {
  const now = new Date('2026-03-01T00:00:00.000Z');

  it('widens to the governing body once connected data sharing is in effect', () => {
    expect(reuseScope({ dataSharingConnected: true, dataSharingEffectiveFrom: new Date('2025-07-01T00:00:00.000Z') }, now)).toBe('governing-body');
    expect(reuseScope({ dataSharingConnected: true, dataSharingEffectiveFrom: now }, now)).toBe('governing-body');
  });

  it('stays with the verifying agency when the body is not connected', () => {
    expect(reuseScope({ dataSharingConnected: false, dataSharingEffectiveFrom: new Date('2025-07-01T00:00:00.000Z') }, now)).toBe('agency');
  });

  it('stays with the verifying agency while the connection is not yet in effect', () => {
    expect(reuseScope({ dataSharingConnected: true, dataSharingEffectiveFrom: new Date('2026-03-01T00:00:00.001Z') }, now)).toBe('agency');
  });
});
