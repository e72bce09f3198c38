import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
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
import type { InboxOutcome } from '../inbox/inbox-entry.entity';
import {
  backoffMs,
  DEFAULT_CONSUMER_TUNING,
  DEFAULT_RETRY,
  type ConsumerTuning,
  type MessagingOptions,
  type RetryPolicy,
} from '../messaging-options';
import { unpublishableReason } from '../outbox/unpublishable';
import { verifyEventSignature, type EventKeyResolver } from '../signing/event-signature.verifier';
import { SIGNATURE_HEADER } from '../signing/signing-input';
import { inConsumerSpan } from '../telemetry/message-tracing';
import type { MessagingMetrics } from '../telemetry/messaging-metrics';
import { OMITTED_HEADER, REPLAYED_FROM_HEADER } from './dead-letter-headers';
import { deadLetterCandidates } from './dead-letter-record';
import { EventContext, type KafkaOrigin, type SignedEvidence } from './event-context';
import { classifyFailure } from './failure-classification';
import { StartOffsets, type PartitionEnd } from './start-offsets';

export { UnrecoverableEventError } from './unrecoverable-event.error';

/** `SIGNATURE_INVALID`: unsigned, badly signed, or signed by a key that is not the claimed source's. */
export type DeadLetterReason = 'invalid-envelope' | 'SIGNATURE_INVALID' | 'invalid-payload' | 'unhandled-event-type' | 'handler-failed';

/** What became of one message: done (applied, skipped or dead-lettered), or to be tried again later. */
type Outcome = { retryInMs?: undefined } | { retryInMs: number };
const DONE: Outcome = {};

interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly heartbeat: () => Promise<void>;
}

/** What readiness needs to know about the consumer. */
export interface ConsumerReadiness {
  /** Joined its group for the current generation (false while rebalancing or after a crash). */
  readonly joined: boolean;
  /** Its group's committed offsets reached the end offsets its topics had when it started. */
  readonly caughtUp: boolean;
  readonly failure?: string;
}

/**
 * Kafka transport for `@EventPattern(<CloudEvents type>)` handlers that closes the gaps of
 * Nest's built-in Kafka server: every event is validated, applied at most once (inbox),
 * retried when its handler fails, and dead-lettered with the reason attached when it cannot
 * be applied, so one poison message never blocks its partition and no message is ever
 * dropped without a trace.
 *
 * A transient failure (see classifyFailure) pauses only its own partition and resumes it
 * after a backoff: kafkajs fetches all partitions of one broker together and waits for every
 * batch, so retrying in place for minutes would stall every partition, not just this one.
 */
export class EventConsumerServer extends Server implements CustomTransportStrategy {
  override readonly transportId = Symbol('once-only-kafka');
  private readonly log = new Logger(EventConsumerServer.name);
  private readonly definitions: Map<string, EventDefinition>;
  private readonly retry: RetryPolicy;
  private readonly tuning: ConsumerTuning;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private crashed: Error | undefined;
  private group: string | undefined;
  private joined = false;
  private startOffsets: StartOffsets | undefined;
  /** First failure and failures so far of each message failing transiently, by topic/partition/offset. */
  private readonly transient = new Map<string, { since: number; failures: number }>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
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
    this.tuning = { ...DEFAULT_CONSUMER_TUNING, ...options.consumer };
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

  /**
   * Ready means caught up: a service started on an empty database must not take traffic
   * while it is still replaying what its topics held when it started (an intake would ask
   * for documents already on file). Once caught up it stays so; lag after that is normal.
   */
  async readiness(): Promise<ConsumerReadiness> {
    if (this.options.subscriptions.length === 0) return { joined: true, caughtUp: true };
    const failure = this.crashed ? { failure: this.crashed.message } : {};
    if (!this.group || !this.startOffsets) return { joined: false, caughtUp: false, ...failure };
    return { joined: this.joined, caughtUp: await this.caughtUpWithStartOffsets(), ...failure };
  }

  /** Whether this group's committed offsets have reached the topics' end offsets as of start-up. */
  async caughtUpWithStartOffsets(): Promise<boolean> {
    if (this.options.subscriptions.length === 0) return true;
    if (!this.group || !this.startOffsets) return false;
    if (this.startOffsets.caughtUp) return true;
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.group, topics: [...this.options.subscriptions] });
      return this.startOffsets.reachedBy(committed.flatMap(({ topic, partitions }) => partitions.map(({ partition, offset }) => ({ topic, partition, offset: Number(offset) }))));
    } finally {
      await admin.disconnect();
    }
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
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
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
    const ends = await this.subscriptionEnds();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const [instance] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM messaging_instance LIMIT 1');
    if (!instance) throw new Error('messaging_instance is empty: run the migrations first');
    this.group = `${this.options.service}.${instance.id}`;
    this.startOffsets = new StartOffsets(ends);
    // kafkajs has no static membership: a member killed without leaving holds its partitions
    // until its session expires, so the session is short and heartbeats frequent.
    const consumer = this.kafka.consumer({
      groupId: this.group,
      allowAutoTopicCreation: false,
      sessionTimeout: this.tuning.sessionTimeoutMs,
      heartbeatInterval: this.tuning.heartbeatIntervalMs,
      rebalanceTimeout: this.tuning.rebalanceTimeoutMs,
      maxWaitTimeInMs: this.tuning.maxWaitTimeMs,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    for (const left of [consumer.events.REBALANCING, consumer.events.DISCONNECT, consumer.events.STOP]) {
      consumer.on(left, () => {
        this.joined = false;
        this.transient.clear();
      });
    }
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.joined = false;
      if (!payload.restart) this.crashed = payload.error;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.subscriptions], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      // Offsets are resolved one message at a time, only once each is done: a message paused
      // for a later retry is fetched again when its partition resumes.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /**
   * Checks the subscriptions exist (a missing topic would otherwise surface as kafkajs'
   * baffling "This server does not host this topic-partition") and reads their end offsets,
   * which readiness waits for.
   */
  private async subscriptionEnds(): Promise<PartitionEnd[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = this.options.subscriptions.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        throw new Error(`subscribed topics do not exist yet: ${missing.join(', ')} (run the platform's topic setup, and seed the vault so it creates its governing bodies' topics)`);
      }
      const ends: PartitionEnd[] = [];
      for (const topic of this.options.subscriptions) {
        for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) ends.push({ topic, partition, low: Number(low), high: Number(high) });
      }
      return ends;
    } finally {
      await admin.disconnect();
    }
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    const heartbeat = () => payload.heartbeat();
    for (const message of payload.batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      const outcome = await this.processOrRetryLater({ topic, partition, message, heartbeat });
      if (outcome.retryInMs !== undefined) {
        // Not resolved: after the pause kafkajs fetches this partition again from this message.
        const resume = payload.pause();
        const timer = setTimeout(() => {
          this.resumeTimers.delete(timer);
          resume();
        }, outcome.retryInMs);
        this.resumeTimers.add(timer);
        return;
      }
      payload.resolveOffset(message.offset);
      await heartbeat();
    }
  }

  /** PostgreSQL or Kafka away outside the handler (the inbox check, the dead letter) is waited out the same way. */
  private async processOrRetryLater(delivery: Delivery): Promise<Outcome> {
    try {
      return await this.process(delivery);
    } catch (error) {
      if (classifyFailure(error) !== 'transient') throw error;
      const { failures } = this.noteTransientFailure(delivery);
      const wait = this.transientBackoff(failures);
      this.log.warn(`${delivery.topic}/${delivery.partition}@${delivery.message.offset} could not be processed, pausing the partition for ${wait} ms: ${describe(error)}`);
      return { retryInMs: wait };
    }
  }

  /**
   * Resolves only once the message is applied, ignored or dead-lettered, or returns when to
   * try it again; kafkajs commits the offset only after it is done. If it throws, kafkajs
   * redelivers the same message later: nothing is skipped.
   */
  private process(delivery: Delivery): Promise<Outcome> {
    const { topic, partition, message } = delivery;
    const attributes = { 'messaging.destination.partition.id': String(partition), 'messaging.kafka.offset': Number(message.offset) };
    return inConsumerSpan(topic, message.headers ?? {}, attributes, () => this.processInSpan(delivery));
  }

  private async processInSpan(delivery: Delivery): Promise<Outcome> {
    const { topic, partition, message } = delivery;
    const origin: KafkaOrigin = { topic, partition, offset: message.offset, key: message.key?.toString() ?? null };
    const envelope = fromKafkaHeaders(message.headers ?? {});
    if ('invalid' in envelope) {
      // Its own id cannot be trusted to name it (or even be stored): the record's position does.
      const id = `${topic}/${partition}/${message.offset}`;
      return this.deadLetter(id, null, origin, message, 'invalid-envelope', `invalid CloudEvents headers: ${envelope.invalid.join('; ')}`, 0);
    }
    const { event } = envelope;
    // The transaction below would skip a duplicate anyway; this check also keeps a redelivered
    // event that was dead-lettered or ignored from being dead-lettered (or logged) a second
    // time. A replay from the dead-letter topic is the one way to try a dead-lettered event again.
    const previous = await this.inboxOutcome(event.id);
    if (previous !== undefined && !(previous === 'dead-lettered' && isReplay(message))) {
      this.log.debug(`Skipping ${event.type} ${event.id}: already processed (${previous})`);
      this.metrics.handled.inc({ type: event.type, outcome: 'duplicate' });
      return DONE;
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
        return DONE;
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
        this.transient.delete(transientKey(delivery));
        this.metrics.handled.inc({ type: event.type, outcome: applied ? 'applied' : 'duplicate' });
        timer();
        return DONE;
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure === 'permanent') return this.deadLetter(event.id, event, origin, message, 'handler-failed', describe(error), attempt);
        if (failure === 'transient') return this.retryLater(delivery, event, origin, error);
        if (attempt >= this.retry.maxAttempts) return this.deadLetter(event.id, event, origin, message, 'handler-failed', describe(error), attempt);
        this.metrics.retried.inc({ type: event.type });
        const wait = backoffMs(this.retry, attempt);
        this.log.warn(`${event.type} ${event.id} failed (attempt ${attempt}/${this.retry.maxAttempts}), retrying in ${wait} ms: ${describe(error)}`);
        await sleep(wait);
        await delivery.heartbeat();
      }
    }
  }

  /** A transient failure is retried for the transient window, then dead-lettered: it did not end by itself. */
  private async retryLater(delivery: Delivery, event: CloudEventAttributes, origin: KafkaOrigin, error: unknown): Promise<Outcome> {
    const { since, failures } = this.noteTransientFailure(delivery);
    const failingForMs = Date.now() - since;
    if (failingForMs >= this.retry.transientWindowMs) {
      this.transient.delete(transientKey(delivery));
      const reason = `${describe(error)} (failing transiently for ${Math.round(failingForMs / 1_000)} s, ${failures} attempts)`;
      return this.deadLetter(event.id, event, origin, delivery.message, 'handler-failed', reason, failures);
    }
    this.metrics.retried.inc({ type: event.type });
    const wait = this.transientBackoff(failures);
    this.log.warn(`${event.type} ${event.id} failed transiently (attempt ${failures}, for ${Math.round(failingForMs / 1_000)} s), pausing ${origin.topic}/${origin.partition} for ${wait} ms: ${describe(error)}`);
    return { retryInMs: wait };
  }

  private noteTransientFailure(delivery: Delivery): { since: number; failures: number } {
    const key = transientKey(delivery);
    const state = this.transient.get(key) ?? { since: Date.now(), failures: 0 };
    state.failures += 1;
    this.transient.set(key, state);
    return state;
  }

  private transientBackoff(failures: number): number {
    return backoffMs({ initialBackoffMs: this.retry.initialBackoffMs, maxBackoffMs: this.retry.transientMaxBackoffMs }, failures);
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
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
  ): Promise<Outcome> {
    const topic = deadLetterTopic(this.options.owner);
    const candidates = deadLetterCandidates(message, {
      'dlt-reason': reason,
      'dlt-error': error.slice(0, 2_000),
      'dlt-attempts': String(attempts),
      'dlt-consumer-group': this.consumerGroup,
      'dlt-original-topic': origin.topic,
      'dlt-original-partition': String(origin.partition),
      'dlt-original-offset': origin.offset,
      'dlt-dead-lettered-at': new Date().toISOString(),
    });
    for (const [index, candidate] of candidates.entries()) {
      try {
        await this.producer!.send({ topic, acks: -1, messages: [candidate] });
        break;
      } catch (failure) {
        const tooLarge = ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'].includes(unpublishableReason(failure) ?? '');
        if (!tooLarge || index === candidates.length - 1) throw failure;
        this.log.warn(`The dead letter of ${origin.topic}/${origin.partition}@${origin.offset} is too large for ${topic}; sending it without ${candidates[index + 1].headers![OMITTED_HEADER] as string}`);
      }
    }
    this.metrics.deadLettered.inc({ type: event?.type ?? 'unknown', reason });
    this.log.error(`Dead-lettered ${event?.type ?? 'message'} ${eventId} from ${origin.topic}/${origin.partition}@${origin.offset} to ${topic}: ${reason}: ${error}`);
    // A forgery's id is whatever the forger wrote: marking it processed would let a forged
    // copy, sent first, suppress the genuine event. A redelivered forgery is dead-lettered again.
    if (reason === 'SIGNATURE_INVALID') return DONE;
    await this.record(this.dataSource.manager, event ?? { id: eventId, type: null }, 'dead-lettered');
    return DONE;
  }

  private async inboxOutcome(eventId: string): Promise<InboxOutcome | undefined> {
    const [row] = await this.dataSource.query<{ outcome: InboxOutcome }[]>('SELECT outcome FROM inbox_entry WHERE consumer = $1 AND event_id = $2', [this.consumerGroup, eventId]);
    return row?.outcome;
  }

  /**
   * Records the event in the inbox; true if this call did. A dead-lettered entry is the one
   * that may change: a replay that succeeds (or is ignored) upgrades it, exactly once, since
   * the upgrade takes the row's lock and a second one finds it no longer dead-lettered.
   */
  private async record(
    manager: EntityManager,
    event: { id: string; type: string | null },
    outcome: InboxOutcome,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO inbox_entry (consumer, event_id, event_type, outcome) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consumer, event_id) DO UPDATE SET outcome = EXCLUDED.outcome, processed_at = now()
         WHERE inbox_entry.outcome = 'dead-lettered' AND EXCLUDED.outcome <> 'dead-lettered'
       RETURNING event_id`,
      [this.consumerGroup, event.id, event.type, outcome],
    );
    return rows.length > 0;
  }
}

function isReplay(message: KafkaMessage): boolean {
  return message.headers?.[REPLAYED_FROM_HEADER] !== undefined;
}

function transientKey({ topic, partition, message }: Delivery): string {
  return `${topic}/${partition}/${message.offset}`;
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
