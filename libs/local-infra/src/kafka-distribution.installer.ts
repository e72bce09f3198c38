import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { LogFn } from './infra.types';
import { ensureMavenDistribution, findLocalInfraFile, nearestStateSubdir } from './maven-distribution.installer';

/**
 * Newest Kafka served by Maven Central here (4.0.0 … 4.4.0). Checked with kafkajs 2.2.4:
 * plain, idempotent and transactional produce, consumer groups and offset commits all work,
 * because KIP-896 (4.0) kept the protocol versions kafkajs speaks. Kafka 4.x still pins
 * slf4j-api 1.7.36, which decides the log4j binding in kafka/pom.xml.
 */
export const KAFKA_VERSION = '4.4.0';

const POM_RELATIVE_TO_LIB = join('kafka', 'pom.xml');

/** `kafka-dist` in the nearest `.state` folder at or above stateDir (see nearestStateSubdir). */
export function defaultKafkaDistDir(stateDir: string): string {
  return nearestStateSubdir(stateDir, 'kafka-dist');
}

/** Locates kafka/pom.xml from the sources and from a compiled copy under dist/. */
export function findKafkaPom(startDir: string = __dirname, exists: (path: string) => boolean = existsSync): string | undefined {
  return findLocalInfraFile(POM_RELATIVE_TO_LIB, startDir, exists);
}

export interface KafkaDistributionRequest {
  distDir: string;
  version: string;
  log: LogFn;
}

/**
 * Makes `<distDir>/<version>/libs` hold the broker and its runtime jars, copying them with
 * Maven once per clone (atomically, see ensureMavenDistribution).
 */
export function ensureKafkaDistribution(request: KafkaDistributionRequest): Promise<string> {
  const { distDir, version, log } = request;
  return ensureMavenDistribution({
    component: 'Kafka',
    pom: findKafkaPom(),
    pomDescription: 'libs/local-infra/kafka/pom.xml',
    properties: { 'kafka.version': version, includeScope: 'runtime' },
    artifact: `org.apache.kafka:kafka_2.13:${version}`,
    what: `Apache Kafka ${version} jars`,
    targetDir: join(resolve(distDir), version, 'libs'),
    expectedJarPrefix: `kafka_2.13-${version}`,
    noMavenReason: `no 'mvn' on PATH: the local broker's jars are fetched from Maven Central with Maven (or start a Docker engine, or set KAFKA_BROKERS)`,
    log,
  });
}

/**
 * Makes `<distDir>/<version>/tools` hold Apache Kafka's own tools (kafka-tools and what it
 * needs), copied with Maven once per clone like the broker. The benchmark runs
 * org.apache.kafka.tools.ProducerPerformance from it as this machine's producer ceiling.
 */
export function ensureKafkaToolsDistribution(request: KafkaDistributionRequest): Promise<string> {
  const { distDir, version, log } = request;
  return ensureMavenDistribution({
    component: 'Kafka tools',
    pom: findLocalInfraFile(join('kafka-tools', 'pom.xml'), __dirname),
    pomDescription: 'libs/local-infra/kafka-tools/pom.xml',
    properties: { 'kafka.version': version, includeScope: 'runtime' },
    artifact: `org.apache.kafka:kafka-tools:${version}`,
    what: `Apache Kafka ${version} tools`,
    targetDir: join(resolve(distDir), version, 'tools'),
    expectedJarPrefix: `kafka-tools-${version}`,
    noMavenReason: `no 'mvn' on PATH: Kafka's tools are fetched from Maven Central with Maven`,
    log,
  });
}
