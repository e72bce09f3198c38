import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import type { LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { CommandNotFoundError, runCommand } from './process.util';
import { mostTellingLine } from './file-tail.util';

/**
 * Newest Kafka served by Maven Central here (4.0.0 … 4.4.0). Checked with kafkajs 2.2.4:
 * plain, idempotent and transactional produce, consumer groups and offset commits all work,
 * because KIP-896 (4.0) kept the protocol versions kafkajs speaks. Kafka 4.x still pins
 * slf4j-api 1.7.36, which decides the log4j binding in kafka/pom.xml.
 */
export const KAFKA_VERSION = '4.4.0';

const MARKER_FILE = '.complete';
const POM_RELATIVE_TO_LIB = join('kafka', 'pom.xml');
const POM_RELATIVE_TO_REPO = join('libs', 'local-infra', 'kafka', 'pom.xml');

/**
 * The jar cache is shared by every stateDir of a clone (platform and tests), so it lives in
 * the nearest `.state` folder at or above stateDir. Taking `<stateDir>/..` literally would put
 * it in the repository root, outside .gitignore, when stateDir is `<repo>/.state` itself.
 */
export function defaultKafkaDistDir(stateDir: string): string {
  const absolute = resolve(stateDir);
  for (let dir = absolute; ; dir = dirname(dir)) {
    if (basename(dir) === '.state') return join(dir, 'kafka-dist');
    if (dirname(dir) === dir) break;
  }
  return join(dirname(absolute), 'kafka-dist');
}

/**
 * Locates kafka/pom.xml both from the sources (libs/local-infra/src) and from a compiled
 * copy under dist/, where the pom is not copied: walking up reaches the repository root.
 */
export function findKafkaPom(startDir: string = __dirname, exists: (path: string) => boolean = existsSync): string | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, POM_RELATIVE_TO_LIB), join(dir, POM_RELATIVE_TO_REPO)]) {
      if (exists(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export interface KafkaDistributionRequest {
  distDir: string;
  version: string;
  log: LogFn;
}

/**
 * Makes `<distDir>/<version>/libs` hold the broker and its runtime jars, copying them with
 * Maven once per clone. The copy goes to a private folder that is renamed into place only
 * when complete (with a marker inside), so an interrupted or concurrent copy never leaves a
 * half-filled libs folder that a later run would trust.
 */
export async function ensureKafkaDistribution(request: KafkaDistributionRequest): Promise<string> {
  const { distDir, version, log } = request;
  const versionDir = join(resolve(distDir), version);
  const libsDir = join(versionDir, 'libs');
  if (existsSync(join(libsDir, MARKER_FILE))) return libsDir;

  const pom = findKafkaPom();
  if (!pom) {
    throw new InfrastructureUnavailableError('Kafka', `cannot find libs/local-infra/kafka/pom.xml above ${__dirname}`);
  }
  await mkdir(versionDir, { recursive: true });
  const partialDir = join(versionDir, `libs.partial-${process.pid}-${Date.now()}`);
  log(`copying Apache Kafka ${version} jars with Maven into ${libsDir} (once per clone)`);
  const started = Date.now();
  try {
    await copyWithMaven(pom, version, partialDir);
    const jars = (await readdir(partialDir)).filter((name) => name.endsWith('.jar'));
    if (!jars.some((name) => name.startsWith(`kafka_2.13-${version}`))) {
      throw new InfrastructureUnavailableError('Kafka', `Maven finished but kafka_2.13-${version}.jar is not in ${partialDir}`);
    }
    await writeFile(join(partialDir, MARKER_FILE), `${version}\n${jars.length} jars\n`);
    await moveIntoPlace(partialDir, libsDir);
  } finally {
    await rm(partialDir, { recursive: true, force: true });
  }
  log(`Kafka ${version} jars ready in ${Math.round((Date.now() - started) / 100) / 10} s`);
  return libsDir;
}

async function copyWithMaven(pom: string, version: string, outputDir: string): Promise<void> {
  let result;
  try {
    result = await runCommand(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        pom,
        `-Dkafka.version=${version}`,
        '-DincludeScope=runtime',
        `-DoutputDirectory=${outputDir}`,
        'dependency:copy-dependencies',
      ],
      { timeoutMs: 15 * 60_000 },
    );
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new InfrastructureUnavailableError(
        'Kafka',
        `no 'mvn' on PATH: the local broker's jars are fetched from Maven Central with Maven (or start a Docker engine, or set KAFKA_BROKERS)`,
      );
    }
    throw error;
  }
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new InfrastructureUnavailableError(
      'Kafka',
      `Maven could not copy org.apache.kafka:kafka_2.13:${version} (exit ${result.code}): ${mostTellingLine(output)}`,
      output,
    );
  }
}

async function moveIntoPlace(partialDir: string, libsDir: string): Promise<void> {
  if (existsSync(libsDir) && !existsSync(join(libsDir, MARKER_FILE))) {
    // Left by a copy made by hand or by an older layout: not trustworthy.
    await rm(libsDir, { recursive: true, force: true });
  }
  try {
    await rename(partialDir, libsDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another process finished its copy first; theirs is as good as ours.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(join(libsDir, MARKER_FILE))) return;
    throw error;
  }
}
