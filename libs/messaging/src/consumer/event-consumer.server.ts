import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import {
  deadLetterTopic,
  fromKafkaHeaders,
  InvalidEventPayloadError,
  validateEventPayload,
  type CloudEventAttributes,
  type EventDefinition,
} from '@app/contracts';
import { InboxEntry, type InboxOutcome } from '../inbox/inbox-entry.entity';
import { backoffMs, DEFAULT_RETRY, type MessagingOptions, type RetryPolicy } from '../messaging-options';
import { verifyEventSignature, type EventKeyResolver } from '../signing/event-signature.verifier';
import { SIGNATURE_HEADER } from '../signing/signing-input';
import { inConsumerSpan } from '../telemetry/message-tracing';
import type { MessagingMetrics } from '../telemetry/messaging-metrics';
import { EventContext, type KafkaOrigin, type SignedEvidence } from './event-context';

/**
 * Thrown by a handler for an event that can never be applied (it refers to something that
 * does not exist, say): it is dead-lettered at once instead of being retried.
 */
export class UnrecoverableEventError extends Error {
  override name = UnrecoverableEventError.name;
}

/** `SIGNATURE_INVALID`: unsigned, badly signed, or signed by a key that is not the claimed source's. */
export type DeadLetterReason = 'invalid-envelope' | 'SIGNATURE_INVALID' | 'invalid-payload' | 'unhandled-event-type' | 'handler-failed';

/**
 * Kafka transport for `@EventPattern(<CloudEvents type>)` handlers that closes the gaps of
 * Nest's built-in Kafka server: every event is validated, applied at most once (inbox),
 * retried with backoff when its handler fails, and dead-lettered with the reason attached
 * when it cannot be applied, so one poison message never blocks its partition and no
 * message is ever dropped without a trace.
 */
export class EventConsumerServer extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol('once-only-kafka');
  private readonly log = new Logger(EventConsumerServer.name);
  private readonly definitions: Map<string, EventDefinition>;
  private readonly retry: RetryPolicy;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private crashed: Error | undefined;
  private group: string | undefined;
  private readonly keys: EventKeyResolver | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: MessagingOptions,
    private readonly metrics: MessagingMetrics,
  ) {
    super();
    this.definitions = new Map(options.events.map((definition) => [definition.type, definition]));
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.keys = options.keyResolver?.(dataSource);
    metrics.gaugeOnScrape('kafka_consumer_lag', 'Records on a subscribed partition not yet processed by this consumer group.', ['topic', 'partition'], async (gauge) => {
      gauge.reset();
      for (const { topic, partition, lag } of await this.lag()) gauge.set({ topic, partition: String(partition) }, lag);
    });
  }

  /** Per subscribed partition: the end offset minus this group's committed offset. */
  async lag(): Promise<{ topic: string; partition: number; lag: number }[]> {
    if (!this.group || this.options.subscriptions.length === 0) return [];
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.group, topics: [...this.options.subscriptions] });
      const lags = [];
      for (const { topic, partitions } of committed) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition);
          if (!end) continue;
          // -1: nothing committed yet, so everything still on the partition is to do.
          const next = Number(offset) < 0 ? Number(end.low) : Number(offset);
          lags.push({ topic, partition, lag: Math.max(0, Number(end.high) - next) });
        }
      }
      return lags;
    } finally {
      await admin.disconnect();
    }
  }

  /** `<deployment>.<database instance>`: see the messaging_instance table for why. */
  get consumerGroup(): string {
    if (!this.group) throw new Error('the consumer group is known once the consumer has started');
    return this.group;
  }

  /** Readiness: a consumer that crashed for good must not look healthy. */
  get failure(): Error | undefined {
    return this.crashed;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.assertHandlersAreKnown();
      if (this.options.subscriptions.length > 0) await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    // disconnect() lets the message in flight finish before leaving the group.
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  on(): never {
    throw new Error(`${EventConsumerServer.name} does not emit transport events`);
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private assertHandlersAreKnown(): void {
    const unknown = [...this.messageHandlers.keys()].filter((type) => !this.definitions.has(type));
    if (unknown.length > 0) throw new Error(`Handlers for event types not in the contracts: ${unknown.join(', ')}`);
  }

  private async start(): Promise<void> {
    if (!this.keys) throw new Error(`${this.options.service} subscribes to events but has no key resolver to check their signatures`);
    await this.assertSubscriptionsExist();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const [instance] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM messaging_instance LIMIT 1');
    if (!instance) throw new Error('messaging_instance is empty: run the migrations first');
    this.group = `${this.options.service}.${instance.id}`;
    const consumer = this.kafka.consumer({ groupId: this.group, allowAutoTopicCreation: false });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.crashed = payload.error;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.subscriptions], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.process(payload),
    });
  }

  /** A missing topic would otherwise surface as kafkajs' baffling "This server does not host this topic-partition". */
  private async assertSubscriptionsExist(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = this.options.subscriptions.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        throw new Error(`subscribed topics do not exist yet: ${missing.join(', ')} (run the platform's topic setup, and seed the vault so it creates its governing bodies' topics)`);
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Resolves only once the message is applied, ignored or dead-lettered; kafkajs commits
   * the offset after that. If it throws (PostgreSQL or Kafka unreachable), kafkajs
   * redelivers the same message later: nothing is skipped.
   */
  private process(delivery: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = delivery;
    const attributes = { 'messaging.destination.partition.id': String(partition), 'messaging.kafka.offset': Number(message.offset) };
    return inConsumerSpan(topic, message.headers ?? {}, attributes, () => this.processInSpan(delivery));
  }

  private async processInSpan(delivery: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = delivery;
    const origin: KafkaOrigin = { topic, partition, offset: message.offset, key: message.key?.toString() ?? null };
    const envelope = fromKafkaHeaders(message.headers ?? {});
    if ('missing' in envelope) {
      const id = `${topic}/${partition}/${message.offset}`;
      return this.deadLetter(id, null, origin, message, 'invalid-envelope', `missing CloudEvents headers: ${envelope.missing.join(', ')}`, 0);
    }
    const { event } = envelope;
    // The transaction below would skip a duplicate anyway; this check also keeps a redelivered
    // event that was dead-lettered or ignored from being dead-lettered (or logged) a second time.
    if (await this.alreadyProcessed(event.id)) {
      this.log.debug(`Skipping ${event.type} ${event.id}: already processed`);
      this.metrics.handled.inc({ type: event.type, outcome: 'duplicate' });
      return;
    }

    // Before anything reads the payload: an event its claimed producer did not sign is not an event.
    const verdict = await verifyEventSignature(this.keys!, event, message.value ?? Buffer.alloc(0), headerText(message.headers, SIGNATURE_HEADER));
    if (!verdict.valid) return this.deadLetter(event.id, event, origin, message, 'SIGNATURE_INVALID', verdict.reason, 0);
    const signed: SignedEvidence = { kid: verdict.kid, signature: verdict.signature, payloadText: message.value?.toString('utf8') ?? '' };

    const definition = this.definitions.get(event.type);
    const handler = this.getHandlerByPattern(event.type);
    if (!definition || !handler) {
      if (this.options.ignoredEventTypes?.includes(event.type)) {
        this.log.log(`Ignoring ${event.type} ${event.id} by configuration`);
        await this.record(this.dataSource.manager, event, 'ignored');
        this.metrics.handled.inc({ type: event.type, outcome: 'ignored' });
        return;
      }
      return this.deadLetter(event.id, event, origin, message, 'unhandled-event-type', `no handler for ${event.type}`, 0);
    }

    let payload: object;
    try {
      payload = validateEventPayload(definition, JSON.parse(message.value?.toString() ?? 'null'));
    } catch (error) {
      const reason = error instanceof InvalidEventPayloadError || error instanceof SyntaxError ? describe(error) : String(error);
      return this.deadLetter(event.id, event, origin, message, 'invalid-payload', reason, 0);
    }

    const timer = this.metrics.handlingSeconds.startTimer({ type: event.type });
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.apply(event, payload, origin, signed, handler);
        this.metrics.handled.inc({ type: event.type, outcome: applied ? 'applied' : 'duplicate' });
        timer();
        return;
      } catch (error) {
        if (attempt >= this.retry.maxAttempts || error instanceof UnrecoverableEventError) {
          return this.deadLetter(event.id, event, origin, message, 'handler-failed', describe(error), attempt);
        }
        this.metrics.retried.inc({ type: event.type });
        const wait = backoffMs(this.retry, attempt);
        this.log.warn(`${event.type} ${event.id} failed (attempt ${attempt}/${this.retry.maxAttempts}), retrying in ${wait} ms: ${describe(error)}`);
        await sleep(wait);
        await delivery.heartbeat();
      }
    }
  }

  private async apply(
    event: CloudEventAttributes,
    payload: object,
    origin: KafkaOrigin,
    signed: SignedEvidence,
    handler: MessageHandler,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // Claiming the inbox row first serialises two deliveries of one event: the second
      // waits on the row lock, then finds it taken and does nothing.
      const claimed = await this.record(manager, event, 'applied');
      if (!claimed) return false;
      const result: unknown = await handler(payload, new EventContext([event, manager, origin, signed]));
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      return true;
    });
  }

  private async deadLetter(
    eventId: string,
    event: CloudEventAttributes | null,
    origin: KafkaOrigin,
    message: EachMessagePayload['message'],
    reason: DeadLetterReason,
    error: string,
    attempts: number,
  ): Promise<void> {
    const topic = deadLetterTopic(this.options.owner);
    await this.producer!.send({
      topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...copyHeaders(message.headers),
            'dlt-reason': reason,
            'dlt-error': error.slice(0, 2_000),
            'dlt-attempts': String(attempts),
            'dlt-consumer-group': this.consumerGroup,
            'dlt-original-topic': origin.topic,
            'dlt-original-partition': String(origin.partition),
            'dlt-original-offset': origin.offset,
          },
        },
      ],
    });
    this.metrics.deadLettered.inc({ type: event?.type ?? 'unknown', reason });
    this.log.error(`Dead-lettered ${event?.type ?? 'message'} ${eventId} from ${origin.topic}/${origin.partition}@${origin.offset} to ${topic}: ${reason}: ${error}`);
    // A forgery's id is whatever the forger wrote: marking it processed would let a forged
    // copy, sent first, suppress the genuine event. A redelivered forgery is dead-lettered again.
    if (reason === 'SIGNATURE_INVALID') return;
    await this.record(this.dataSource.manager, event ?? { id: eventId, type: null }, 'dead-lettered');
  }

  private async alreadyProcessed(eventId: string): Promise<boolean> {
    return this.dataSource.manager.exists(InboxEntry, { where: { consumer: this.consumerGroup, eventId } });
  }

  private async record(
    manager: EntityManager,
    event: { id: string; type: string | null },
    outcome: InboxOutcome,
  ): Promise<boolean> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(InboxEntry)
      .values({ consumer: this.consumerGroup, eventId: event.id, eventType: event.type, outcome })
      .orIgnore()
      .returning(['event_id'])
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function copyHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([, value]) => value !== undefined));
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
