import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { localDatabaseName, STATE_ID_FILE } from './local-state';

/** The summary's last line: every address has been printed. */
const STARTED = /A fresh local state next time/;
const START_TIMEOUT_MS = 300_000;

/**
 * `npm run platform` itself (the compiled launcher), in a state folder of its own: its own
 * Kafka broker, its databases on the test PostgreSQL server, every service, the identity
 * provider and the portal, on the ports the README gives. What the browser tests drive is what
 * a developer or a ministry's evaluator starts, and what the benchmarks load.
 */
export class LaunchedPlatform {
  readonly portalUrl = 'http://localhost:8080';
  readonly issuerUrl = 'http://127.0.0.1:3000';

  private constructor(
    private readonly child: ChildProcess,
    private readonly stateDir: string,
    private readonly postgresAdminUrl: string,
    private output: string,
  ) {}

  static async start(postgresAdminUrl: string, stateDir = resolve('.state/portal-e2e')): Promise<LaunchedPlatform> {
    rmSync(stateDir, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, PLATFORM_STATE_DIR: stateDir, DATABASE_URL: postgresAdminUrl };
    // Its own broker: the integration run's broker holds other tests' events.
    delete env.KAFKA_BROKERS;
    const child = spawn(process.execPath, ['dist/scripts/platform.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const platform = new LaunchedPlatform(child, stateDir, postgresAdminUrl, '');
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the platform did not start within ${START_TIMEOUT_MS / 1000} s:\n${platform.output.slice(-3_000)}`)), START_TIMEOUT_MS);
      const read = (chunk: Buffer) => {
        platform.output += chunk.toString();
        if (STARTED.test(platform.output)) {
          clearTimeout(timer);
          done();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the platform exited with ${code} before it was running:\n${platform.output.slice(-3_000)}`));
      });
    });
    return platform;
  }

  /** What the launcher printed, for a test that checks its summary. */
  get printed(): string {
    return this.output;
  }

  /** The broker the launcher started (or was given), as its summary names it. */
  get kafkaBrokers(): string[] {
    const named = /^\s*Kafka (\S+)\s/m.exec(this.output);
    if (!named) throw new Error(`the launcher's summary names no Kafka broker:\n${this.output.slice(-1_000)}`);
    return named[1].split(',');
  }

  /** The URL of one of this state's databases (`intake_000_00_12_h26`), on the server the launcher was given. */
  databaseUrl(base: string): string {
    const url = new URL(this.postgresAdminUrl);
    url.pathname = `/${localDatabaseName(base, this.stateId())}`;
    return url.toString();
  }

  private stateId(): string {
    return readFileSync(resolve(this.stateDir, STATE_ID_FILE), 'utf8').trim();
  }

  /** A file of the service logs, for a failure message. */
  log(name: string): string {
    const file = resolve(this.stateDir, 'logs', `${name}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Ctrl-C, then the databases of this state, then its folder. */
  async stop(): Promise<void> {
    const id = existsSync(resolve(this.stateDir, STATE_ID_FILE)) ? this.stateId() : undefined;
    if (this.child.exitCode === null) {
      const exited = new Promise((done) => this.child.once('exit', done));
      this.child.kill('SIGTERM');
      await exited;
    }
    if (id && /^[0-9a-f]+$/.test(id)) await dropDatabasesOf(this.postgresAdminUrl, id);
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

async function dropDatabasesOf(adminUrl: string, stateId: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`%\\_${stateId}`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
