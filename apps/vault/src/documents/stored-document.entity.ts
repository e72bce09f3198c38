import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentStatus = 'provided' | 'verified' | 'revoked';

/** One document a citizen uploaded, the dossier it was provided for, and what became of it. */
@Entity({ name: 'document' })
export class StoredDocument {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ name: 'document_type_code', type: 'text' })
  documentTypeCode!: string;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256!: string;

  /** With dossierId: NULL until the agency's intake says, signed, which of its dossiers the document was provided for. */
  @Column({ name: 'provided_to_agency_code', type: 'text', nullable: true })
  providedToAgencyCode!: string | null;

  @Column({ name: 'dossier_id', type: 'uuid', nullable: true })
  dossierId!: string | null;

  @Column({ name: 'provided_at', type: 'timestamptz' })
  providedAt!: Date;

  @Column({ type: 'text' })
  status!: DocumentStatus;

  @Column({ name: 'verified_by_agency_code', type: 'text', nullable: true })
  verifiedByAgencyCode!: string | null;

  @Column({ name: 'verified_by_officer', type: 'text', nullable: true })
  verifiedByOfficer!: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'valid_from', type: 'timestamptz', nullable: true })
  validFrom!: Date | null;

  /** NULL: valid without limit. */
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason!: string | null;

  /** Set once an expiry withdrawal was published, so the sweep announces each expiry once. */
  @Column({ name: 'availability_withdrawn_at', type: 'timestamptz', nullable: true })
  availabilityWithdrawnAt!: Date | null;

  /**
   * How many availability records were published about this document, which is the version
   * of the latest (0: never announced). Only AvailabilityPublisher.publish changes it.
   */
  @Column({ name: 'availability_version', type: 'bigint', insert: false, transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  availabilityVersion!: number;
}
