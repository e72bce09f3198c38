export * from './database-options';
export * from './migration-runner';
export * from './persistence.module';
export * from './vnd-column';
