// Decorators in the event classes read design-time metadata as they load.
import 'reflect-metadata';

export * from './agency-codes';
export * from './cloud-event';
export * from './event-definition';
export * from './event-signer';
export * from './events/document-availability.event';
export * from './events/document-provided.event';
export * from './events/document-reused.event';
export * from './events/document-verified.event';
export * from './events/dossier-apology-issued.event';
export * from './events/dossier-rated.event';
export * from './events/dossier-status-changed.event';
export * from './events/payment.events';
export * from './events/result-issued.event';
export * from './events/governing-body-changed.event';
export * from './platform-topics';
export * from './topics';
export * from './http/vault-api';
export * from './validity';
export * from './timestamp';
