import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An officer's request for more documents (Decree 61/2018's supplement request). */
@Entity({ name: 'supplement_request' })
export class SupplementRequest {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ name: 'document_type_codes', type: 'text', array: true })
  documentTypeCodes!: string[];

  @Column({ type: 'text' })
  note!: string;

  /** The officer's subject in the identity provider. */
  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** Set when the citizen resubmits with what it asked for; at most one request is open at a time. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
