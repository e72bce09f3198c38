import { join } from 'node:path';

import { defaultZipkinDistDir, findZipkinPom, zipkinJarName } from './zipkin-distribution.installer';

describe(defaultZipkinDistDir.name, () => {
  it('shares one cache between the platform and the tests of a clone', () => {
    expect(defaultZipkinDistDir('/repo/.state')).toBe('/repo/.state/zipkin-dist');
    expect(defaultZipkinDistDir('/repo/.state/test')).toBe('/repo/.state/zipkin-dist');
  });

  it('puts it beside a stateDir outside any .state folder', () => {
    expect(defaultZipkinDistDir('/tmp/run-1/state')).toBe('/tmp/run-1/zipkin-dist');
  });
});

describe(findZipkinPom.name, () => {
  it('finds the pom from the sources and from compiled output under dist/', () => {
    const pom = '/repo/libs/local-infra/zipkin/pom.xml';
    expect(findZipkinPom('/repo/libs/local-infra/src', (path) => path === pom)).toBe(pom);
    expect(findZipkinPom('/repo/dist/libs/local-infra/src', (path) => path === pom)).toBe(pom);
  });

  it('finds the real one in this repository', () => {
    expect(findZipkinPom()).toBe(join(__dirname, '..', 'zipkin', 'pom.xml'));
  });
});

describe(zipkinJarName.name, () => {
  it('keeps the exec classifier, as the dependency plugin names the copy', () => {
    expect(zipkinJarName('3.6.1')).toBe('zipkin-server-3.6.1-exec.jar');
  });
});
