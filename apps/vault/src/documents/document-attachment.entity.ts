import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AttachmentKind = 'provided' | 'reused';

/** One dossier a document is attached to, as the dossier's agency said in a signed event. */
@Entity({ name: 'document_attachment' })
export class DocumentAttachment {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @PrimaryColumn({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ type: 'text' })
  kind!: AttachmentKind;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'attached_at', type: 'timestamptz' })
  attachedAt!: Date;
}
