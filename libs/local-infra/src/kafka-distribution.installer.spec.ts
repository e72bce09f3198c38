import { join } from 'node:path';

import { defaultKafkaDistDir, findKafkaPom } from './kafka-distribution.installer';

describe(defaultKafkaDistDir.name, () => {
  it('keeps the cache in .state when stateDir is .state itself', () => {
    expect(defaultKafkaDistDir('/repo/.state')).toBe('/repo/.state/kafka-dist');
  });

  it('shares one cache between the platform and the tests of a clone', () => {
    expect(defaultKafkaDistDir('/repo/.state/test')).toBe('/repo/.state/kafka-dist');
    expect(defaultKafkaDistDir('/repo/.state/test/worker-1')).toBe('/repo/.state/kafka-dist');
  });

  it('puts it beside a stateDir outside any .state folder', () => {
    expect(defaultKafkaDistDir('/tmp/run-1/state')).toBe('/tmp/run-1/kafka-dist');
  });
});

describe(findKafkaPom.name, () => {
  it('finds the pom beside the sources', () => {
    const pom = '/repo/libs/local-infra/kafka/pom.xml';
    expect(findKafkaPom('/repo/libs/local-infra/src', (path) => path === pom)).toBe(pom);
  });

  it('finds it from compiled output under dist/', () => {
    const pom = '/repo/libs/local-infra/kafka/pom.xml';
    expect(findKafkaPom('/repo/dist/libs/local-infra/src', (path) => path === pom)).toBe(pom);
  });

  it('finds the real one in this repository', () => {
    expect(findKafkaPom()).toBe(join(__dirname, '..', 'kafka', 'pom.xml'));
  });

  it('returns undefined when there is none', () => {
    expect(findKafkaPom('/nowhere/at/all', () => false)).toBeUndefined();
  });
});
