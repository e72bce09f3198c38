import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { PeriodicTask } from '@app/platform';
import { SmtpEmailSender } from '../channels/email/smtp-email.sender';
import { PermanentDeliveryError, TemporaryDeliveryError } from '../channels/delivery-errors';
import type { SendOutcome, SmsProvider } from '../channels/sms/sms-provider';
import { SMS_PROVIDER } from '../channels/sms/sms-provider.token';
import type { MessageStatus } from '../messages/message-status';
import { NotificationMessage } from '../messages/notification-message.entity';
import { NotificationSettings } from '../notification-settings';
import { TemplateRenderer } from '../templates/template-renderer';
import { retryDelayMs } from './delivery-backoff';
import { Delivery } from './delivery.entity';
import { planSends } from './rate-limit';
import { redactAddresses } from './redact-addresses';

const ASSIGN_BATCH = 500;
const SEND_BATCH = 20;
/** Rounds of SEND_BATCH one tick may send back to back while deliveries are due, before yielding. */
const MAX_SEND_ROUNDS = 25;

/**
 * Sends what the planner queued, in two steps that each commit before the next begins:
 * 1. assign: queued messages become deliveries, within each recipient's rate limit (a burst
 *    past it becomes one digest); the delivery's id, hence its Message-ID, is now on record;
 * 2. send: each due delivery is leased (attempt counted, due again after SEND_LEASE_MS), handed
 *    to its provider outside any transaction, and the outcome recorded. A crash after the
 *    provider accepted and before the record leaves the lease to run out, and the same
 *    delivery goes again under the same id, which the receiving side can recognise.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly task = new PeriodicTask('Dispatch', this.logger, () => this.dispatch());

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettings,
    private readonly renderer: TemplateRenderer,
    private readonly email: SmtpEmailSender,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider | null,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.settings.dispatchIntervalMs);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /**
   * One full cycle at `now`: returns how many deliveries were attempted. While full batches
   * are due it sends the next at once rather than after the interval, so a burst drains at
   * the relay's pace instead of SEND_BATCH per tick.
   */
  async dispatch(now = new Date()): Promise<number> {
    await this.assign(now);
    let attempted = 0;
    for (let round = 0; round < MAX_SEND_ROUNDS; round++) {
      const sent = await this.sendDue(now);
      attempted += sent;
      if (sent < SEND_BATCH) break;
    }
    return attempted;
  }

  async assign(now = new Date()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const queued = await manager
        .createQueryBuilder(NotificationMessage, 'm')
        .where("m.status = 'queued' AND m.deliveryId IS NULL AND m.channel <> 'in_app' AND m.notBefore <= :now", { now })
        .orderBy('m.createdAt', 'ASC')
        .addOrderBy('m.id', 'ASC')
        .limit(ASSIGN_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      const groups = new Map<string, NotificationMessage[]>();
      for (const message of queued) {
        const key = [message.channel, message.recipientKind, message.recipientRef, message.address, message.language].join('\u0000');
        const group = groups.get(key);
        if (group) group.push(message);
        else groups.set(key, [message]);
      }
      for (const group of groups.values()) await this.assignGroup(manager, group, now);
    });
  }

  async sendDue(now = new Date()): Promise<number> {
    const leased = await this.dataSource.transaction(async (manager) => {
      const due = await manager
        .createQueryBuilder(Delivery, 'd')
        .where("d.status IN ('queued', 'failed_temporarily') AND d.nextAttemptAt <= :now", { now })
        .orderBy('d.nextAttemptAt', 'ASC')
        .limit(SEND_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const delivery of due) {
        delivery.attempts += 1;
        delivery.nextAttemptAt = new Date(now.getTime() + this.settings.retry.leaseMs);
        await manager.update(Delivery, { id: delivery.id }, { attempts: delivery.attempts, nextAttemptAt: delivery.nextAttemptAt });
      }
      return due;
    });
    // Each attempt records its own outcome, so they can go together over the pooled connections.
    await Promise.all(leased.map((delivery) => this.attempt(delivery)));
    return leased.length;
  }

  private async assignGroup(manager: EntityManager, group: NotificationMessage[], now: Date): Promise<void> {
    const [first] = group;
    const since = new Date(now.getTime() - this.settings.rateLimit.windowMs);
    const recent = await manager
      .createQueryBuilder(Delivery, 'd')
      .select('count(*)::int', 'sent')
      .addSelect('min(d.createdAt)', 'oldest')
      .where('d.channel = :channel AND d.recipientKind = :kind AND d.recipientRef = :ref AND d.createdAt > :since', { channel: first.channel, kind: first.recipientKind, ref: first.recipientRef, since })
      .getRawOne<{ sent: number; oldest: Date | null }>();
    const { singles, digest } = planSends(group, this.settings.rateLimit.count - (recent?.sent ?? 0));
    for (const message of singles) await this.deliver(manager, [message], { subject: message.subject, bodyText: message.bodyText, bodyHtml: message.bodyHtml }, now);
    if (digest.length > 0) {
      const rendered = this.renderer.render('digest', first.language, { count: digest.length, items: digest.map((message) => ({ subject: message.subject })), settingsLink: this.settings.link('/settings/notifications') });
      await this.deliver(manager, digest, { subject: rendered.subject, bodyText: first.channel === 'sms' ? rendered.sms : rendered.text, bodyHtml: first.channel === 'email' ? rendered.html : null }, now);
    }
    if (singles.length === 0 && digest.length === 0 && recent?.oldest) {
      // Over the limit: wait until the oldest send in the window leaves it; then what piled up goes as one.
      const notBefore = new Date(new Date(recent.oldest).getTime() + this.settings.rateLimit.windowMs);
      await manager.update(NotificationMessage, { id: In(group.map((message) => message.id)) }, { notBefore });
    }
  }

  private async deliver(manager: EntityManager, messages: NotificationMessage[], content: Pick<Delivery, 'subject' | 'bodyText' | 'bodyHtml'>, now: Date): Promise<void> {
    const [first] = messages;
    const delivery = Object.assign(new Delivery(), {
      id: randomUUID(),
      channel: first.channel as Delivery['channel'],
      recipientKind: first.recipientKind,
      recipientRef: first.recipientRef,
      address: first.address!,
      language: first.language,
      ...content,
      messageCount: messages.length,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      providerMessageId: null,
      createdAt: now,
      sentAt: null,
    } satisfies Delivery);
    await manager.insert(Delivery, delivery);
    await manager.update(NotificationMessage, { id: In(messages.map((message) => message.id)) }, { deliveryId: delivery.id });
  }

  private async attempt(delivery: Delivery): Promise<void> {
    let outcome: SendOutcome | undefined;
    let failure: TemporaryDeliveryError | PermanentDeliveryError | undefined;
    try {
      outcome = await this.sendThrough(delivery);
    } catch (error) {
      failure = error instanceof PermanentDeliveryError || error instanceof TemporaryDeliveryError ? error : new TemporaryDeliveryError('UNEXPECTED', error instanceof Error ? error.message : String(error));
    }
    const now = new Date();
    let status: MessageStatus;
    let nextAttemptAt = delivery.nextAttemptAt;
    if (outcome) status = outcome.status;
    else if (failure instanceof PermanentDeliveryError || delivery.attempts >= this.settings.retry.maxAttempts) status = 'failed_permanently';
    else {
      status = 'failed_temporarily';
      nextAttemptAt = new Date(now.getTime() + retryDelayMs(delivery.attempts, this.settings.retry.baseMs));
    }
    const lastError = failure ? redactAddresses(`${failure.code}: ${failure.message}`) : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Delivery, { id: delivery.id }, { status, nextAttemptAt, lastError, providerMessageId: outcome?.providerMessageId ?? null, sentAt: outcome ? now : null });
      await manager.update(NotificationMessage, { deliveryId: delivery.id }, { status, lastError, statusChangedAt: now });
    });
    const line = `Delivery ${delivery.id} (${delivery.channel}, ${delivery.messageCount} message(s), attempt ${delivery.attempts}): ${status}${lastError ? ` — ${lastError}` : ''}`;
    if (failure) this.logger.warn(line);
    else this.logger.log(line);
  }

  private sendThrough(delivery: Delivery): Promise<SendOutcome> {
    if (delivery.channel === 'email') return this.email.send(delivery);
    if (!this.sms) return Promise.reject(new PermanentDeliveryError('SMS_OFF', 'no SMS provider is configured'));
    return this.sms.send({ id: delivery.id, to: delivery.address, text: delivery.bodyText });
  }

}
