import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ACCESS_ACTIONS = ['read', 'read-denied', 'reused', 'revoked'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
/** `system`: an agency's intake reused the document automatically. */
export type AccessActorRole = 'citizen' | 'officer' | 'admin' | 'system';

/** Who used which document, when, and for which dossier: what the citizen can look up. */
@Entity({ name: 'access_log' })
export class AccessLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ type: 'text' })
  action!: AccessAction;

  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: AccessActorRole;

  @Column({ name: 'agency_code', type: 'text', nullable: true })
  agencyCode!: string | null;

  @Column({ name: 'dossier_id', type: 'uuid', nullable: true })
  dossierId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
