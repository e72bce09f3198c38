/** Where a piece of infrastructure came from, so callers can log it and tests can assert it. */
export type InfraSource = 'env' | 'testcontainers' | 'local';

export interface KafkaHandle {
  brokers: string[];
  source: InfraSource;
  /** Idempotent. A no-op for brokers the library did not start (source 'env'). */
  stop(): Promise<void>;
}

/** A broker this library started itself, which the fault matrix may also crash. */
export interface LocalKafkaHandle extends KafkaHandle {
  /** SIGKILL: no clean shutdown, as in a crash; start it again with the same options. */
  crash(): Promise<void>;
}

export interface PostgresHandle {
  /** Superuser URL (usually to the `postgres` database); pass it to ensureDatabase. */
  adminUrl: string;
  source: InfraSource | 'existing-server';
  /** Idempotent. A no-op for servers the library did not start. */
  stop(): Promise<void>;
}

export interface ZipkinHandle {
  /** `http://127.0.0.1:<port>` for the local server (its UI is at `<url>/zipkin/`), else ZIPKIN_URL. */
  url: string;
  /** `<url>/api/v2/spans`, where spans are POSTed: what OTEL_EXPORTER_ZIPKIN_ENDPOINT wants. */
  spansEndpoint: string;
  source: 'local' | 'env';
  /** Idempotent. A no-op for a server the library did not start (source 'env'). */
  stop(): Promise<void>;
}

export interface ZipkinOptions {
  /** Git-ignored folder for state, e.g. `<repo>/.state`; the server's log goes to `<stateDir>/zipkin`. */
  stateDir: string;
  /** Loopback port of the local server; 0 or absent: a free one. */
  port?: number;
  log: LogFn;
}

export interface InfraOptions {
  /** Git-ignored folder for broker and cluster state, e.g. `<repo>/.state` or `<repo>/.state/test`. */
  stateDir: string;
  /** Client port of the local broker (default 9092); its controller listens on kafkaPort + 1. */
  kafkaPort?: number;
  /** Port of the private PostgreSQL cluster (default 55432). */
  postgresPort?: number;
  /** Default true: use Testcontainers when a Docker engine answers. */
  useTestcontainers?: boolean;
  /**
   * Where the Kafka jars are cached, shared by every stateDir of a clone. Default: `kafka-dist`
   * in the nearest `.state` folder at or above stateDir, else beside stateDir.
   */
  kafkaDistDir?: string;
  /** Progress lines; the library never writes to the console itself. */
  log?: (line: string) => void;
}

/** A private cluster this library runs, which the fault matrix may also crash. */
export interface PrivatePostgresHandle extends PostgresHandle {
  /** `pg_ctl stop -m immediate`: no checkpoint, crash recovery on the next start. */
  crash(): Promise<void>;
}

export type LogFn = (line: string) => void;

export const DEFAULT_KAFKA_PORT = 9092;
export const DEFAULT_POSTGRES_PORT = 55432;
