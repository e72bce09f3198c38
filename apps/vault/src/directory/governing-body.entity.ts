import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { GoverningBodyKind } from '@app/contracts';
import { Agency } from './agency.entity';

/**
 * A ministry, ministry-level agency, government agency or provincial People's Committee.
 * Whether it has connected data sharing decides how far its agencies' verified documents
 * may be reused.
 */
@Entity({ name: 'governing_body' })
export class GoverningBody {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  kind!: GoverningBodyKind;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'data_sharing_connected', type: 'boolean' })
  dataSharingConnected!: boolean;

  @Column({ name: 'data_sharing_effective_from', type: 'timestamptz' })
  dataSharingEffectiveFrom!: Date;

  @OneToMany(() => Agency, (agency) => agency.governingBody)
  agencies?: Agency[];
}
