import type { DataSourceOptions, MigrationInterface } from 'typeorm';

export type EntityClass = new () => object;
export type MigrationClass = new () => MigrationInterface;

export interface DatabaseSettings {
  readonly url: string;
  /** Shown in pg_stat_activity, so an operator can tell which service holds a connection. */
  readonly applicationName: string;
  readonly entities: readonly EntityClass[];
  readonly migrations: readonly MigrationClass[];
  readonly poolSize?: number;
}

/** Schema changes only ever come from reviewed migrations: never synchronize, never migrate implicitly on boot. */
export function postgresOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName,
    entities: [...settings.entities],
    migrations: [...settings.migrations],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: settings.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  };
}
