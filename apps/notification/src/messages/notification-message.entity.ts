import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from '../templates/template-definition';
import type { Channel, MessageStatus, RecipientKind } from './message-status';

/**
 * One notification: what one trigger (an event, or a sweep's finding) tells one recipient on
 * one channel. `(triggerKey, channel, recipientKind, recipientRef)` is unique, so a redelivered
 * event adds nothing. Rendered when created: a template that cannot be filled fails here, visibly.
 */
@Entity('notification_message')
export class NotificationMessage {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** `event:<CloudEvent id>`, or `due-soon:<dossier id>` for the officers' sweep. */
  @Column({ name: 'trigger_key', type: 'text' })
  triggerKey!: string;

  @Column({ name: 'template_key', type: 'text' })
  templateKey!: string;

  @Column({ name: 'template_version', type: 'int', nullable: true })
  templateVersion!: number | null;

  @Column({ type: 'text' })
  language!: Language;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind!: RecipientKind;

  @Column({ name: 'recipient_ref', type: 'text' })
  recipientRef!: string;

  @Column({ type: 'text' })
  channel!: Channel;

  /** The email address or phone number at the time of the event; null in-app. */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'dossier_id', type: 'uuid', nullable: true })
  dossierId!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  /** The text part (email, in-app) or the whole SMS. */
  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ name: 'body_html', type: 'text', nullable: true })
  bodyHtml!: string | null;

  @Column({ type: 'text' })
  status!: MessageStatus;

  /** Why it failed, in words an operator can act on; never an address or a token. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The send that carries it: its own, or a digest's when a burst was coalesced. */
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId!: string | null;

  /** Not before this may it be handed to a send (rate limits postpone, never drop). */
  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
