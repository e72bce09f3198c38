import { Inject, Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import type { EntityManager } from 'typeorm';
import {
  newCloudEvent,
  toKafkaHeaders,
  validateEventPayload,
  type CloudEventAttributes,
  type EventDefinition,
} from '@app/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging-options';
import { activeTraceparent } from '../telemetry/message-tracing';
import { OutboxMessage } from './outbox-message.entity';

/**
 * The only way a service publishes: the event is written with the caller's transaction,
 * so it exists if and only if the state change it describes was committed.
 */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async append<T extends object>(
    manager: EntityManager,
    definition: EventDefinition<T>,
    payload: T,
    context: { traceparent?: string } = { traceparent: activeTraceparent() },
  ): Promise<CloudEventAttributes> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`OutboxWriter.append(${definition.type}) needs a transactional EntityManager`);
    }
    const valid = validateEventPayload(definition, instanceToPlain(payload));
    const event = newCloudEvent({
      source: `/${this.options.service}`,
      type: definition.type,
      ...(definition.subject ? { subject: definition.subject(valid) } : {}),
      ...(context.traceparent ? { traceparent: context.traceparent } : {}),
    });
    await manager.insert(OutboxMessage, {
      eventId: event.id,
      topic: definition.topic(valid),
      messageKey: definition.key(valid),
      headers: toKafkaHeaders(event),
      payload: instanceToPlain(valid),
    });
    return event;
  }
}
