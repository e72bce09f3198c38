import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { GoverningBody } from './governing-body.entity';

export const AGENCY_TIERS = ['central', 'province', 'commune'] as const;
export type AgencyTier = (typeof AGENCY_TIERS)[number];

/** A state agency that receives dossiers and verifies documents, under one governing body. */
@Entity({ name: 'agency' })
export class Agency {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'governing_body_code', type: 'text' })
  governingBodyCode!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ type: 'text' })
  tier!: AgencyTier;

  @ManyToOne('GoverningBody', (body: GoverningBody) => body.agencies)
  @JoinColumn({ name: 'governing_body_code' })
  governingBody?: GoverningBody;
}
