import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DossierStatus } from '../dossiers/dossier.entity';
import type { ActorRole } from './dossier-state-machine';

/** One step of a dossier's story: who moved it, when and why. Never updated, never deleted. */
@Entity({ name: 'dossier_transition' })
export class DossierTransition {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ name: 'from_status', type: 'text' })
  fromStatus!: DossierStatus;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: DossierStatus;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: ActorRole;

  /** The officer's or citizen's subject in the identity provider; null for the platform itself. */
  @Column({ name: 'actor_subject', type: 'text', nullable: true })
  actorSubject!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
