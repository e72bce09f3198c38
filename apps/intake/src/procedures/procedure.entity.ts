import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Circular 32/2017: only levels 3 and 4 accept dossiers filed online. */
export const FIRST_ONLINE_LEVEL = 3;

/** One administrative procedure this agency handles, from the national catalog. */
@Entity({ name: 'procedure' })
export class Procedure {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'int' })
  level!: number;

  @Column({ name: 'fee_vnd', type: 'int' })
  feeVnd!: number;

  @Column({ name: 'required_document_types', type: 'text', array: true })
  requiredDocumentTypes!: string[];
}
