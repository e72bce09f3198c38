export * from './cloud-event';
export * from './event-definition';
export * from './topics';
