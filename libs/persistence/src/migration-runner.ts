import { DataSource } from 'typeorm';
import { postgresOptions, type DatabaseSettings } from './database-options';

/**
 * Runs pending migrations as an explicit step (the launcher, a Kubernetes Job, a test's
 * global setup), each in its own transaction so a failed one leaves the schema as it was.
 */
export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  const dataSource = new DataSource(postgresOptions(settings));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
