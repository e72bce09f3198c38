import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import type { LogFn } from './infra.types';
import { InfrastructureUnavailableError } from './infrastructure-unavailable.error';
import { CommandNotFoundError, runCommand } from './process.util';
import { mostTellingMavenLine } from './file-tail.util';

const MARKER_FILE = '.complete';
const MAVEN_TIMEOUT_MS = 15 * 60_000;

/**
 * Jar caches are shared by every stateDir of a clone (platform and tests), so they live in
 * the nearest `.state` folder at or above stateDir. Taking `<stateDir>/..` literally would put
 * them in the repository root, outside .gitignore, when stateDir is `<repo>/.state` itself.
 */
export function nearestStateSubdir(stateDir: string, name: string): string {
  const absolute = resolve(stateDir);
  for (let dir = absolute; ; dir = dirname(dir)) {
    if (basename(dir) === '.state') return join(dir, name);
    if (dirname(dir) === dir) break;
  }
  return join(dirname(absolute), name);
}

/**
 * Locates a file of libs/local-infra (e.g. `kafka/pom.xml`) both from the sources
 * (libs/local-infra/src) and from a compiled copy under dist/, where the poms are not
 * copied: walking up reaches the repository root.
 */
export function findLocalInfraFile(
  relativeToLib: string,
  startDir: string,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const candidates = [relativeToLib, join('libs', 'local-infra', relativeToLib)];
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    for (const candidate of candidates) {
      if (exists(join(dir, candidate))) return join(dir, candidate);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export interface MavenDistributionRequest {
  /** Prefix of every error, as in InfrastructureUnavailableError. */
  component: string;
  /** The dependency-list pom; undefined when findLocalInfraFile found none. */
  pom: string | undefined;
  /** Said in the "cannot find" error, e.g. `libs/local-infra/kafka/pom.xml`. */
  pomDescription: string;
  /** `-D` properties for the pom and the dependency plugin, e.g. the version and scope. */
  properties: Readonly<Record<string, string>>;
  /** Coordinates, for messages and the marker. */
  artifact: string;
  /** What is copied, for progress lines: "Apache Kafka 4.4.0 jars". */
  what: string;
  /** Folder that holds the jars once complete. */
  targetDir: string;
  /** Name prefix of the jar that must be among those copied, e.g. `kafka_2.13-4.4.0`. */
  expectedJarPrefix: string;
  /** The reason given when there is no `mvn` on PATH, with the alternatives to it. */
  noMavenReason: string;
  log: LogFn;
}

/**
 * Makes targetDir hold the jars of a dependency-list pom, copying them with Maven (from
 * ~/.m2, downloading there first) once per clone. The copy goes to a private sibling folder
 * that is renamed into place only when complete (with a marker inside), so an interrupted or
 * concurrent copy never leaves a half-filled folder that a later run would trust.
 */
export async function ensureMavenDistribution(request: MavenDistributionRequest): Promise<string> {
  const { component, log } = request;
  const targetDir = resolve(request.targetDir);
  if (existsSync(join(targetDir, MARKER_FILE))) return targetDir;

  const pom = request.pom;
  if (!pom) {
    throw new InfrastructureUnavailableError(component, `cannot find ${request.pomDescription} above ${__dirname}`);
  }
  await mkdir(dirname(targetDir), { recursive: true });
  const partialDir = `${targetDir}.partial-${process.pid}-${Date.now()}`;
  log(`copying ${request.what} with Maven into ${targetDir} (once per clone)`);
  const started = Date.now();
  try {
    await copyWithMaven(request, pom, partialDir);
    const jars = (await readdir(partialDir)).filter((name) => name.endsWith('.jar'));
    if (!jars.some((name) => name.startsWith(request.expectedJarPrefix))) {
      throw new InfrastructureUnavailableError(component, `Maven finished but ${request.expectedJarPrefix}.jar is not in ${partialDir}`);
    }
    await writeFile(join(partialDir, MARKER_FILE), `${request.artifact}\n${jars.length} jars\n`);
    await moveIntoPlace(partialDir, targetDir);
  } finally {
    await rm(partialDir, { recursive: true, force: true });
  }
  log(`${request.what} ready in ${Math.round((Date.now() - started) / 100) / 10} s`);
  return targetDir;
}

async function copyWithMaven(request: MavenDistributionRequest, pom: string, outputDir: string): Promise<void> {
  const properties = Object.entries(request.properties).map(([key, value]) => `-D${key}=${value}`);
  let result;
  try {
    result = await runCommand(
      'mvn',
      ['-B', '-q', '-f', pom, ...properties, `-DoutputDirectory=${outputDir}`, 'dependency:copy-dependencies'],
      { timeoutMs: MAVEN_TIMEOUT_MS },
    );
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new InfrastructureUnavailableError(request.component, request.noMavenReason);
    }
    throw error;
  }
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new InfrastructureUnavailableError(
      request.component,
      `Maven could not copy ${request.artifact} (exit ${result.code}): ${mostTellingMavenLine(output)}`,
      output,
    );
  }
}

async function moveIntoPlace(partialDir: string, targetDir: string): Promise<void> {
  if (existsSync(targetDir) && !existsSync(join(targetDir, MARKER_FILE))) {
    // Left by a copy made by hand or by an older layout: not trustworthy.
    await rm(targetDir, { recursive: true, force: true });
  }
  try {
    await rename(partialDir, targetDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another process finished its copy first; theirs is as good as ours.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(join(targetDir, MARKER_FILE))) return;
    throw error;
  }
}
