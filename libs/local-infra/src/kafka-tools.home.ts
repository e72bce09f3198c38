import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { shellQuote } from './process.util';

/**
 * The scripts of Apache Kafka's `bin/` that the platform's operator scripts call
 * (deploy/kafka/acls.sh), each the class the stock script runs in Kafka 4.x.
 */
export const KAFKA_TOOL_CLASSES: Readonly<Record<string, string>> = {
  'kafka-acls.sh': 'org.apache.kafka.tools.AclCommand',
  'kafka-configs.sh': 'org.apache.kafka.tools.ConfigCommand',
};

// A tool runs for a second and exits: the quick JIT tier and a small serial heap start fastest.
const TOOL_JVM_OPTIONS = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * The text of one `bin/` script: `exec java … <class> "$@"` on the jars of toolsDir. The
 * first run records the classes it loaded in classArchive (AppCDS), and later runs map them
 * instead of loading them again, which takes a third off each of acls.sh's 35 JVM starts.
 * A JVM that cannot use the archive warns and starts without it.
 */
export function kafkaToolScript(toolsDir: string, mainClass: string, classArchive: string): string {
  const archive = shellQuote(classArchive);
  return [
    '#!/bin/sh',
    '# Written by @app/local-infra: the stock script of the same name, run from the Maven jars with the machine JDK.',
    `if [ -f ${archive} ]; then share=-XX:SharedArchiveFile=${archive}; else share=-XX:ArchiveClassesAtExit=${archive}; fi`,
    `exec java ${TOOL_JVM_OPTIONS.join(' ')} "$share" -cp ${shellQuote(join(toolsDir, '*'))} ${mainClass} "$@"`,
    '',
  ].join('\n');
}

/**
 * Makes `<home>/bin` hold the Kafka tools of KAFKA_TOOL_CLASSES, so that a script looking for
 * them in `$KAFKA_HOME/bin` (deploy/kafka/acls.sh) runs unchanged without a Kafka tarball.
 * toolsDir is what ensureKafkaToolsDistribution returns. Returns the home to set as KAFKA_HOME.
 */
export async function createKafkaToolsHome(home: string, toolsDir: string): Promise<string> {
  await mkdir(join(home, 'bin'), { recursive: true });
  for (const [script, mainClass] of Object.entries(KAFKA_TOOL_CLASSES)) {
    await writeFile(join(home, 'bin', script), kafkaToolScript(toolsDir, mainClass, join(home, 'kafka-tools.jsa')), { mode: 0o755 });
  }
  return home;
}
