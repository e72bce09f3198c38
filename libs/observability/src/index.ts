export * from './metrics-registry';
export * from './tracing';
export * from './observability.module';
