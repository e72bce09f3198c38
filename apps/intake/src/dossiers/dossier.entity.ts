import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DossierStatus = 'draft' | 'submitted';

@Entity({ name: 'dossier' })
export class Dossier {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'procedure_code', type: 'text' })
  procedureCode!: string;

  /** This agency's own record of whose dossier it is; it never leaves the service (no events, no logs). */
  @Column({ name: 'citizen_personal_id', type: 'char', length: 12 })
  citizenPersonalId!: string;

  /** The vault's opaque reference: the only way the citizen is named to other services. */
  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ type: 'text' })
  status!: DossierStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;
}
