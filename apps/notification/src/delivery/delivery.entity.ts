import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, MessageStatus, RecipientKind } from '../messages/message-status';

/**
 * One hand-over to a provider: an email to the relay, an SMS to the provider. Its id is
 * recorded before the first attempt and is the email's Message-ID and the SMS's request id
 * on every attempt, so a send repeated after a crash can be recognised by the receiving side.
 */
@Entity('notification_delivery')
export class Delivery {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  channel!: Exclude<Channel, 'in_app'>;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind!: RecipientKind;

  @Column({ name: 'recipient_ref', type: 'text' })
  recipientRef!: string;

  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'text' })
  language!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ name: 'body_html', type: 'text', nullable: true })
  bodyHtml!: string | null;

  /** How many messages it carries: more than one is a digest. */
  @Column({ name: 'message_count', type: 'int' })
  messageCount!: number;

  @Column({ type: 'text' })
  status!: MessageStatus;

  @Column({ type: 'int' })
  attempts!: number;

  /** Due for (another) attempt from then; while a send is under way, the end of its lease. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
