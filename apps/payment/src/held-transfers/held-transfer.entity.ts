import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VND_COLUMN } from '@app/persistence';

/** Why a credit was not applied: matchBankCredit's reasons, and an order that can no longer be paid. */
export type HeldReason = 'wrong_amount' | 'unknown_reference' | 'already_paid' | 'order_closed';
export type HeldTransferStatus = 'held' | 'to_refund' | 'accepted';

/** A bank credit that changed no order: an officer decides to refund it or, when it fits the order exactly, accept it. */
@Entity({ name: 'held_transfer' })
export class HeldTransfer {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The bank's own id of the credit: a repeated notification finds it and adds nothing. */
  @Column({ name: 'bank_transaction_id', type: 'text' })
  bankTransactionId!: string;

  /** The order reference read from the description, or the description's start when none was found. */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'amount_vnd', type: 'bigint', transformer: VND_COLUMN })
  amountVnd!: number;

  @Column({ name: 'credited_at', type: 'timestamptz' })
  creditedAt!: Date;

  @Column({ type: 'text' })
  reason!: HeldReason;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId!: string | null;

  /** The order's agency; null for an unknown reference, which only admins see. */
  @Column({ name: 'agency_code', type: 'text', nullable: true })
  agencyCode!: string | null;

  @Column({ type: 'text' })
  status!: HeldTransferStatus;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote!: string | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
