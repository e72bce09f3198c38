import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { CommandNotFoundError, runCommand } from './process.util';

/** Kafka 4 brokers need Java 17 (clients alone would run on 11). */
export const MIN_JAVA_FOR_KAFKA_BROKER = 17;

/** Major version from `java -version` output: "17.0.15" -> 17, legacy "1.8.0_292" -> 8. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

export async function requireJavaForKafka(): Promise<void> {
  let output: string;
  try {
    const result = await runCommand('java', ['-version'], { timeoutMs: 20_000 });
    output = `${result.stderr}\n${result.stdout}`;
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new InfrastructureUnavailableError(
        'Kafka',
        `no 'java' on PATH: the local broker needs a JDK ${MIN_JAVA_FOR_KAFKA_BROKER}+ (or start a Docker engine, or set KAFKA_BROKERS)`,
      );
    }
    throw error;
  }
  const major = parseJavaMajorVersion(output);
  if (major !== undefined && major < MIN_JAVA_FOR_KAFKA_BROKER) {
    throw new InfrastructureUnavailableError(
      'Kafka',
      `'java' is version ${major}; the local Kafka 4 broker needs ${MIN_JAVA_FOR_KAFKA_BROKER}+ (or start a Docker engine, or set KAFKA_BROKERS)`,
    );
  }
}
