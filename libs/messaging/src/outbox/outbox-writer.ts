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
import { MESSAGING_OPTIONS, SIGNING_IDENTITY, type MessagingOptions } from '../messaging-options';
import { SIGNATURE_HEADER } from '../signing/signing-input';
import type { SigningIdentity } from '../signing/signing-identity';
import { activeTraceparent } from '../telemetry/message-tracing';
import { OutboxMessage } from './outbox-message.entity';

/** First half of the advisory lock each message key takes (see append). */
const KEY_LOCK_SPACE = 4_242_002;

/**
 * The only way a service publishes: the event is written with the caller's transaction,
 * so it exists if and only if the state change it describes was committed.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(SIGNING_IDENTITY) private readonly signer: SigningIdentity,
  ) {}

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
    const messageKey = definition.key(valid);
    // Two transactions writing events of one key (one citizen, one document) take turns
    // from here to their commit, so the later one's row gets the later id: the relay, which
    // publishes in id order, then publishes each key's events in commit order. The two-int
    // form keeps these keys apart from the relay's single-bigint locks.
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KEY_LOCK_SPACE, messageKey]);
    const plain = instanceToPlain(valid);
    // Signed here, at write time, so neither the relay nor the broker can alter what was signed.
    const payloadText = JSON.stringify(plain);
    const signature = await this.signer.sign(event, Buffer.from(payloadText, 'utf8'));
    await manager.insert(OutboxMessage, {
      eventId: event.id,
      topic: definition.topic(valid),
      messageKey,
      headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: signature },
      payload: plain,
      payloadText,
    });
    return event;
  }
}
