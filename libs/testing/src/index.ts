export * from './eventually';
export * from './fresh-database';
export * from './provided-infrastructure';
export * from './topic-recorder';
export * from './service-process';
export * from './deployment-environments';
export * from './sample-files';
export * from './deployment-config.suite';
