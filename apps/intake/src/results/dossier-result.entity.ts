import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ResultForm = 'electronic' | 'paper';

/**
 * The result of a dossier. An electronic one (level 4) is a signed PDF kept in the citizen's
 * vault; a paper one (level 3) is handed over or posted. Either can be checked by its code.
 */
@Entity({ name: 'dossier_result' })
export class DossierResult {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  /** Printed and in the QR code: what anyone holding the result uses to check it. */
  @Column({ name: 'verification_code', type: 'text' })
  verificationCode!: string;

  @Column({ name: 'result_number', type: 'text' })
  resultNumber!: string;

  @Column({ name: 'document_type_code', type: 'text' })
  documentTypeCode!: string;

  /** What the result is, and who issued it, as printed: the public check shows them without asking anyone. */
  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'issuer_name', type: 'text' })
  issuerName!: string;

  @Column({ type: 'text' })
  form!: ResultForm;

  /** The vault's document, for an electronic result. */
  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId!: string | null;

  /** SHA-256 of the signed PDF, so a copy can be matched against what was issued. */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  /** e.g. `PAdES-BASELINE-B`, or `-T` with a timestamp authority. */
  @Column({ name: 'signature_profile', type: 'text', nullable: true })
  signatureProfile!: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason!: string | null;
}
