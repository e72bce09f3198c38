import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { CommandNotFoundError, runCommand } from './process.util';

/** Kafka 4 brokers need Java 17 (clients alone would run on 11). */
export const MIN_JAVA_FOR_KAFKA_BROKER = 17;

/** Zipkin 3 is built for Java 17 (its exec jar's manifest says `Java-Version: 17`). */
export const MIN_JAVA_FOR_ZIPKIN = 17;

/** Major version from `java -version` output: "17.0.15" -> 17, legacy "1.8.0_292" -> 8. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

export interface JavaRequirement {
  /** Prefix of the error, as in InfrastructureUnavailableError. */
  component: string;
  minMajor: number;
  /** Who needs it, for the error: "the local Kafka 4 broker". */
  neededBy: string;
  /** What to do instead, for the error: "start a Docker engine, or set KAFKA_BROKERS". */
  alternatives: string;
}

export async function requireJava(requirement: JavaRequirement): Promise<void> {
  const { component, minMajor, neededBy, alternatives } = requirement;
  let output: string;
  try {
    const result = await runCommand('java', ['-version'], { timeoutMs: 20_000 });
    output = `${result.stderr}\n${result.stdout}`;
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new InfrastructureUnavailableError(component, `no 'java' on PATH: ${neededBy} needs a JDK ${minMajor}+ (or ${alternatives})`);
    }
    throw error;
  }
  const major = parseJavaMajorVersion(output);
  if (major !== undefined && major < minMajor) {
    throw new InfrastructureUnavailableError(component, `'java' is version ${major}; ${neededBy} needs ${minMajor}+ (or ${alternatives})`);
  }
}

export function requireJavaForKafka(): Promise<void> {
  return requireJava({
    component: 'Kafka',
    minMajor: MIN_JAVA_FOR_KAFKA_BROKER,
    neededBy: 'the local Kafka 4 broker',
    alternatives: 'start a Docker engine, or set KAFKA_BROKERS',
  });
}
