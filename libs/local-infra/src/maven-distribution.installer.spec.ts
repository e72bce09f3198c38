import { findLocalInfraFile, nearestStateSubdir } from './maven-distribution.installer';

describe(nearestStateSubdir.name, () => {
  it('uses the nearest .state folder at or above stateDir', () => {
    expect(nearestStateSubdir('/repo/.state', 'x-dist')).toBe('/repo/.state/x-dist');
    expect(nearestStateSubdir('/repo/.state/test/worker-1', 'x-dist')).toBe('/repo/.state/x-dist');
  });

  it('puts it beside a stateDir outside any .state folder', () => {
    expect(nearestStateSubdir('/tmp/run-1/state', 'x-dist')).toBe('/tmp/run-1/x-dist');
  });
});

describe(findLocalInfraFile.name, () => {
  const pom = '/repo/libs/local-infra/x/pom.xml';

  it('finds a file of the library from its sources and from dist/', () => {
    expect(findLocalInfraFile('x/pom.xml', '/repo/libs/local-infra/src', (path) => path === pom)).toBe(pom);
    expect(findLocalInfraFile('x/pom.xml', '/repo/dist/libs/local-infra/src', (path) => path === pom)).toBe(pom);
  });

  it('returns undefined when there is none', () => {
    expect(findLocalInfraFile('x/pom.xml', '/nowhere', () => false)).toBeUndefined();
  });
});
