import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ReuseScope, WithdrawalReason } from '@app/contracts';

export type AvailabilityStatus = 'available' | 'withdrawn';

/**
 * The local index of documents this desk may reuse: metadata from the governing body's
 * availability topic, never contents. It is rebuilt from the topic, so it may be dropped.
 */
@Entity({ name: 'reusable_document' })
@Index('reusable_document_citizen_type_idx', ['citizenRef', 'documentTypeCode'])
export class ReusableDocument {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ name: 'document_type_code', type: 'text' })
  documentTypeCode!: string;

  @Column({ name: 'verified_by_agency_code', type: 'text' })
  verifiedByAgencyCode!: string;

  @Column({ name: 'verified_by_agency_name', type: 'text' })
  verifiedByAgencyName!: string;

  @Column({ name: 'verified_at', type: 'timestamptz' })
  verifiedAt!: Date;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ type: 'text' })
  scope!: ReuseScope;

  @Column({ type: 'text' })
  status!: AvailabilityStatus;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: WithdrawalReason | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The version of the availability record this row came from; see availability-version.rule.ts. */
  @Column({ type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  version!: number;
}
