import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VND_COLUMN } from '@app/persistence';

/** `pending`: sent (or about to be) to the gateway, its answer not yet recorded; it still counts against what may be refunded. */
export type RefundState = 'pending' | 'completed' | 'failed';

/** Money given back on one order: by an officer, or on an intake's signed request. */
@Entity({ name: 'refund' })
export class Refund {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'amount_vnd', type: 'bigint', transformer: VND_COLUMN })
  amountVnd!: number;

  @Column({ type: 'text' })
  reason!: string;

  /** The officer's token subject, or the source of the intake's request. */
  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  /** The `PaymentRefundRequested` event that asked for it: one refund per request and order. */
  @Column({ name: 'request_event_id', type: 'text', nullable: true })
  requestEventId!: string | null;

  /** The gateway that carries the money back; null for a desk order, refunded at the desk. */
  @Column({ type: 'text', nullable: true })
  gateway!: string | null;

  @Column({ name: 'gateway_ref', type: 'text', nullable: true })
  gatewayRef!: string | null;

  @Column({ type: 'text' })
  state!: RefundState;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;
}
