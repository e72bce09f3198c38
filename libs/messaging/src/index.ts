export * from './consumer/event-consumer.server';
export * from './consumer/event-context';
export * from './consumer/event-handlers.decorator';
export * from './consumer/on-event.decorator';
export * from './inbox/inbox-entry.entity';
export * from './kafka/kafka-probe';
export * from './kafka/kafka-settings';
export * from './kafka/topic-setup';
export * from './messaging-options';
export * from './messaging.module';
export * from './migrations/1764400000000-create-messaging-tables';
export * from './migrations/1764450000000-add-outbox-payload-text';
export * from './outbox/outbox-message.entity';
export * from './outbox/outbox-relay';
export * from './outbox/outbox-writer';
export * from './signing/event-signature.verifier';
export * from './signing/remote-jwks.resolver';
export * from './signing/signing-identity';
export * from './signing/signing-input';
export * from './signing/signing-key.generator';
export * from './signing/static-key.resolver';
export * from './telemetry/message-tracing';
export * from './telemetry/messaging-metrics';

import { InboxEntry } from './inbox/inbox-entry.entity';
import { OutboxMessage } from './outbox/outbox-message.entity';
/** Entities every service registers alongside its own. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxEntry];
