import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { LogFn } from './infra.types';
import { ensureMavenDistribution, findLocalInfraFile, nearestStateSubdir } from './maven-distribution.installer';

/**
 * Newest zipkin-server on Maven Central here (3.0.6 … 3.6.1 of the 3.x line). Its exec jar
 * is built for Java 17 and runs on the machine's JDK 17; in-memory storage, the v2 HTTP API
 * and the UI need nothing else.
 */
export const ZIPKIN_VERSION = '3.6.1';

const POM_RELATIVE_TO_LIB = join('zipkin', 'pom.xml');

/** `zipkin-dist` in the nearest `.state` folder at or above stateDir (see nearestStateSubdir). */
export function defaultZipkinDistDir(stateDir: string): string {
  return nearestStateSubdir(stateDir, 'zipkin-dist');
}

/** Locates zipkin/pom.xml from the sources and from a compiled copy under dist/. */
export function findZipkinPom(startDir: string = __dirname, exists: (path: string) => boolean = existsSync): string | undefined {
  return findLocalInfraFile(POM_RELATIVE_TO_LIB, startDir, exists);
}

/** The exec jar's name as the dependency plugin copies it (classifier kept, version not stripped). */
export function zipkinJarName(version: string): string {
  return `zipkin-server-${version}-exec.jar`;
}

export interface ZipkinDistributionRequest {
  distDir: string;
  version: string;
  log: LogFn;
}

/**
 * Makes `<distDir>/<version>/` hold Zipkin's executable server jar, copying it with Maven
 * once per clone (atomically, see ensureMavenDistribution). Returns the jar's path.
 */
export async function ensureZipkinDistribution(request: ZipkinDistributionRequest): Promise<string> {
  const { distDir, version, log } = request;
  const jarName = zipkinJarName(version);
  const versionDir = await ensureMavenDistribution({
    component: 'Zipkin',
    pom: findZipkinPom(),
    pomDescription: 'libs/local-infra/zipkin/pom.xml',
    properties: { 'zipkin.version': version },
    artifact: `io.zipkin:zipkin-server:${version}:jar:exec`,
    what: `Zipkin ${version} server jar`,
    targetDir: join(resolve(distDir), version),
    expectedJarPrefix: jarName.replace(/\.jar$/, ''),
    noMavenReason: `no 'mvn' on PATH: the local Zipkin server jar is fetched from Maven Central with Maven (or set ZIPKIN_URL)`,
    log,
  });
  return join(versionDir, jarName);
}
