import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    postgresAdminUrl: string;
    /** Names this run's test databases, so its teardown drops exactly those. */
    testRunId: string;
  }
}

/** The real broker and server the global setup started (or found); never a stand-in. */
export function providedInfrastructure(): { kafkaBrokers: string[]; postgresAdminUrl: string } {
  return { kafkaBrokers: inject('kafkaBrokers'), postgresAdminUrl: inject('postgresAdminUrl') };
}
