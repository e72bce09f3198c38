import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SatisfactionLevel } from '@app/contracts';

/**
 * A citizen's one rating of a dossier (Circular 32/2017: level 3 and 4 services). It names no
 * one: the dossier row says whose dossier it was, and only this agency reads that.
 */
@Entity({ name: 'dossier_rating' })
export class DossierRating {
  /** The primary key is what makes a second rating of one dossier impossible, races included. */
  @PrimaryColumn({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @Column({ name: 'procedure_code', type: 'text' })
  procedureCode!: string;

  @Column({ name: 'procedure_level', type: 'smallint' })
  procedureLevel!: number;

  @Column({ type: 'text' })
  satisfaction!: SatisfactionLevel;

  @Column({ name: 'criterion_access', type: 'text', nullable: true })
  criterionAccess!: SatisfactionLevel | null;

  @Column({ name: 'criterion_on_time', type: 'text', nullable: true })
  criterionOnTime!: SatisfactionLevel | null;

  @Column({ name: 'criterion_attitude', type: 'text', nullable: true })
  criterionAttitude!: SatisfactionLevel | null;

  @Column({ name: 'criterion_guidance', type: 'text', nullable: true })
  criterionGuidance!: SatisfactionLevel | null;

  /** NFC, 1–1000 characters; never published, never in an aggregate. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'rated_at', type: 'timestamptz' })
  ratedAt!: Date;
}
