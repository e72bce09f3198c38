import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VND_COLUMN } from '@app/persistence';
import type { OrderStatus } from './order-state-machine';

export type PaymentChannel = 'online' | 'in_person' | 'post';

/** One fee of one dossier: exactly one order per (dossierId, feeCode), however often it is requested. */
@Entity({ name: 'payment_order' })
export class PaymentOrder {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ name: 'fee_code', type: 'text' })
  feeCode!: string;

  @Column({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @Column({ name: 'procedure_code', type: 'text' })
  procedureCode!: string;

  /** The vault's opaque reference: this service never learns who the citizen is. */
  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ name: 'amount_vnd', type: 'bigint', transformer: VND_COLUMN })
  amountVnd!: number;

  @Column({ type: 'text' })
  channel!: PaymentChannel;

  @Column({ type: 'text' })
  status!: OrderStatus;

  /** The gateway the citizen checked out at; null until the first checkout. */
  @Column({ type: 'text', nullable: true })
  gateway!: string | null;

  /** The gateway's own number for the transaction that settled the order. */
  @Column({ name: 'gateway_transaction_no', type: 'text', nullable: true })
  gatewayTransactionNo!: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the order entered its current status: an unpaid order's time to live runs from here. */
  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  /** What has been given back, in whole đồng; never above `amountVnd` (a CHECK says so too). */
  @Column({ name: 'refunded_vnd', type: 'bigint', transformer: VND_COLUMN, default: 0 })
  refundedVnd!: number;

  /** The desk's own receipt for a fee paid in person or by post; unique per agency. */
  @Column({ name: 'desk_receipt_number', type: 'text', nullable: true })
  deskReceiptNumber!: string | null;

  /** The officer (token subject) who took a desk payment. */
  @Column({ name: 'desk_paid_by', type: 'text', nullable: true })
  deskPaidBy!: string | null;
}
