import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A kind of document, with the validity a verification grants when the verifier names none. */
@Entity({ name: 'document_type' })
export class DocumentType {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  /** NULL: valid without limit (a birth certificate). */
  @Column({ name: 'validity_months', type: 'integer', nullable: true })
  validityMonths!: number | null;
}
