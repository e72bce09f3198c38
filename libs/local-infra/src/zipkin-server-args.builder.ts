/** The only address the local server listens on: a dev trace viewer is nobody else's business. */
export const ZIPKIN_HOST = '127.0.0.1';

/**
 * The JVM's default heap is a quarter of the machine's memory; an in-memory dev collector
 * needs far less. It shares two cores with Kafka and PostgreSQL, so start-up time and
 * footprint matter more than peak throughput: the serial collector and C1 alone start it
 * about a second sooner with a quarter less resident memory.
 */
export const ZIPKIN_JVM_OPTIONS: readonly string[] = [
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

/**
 * In-memory storage drops the oldest traces beyond this many spans. Zipkin's default
 * (500,000) would not fit in the capped heap and end the server with an OutOfMemoryError.
 */
export const ZIPKIN_MEM_MAX_SPANS = 50_000;

export interface ZipkinServerSettings {
  jar: string;
  port: number;
  /** `<stateDir>/zipkin`, written into the command line so a later run can tell its own server by pid. */
  dir: string;
}

/**
 * `java` arguments for the exec jar. Everything is set as Spring Boot command-line
 * arguments, which outrank environment variables: Zipkin reads many generic names
 * (STORAGE_TYPE, KAFKA_BOOTSTRAP_SERVERS, RABBIT_ADDRESSES, QUERY_PORT …) that the
 * platform's own environment may well carry, and any of them would quietly turn this
 * viewer into a consumer of the platform's broker or a client of some database.
 */
export function buildZipkinJavaArgs(settings: ZipkinServerSettings): string[] {
  return [
    ...ZIPKIN_JVM_OPTIONS,
    `-Dlocal-infra.zipkin.dir=${settings.dir}`,
    '-jar',
    settings.jar,
    // Spring Boot replaces a list as a whole, so the port entry is given complete: setting
    // only ports[0].ip would drop the port and protocol that zipkin-server-shared.yml sets.
    `--armeria.ports[0].ip=${ZIPKIN_HOST}`,
    `--armeria.ports[0].port=${settings.port}`,
    '--armeria.ports[0].protocols[0]=http',
    '--zipkin.storage.type=mem',
    `--zipkin.storage.mem.max-spans=${ZIPKIN_MEM_MAX_SPANS}`,
    '--zipkin.collector.http.enabled=true',
    ...['activemq', 'kafka', 'pulsar', 'rabbitmq', 'scribe'].map((transport) => `--zipkin.collector.${transport}.enabled=false`),
    '--zipkin.discovery.eureka.enabled=false',
    '--zipkin.self-tracing.enabled=false',
  ];
}

/** The port a server started with buildZipkinJavaArgs listens on, read back from its command line. */
export function zipkinPortFromCommandLine(commandLine: string): number | undefined {
  const match = /--armeria\.ports\[0\]\.port=(\d+)/.exec(commandLine);
  return match ? Number(match[1]) : undefined;
}
