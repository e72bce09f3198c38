import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from '../templates/template-definition';

/** Where an agency's officers are told about new and nearly late dossiers; set by an administrator. */
@Entity('agency_contact')
export class AgencyContact {
  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  language!: Language;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
