import { Column, Entity, PrimaryColumn } from 'typeorm';

export type InboxOutcome = 'applied' | 'dead-lettered' | 'ignored';

/** One consumed event per consumer group: its presence is what makes redelivery harmless. */
@Entity({ name: 'inbox_entry' })
export class InboxEntry {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType!: string | null;

  @Column({ type: 'text' })
  outcome!: InboxOutcome;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
