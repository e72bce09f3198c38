import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Agencies' names in both languages, as the vault's directory publishes them. */
@Entity('agency_name')
export class AgencyName {
  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;
}
