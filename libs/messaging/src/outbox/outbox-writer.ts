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
    const [event] = await this.appendAll(manager, definition, [payload], context);
    return event;
  }

  /**
   * Several events of one kind in the caller's transaction, in the order given, in two round
   * trips whatever their number: one for the keys' locks, one for the rows.
   */
  async appendAll<T extends object>(
    manager: EntityManager,
    definition: EventDefinition<T>,
    payloads: readonly T[],
    context: { traceparent?: string } = { traceparent: activeTraceparent() },
  ): Promise<CloudEventAttributes[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`OutboxWriter.append(${definition.type}) needs a transactional EntityManager`);
    }
    if (payloads.length === 0) return [];
    const messages = await Promise.all(payloads.map((payload) => this.signed(definition, payload, context.traceparent)));
    // Two transactions writing events of one key (one citizen, one document) take turns
    // from here to their commit, so the later one's row gets the later id: the relay, which
    // publishes in id order, then publishes each key's events in commit order. The two-int
    // form keeps these keys apart from the relay's single-bigint locks. Several keys are
    // locked in one order, whoever asks, so two such transactions cannot deadlock.
    const keys = [...new Set(messages.map(({ row }) => row.messageKey))];
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext(key)) FROM (SELECT key FROM unnest($2::text[]) AS key ORDER BY key) AS keys', [KEY_LOCK_SPACE, keys]);
    // One INSERT: its rows take their ids in the order given.
    await manager.insert(OutboxMessage, messages.map(({ row }) => row));
    return messages.map(({ event }) => event);
  }

  private async signed<T extends object>(definition: EventDefinition<T>, payload: T, traceparent: string | undefined) {
    const valid = validateEventPayload(definition, instanceToPlain(payload));
    const event = newCloudEvent({
      source: `/${this.options.service}`,
      type: definition.type,
      ...(definition.subject ? { subject: definition.subject(valid) } : {}),
      ...(traceparent ? { traceparent } : {}),
    });
    const plain = instanceToPlain(valid);
    // Signed here, at write time, so neither the relay nor the broker can alter what was signed.
    const payloadText = JSON.stringify(plain);
    const signature = await this.signer.sign(event, Buffer.from(payloadText, 'utf8'));
    const row = {
      eventId: event.id,
      topic: definition.topic(valid),
      messageKey: definition.key(valid),
      headers: { ...toKafkaHeaders(event), [SIGNATURE_HEADER]: signature },
      payload: plain,
      payloadText,
    };
    return { event, row };
  }
}
