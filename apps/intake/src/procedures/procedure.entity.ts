import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProcedureInformation } from './procedure-information';
import type { Classification } from './procedure-rules';

/** One procedure this agency handles: its officers' working draft, and which version the public sees. */
@Entity({ name: 'procedure' })
export class Procedure {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  /** Possibly incomplete Level 1 information; structurally valid (`PROCEDURE_DRAFT_SCHEMA`). */
  @Column({ type: 'jsonb' })
  draft!: Partial<ProcedureInformation>;

  /** The latest published version, null until the first publication. */
  @Column({ name: 'published_version', type: 'int', nullable: true })
  publishedVersion!: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The officer's subject, or `seed` for the catalog file. */
  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}

/** A published version: immutable and kept for ever, since dossiers name the version they were filed under. */
@Entity({ name: 'procedure_version' })
export class ProcedureVersion {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  information!: ProcedureInformation;

  @Column({ type: 'text' })
  classification!: Classification;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  /** The Level 1 fields a version converted from the old flat catalog had no data for; null when published. */
  @Column({ name: 'migrated_without', type: 'text', array: true, nullable: true })
  migratedWithout!: string[] | null;
}

/** The document types of the platform's seed, which a component or a result may name. */
@Entity({ name: 'known_document_type' })
export class KnownDocumentType {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;
}
