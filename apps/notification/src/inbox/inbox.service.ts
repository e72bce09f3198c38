import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiError, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page } from '@app/platform';
import { NotificationMessage } from '../messages/notification-message.entity';
import { NotificationErrorCode } from '../notification-error-code';

export interface InboxMessageView {
  readonly id: string;
  readonly templateKey: string;
  readonly dossierId: string | null;
  readonly subject: string;
  readonly text: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/** A citizen's in-app messages: theirs only, newest first; someone else's message is 404, not 403. */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  async page(citizenRef: string, limit: number, cursor: string | undefined, unreadOnly: boolean): Promise<Page<InboxMessageView>> {
    const query = this.dataSource.manager
      .createQueryBuilder(NotificationMessage, 'm')
      .where("m.channel = 'in_app' AND m.recipientKind = 'citizen' AND m.recipientRef = :citizenRef", { citizenRef })
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit + 1);
    if (unreadOnly) query.andWhere('m.readAt IS NULL');
    if (cursor !== undefined) {
      const [at, id] = decodeCursor(cursor, [isTimestampKey, isUuidKey]);
      query.andWhere('(m.createdAt, m.id) < (:at, :id)', { at, id });
    }
    return toPage(await query.getMany(), limit, (message) => [message.createdAt.toISOString(), message.id], inboxView);
  }

  async unreadCount(citizenRef: string): Promise<number> {
    return this.dataSource.manager.countBy(NotificationMessage, { channel: 'in_app', recipientKind: 'citizen', recipientRef: citizenRef, readAt: IsNull() });
  }

  /** Marks one message read; reading it again changes nothing. */
  async markRead(citizenRef: string, id: string): Promise<InboxMessageView> {
    const where = { id, channel: 'in_app' as const, recipientKind: 'citizen' as const, recipientRef: citizenRef };
    await this.dataSource.manager.update(NotificationMessage, { ...where, readAt: IsNull() }, { readAt: new Date() });
    const message = await this.dataSource.manager.findOneBy(NotificationMessage, where);
    if (!message) throw new ApiError(HttpStatus.NOT_FOUND, NotificationErrorCode.MessageNotFound, 'There is no such message in your inbox.');
    return inboxView(message);
  }

  async markAllRead(citizenRef: string): Promise<number> {
    const result = await this.dataSource.manager.update(NotificationMessage, { channel: 'in_app', recipientKind: 'citizen', recipientRef: citizenRef, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }
}

function inboxView(message: NotificationMessage): InboxMessageView {
  return {
    id: message.id,
    templateKey: message.templateKey,
    dossierId: message.dossierId,
    subject: message.subject,
    text: message.bodyText,
    createdAt: message.createdAt.toISOString(),
    readAt: message.readAt?.toISOString() ?? null,
  };
}
