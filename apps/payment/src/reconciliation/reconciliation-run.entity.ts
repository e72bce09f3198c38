import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { VND_COLUMN } from '@app/persistence';
import type { MismatchKind } from './reconcile';
import type { ReconciliationView } from './reconciliation-view';

/** One comparison of a gateway's settlement file with the orders here, kept as it was answered. */
@Entity({ name: 'reconciliation_run' })
export class ReconciliationRun {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  gateway!: string;

  @Column({ name: 'settlement_date', type: 'date' })
  settlementDate!: string;

  /** The officer's agency the run was limited to; null for an admin's run over every agency. */
  @Column({ name: 'agency_code', type: 'text', nullable: true })
  agencyCode!: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ type: 'integer' })
  matched!: number;

  @Column({ type: 'integer' })
  mismatches!: number;

  @Column({ name: 'settled_amount_vnd', type: 'bigint', transformer: VND_COLUMN })
  settledAmountVnd!: number;

  @Column({ name: 'fee_vnd', type: 'bigint', transformer: VND_COLUMN })
  feeVnd!: number;

  @Column({ type: 'jsonb' })
  report!: ReconciliationView;

  /** The same lines for a spreadsheet, written once with reconciliationCsv. */
  @Column({ type: 'text' })
  csv!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One mismatch of a run, queryable on its own (an officer's follow-up list). */
@Entity({ name: 'reconciliation_mismatch' })
export class ReconciliationMismatch {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'text' })
  kind!: MismatchKind;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ name: 'order_reference', type: 'text' })
  orderReference!: string;

  @Column({ name: 'amount_vnd', type: 'bigint', transformer: VND_COLUMN, nullable: true })
  amountVnd!: number | null;

  @Column({ name: 'settled_amount_vnd', type: 'bigint', transformer: VND_COLUMN, nullable: true })
  settledAmountVnd!: number | null;

  @Column({ name: 'gateway_ref', type: 'text', nullable: true })
  gatewayRef!: string | null;
}
