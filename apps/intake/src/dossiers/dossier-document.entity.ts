import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentSource = 'provided' | 'reused';
export type DocumentVerification = 'pending' | 'verified';

/** One required document of a dossier: handed over by the citizen, or reused from the index. */
@Entity({ name: 'dossier_document' })
export class DossierDocument {
  @PrimaryColumn({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @PrimaryColumn({ name: 'document_type_code', type: 'text' })
  documentTypeCode!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ type: 'text' })
  source!: DocumentSource;

  @Column({ type: 'text' })
  verification!: DocumentVerification;

  @Column({ name: 'verified_by_agency_code', type: 'text', nullable: true })
  verifiedByAgencyCode!: string | null;

  /** Known for reused documents (the availability record names the agency); this desk does not hold its own name. */
  @Column({ name: 'verified_by_agency_name', type: 'text', nullable: true })
  verifiedByAgencyName!: string | null;

  /** Set only when an officer of this agency verified it here; a reused document's officer stays with the vault. */
  @Column({ name: 'verified_by_officer', type: 'text', nullable: true })
  verifiedByOfficer!: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ name: 'attached_at', type: 'timestamptz' })
  attachedAt!: Date;
}
