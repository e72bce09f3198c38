import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page } from '@app/platform';
import { AgencyContact } from '../agencies/agency-contact.entity';
import { NotificationMessage } from '../messages/notification-message.entity';
import { NotificationErrorCode } from '../notification-error-code';
import type { MessagesQueryDto } from './dto/messages-query.dto';

export interface OperatorMessageView {
  readonly id: string;
  readonly templateKey: string;
  readonly templateVersion: number | null;
  readonly channel: string;
  readonly recipientKind: string;
  /** The vault's opaque citizen reference or an agency code: enough to trace, nothing to contact. */
  readonly recipientRef: string;
  readonly status: string;
  readonly lastError: string | null;
  readonly deliveryId: string | null;
  readonly createdAt: string;
  readonly statusChangedAt: string;
}

@Injectable()
export class OperatorMessagesService {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: MessagesQueryDto): Promise<Page<OperatorMessageView>> {
    const builder = this.dataSource.manager.createQueryBuilder(NotificationMessage, 'm').orderBy('m.createdAt', 'DESC').addOrderBy('m.id', 'DESC').limit(query.limit + 1);
    if (query.status) builder.andWhere('m.status = :status', { status: query.status });
    if (query.channel) builder.andWhere('m.channel = :channel', { channel: query.channel });
    if (query.cursor !== undefined) {
      const [at, id] = decodeCursor(query.cursor, [isTimestampKey, isUuidKey]);
      builder.andWhere('(m.createdAt, m.id) < (:at, :id)', { at, id });
    }
    return toPage(await builder.getMany(), query.limit, (message) => [message.createdAt.toISOString(), message.id], operatorView);
  }

  /**
   * Queues a permanently failed message afresh: a new delivery, hence a new Message-ID, since
   * an operator resending is a decision to send again. An agency's message takes the address
   * configured now, which is usually what the operator just fixed.
   */
  async retry(id: string): Promise<OperatorMessageView> {
    return this.dataSource.transaction(async (manager) => {
      const message = await manager.findOne(NotificationMessage, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!message) throw new ApiError(HttpStatus.NOT_FOUND, NotificationErrorCode.MessageNotFound, 'There is no such message.');
      if (message.status !== 'failed_permanently') throw new ApiError(HttpStatus.CONFLICT, NotificationErrorCode.MessageNotFailed, `The message is ${message.status}; only a permanently failed one is retried by hand.`);
      let address = message.address;
      if (message.recipientKind === 'agency') {
        address = (await manager.findOneBy(AgencyContact, { agencyCode: message.recipientRef }))?.email ?? null;
        if (!address) throw new ApiError(HttpStatus.CONFLICT, NotificationErrorCode.AgencyAddressMissing, `Agency ${message.recipientRef} still has no notification address; set one first.`);
      }
      const now = new Date();
      Object.assign(message, { address, status: 'queued', lastError: null, deliveryId: null, notBefore: now, statusChangedAt: now });
      await manager.save(message);
      return operatorView(message);
    });
  }
}

function operatorView(message: NotificationMessage): OperatorMessageView {
  return {
    id: message.id,
    templateKey: message.templateKey,
    templateVersion: message.templateVersion,
    channel: message.channel,
    recipientKind: message.recipientKind,
    recipientRef: message.recipientRef,
    status: message.status,
    lastError: message.lastError,
    deliveryId: message.deliveryId,
    createdAt: message.createdAt.toISOString(),
    statusChangedAt: message.statusChangedAt.toISOString(),
  };
}
