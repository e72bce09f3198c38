import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignedAttributes } from '@app/messaging';

/** A verification the vault accepted, with what proves who made it. */
@Entity({ name: 'verification_evidence' })
export class VerificationEvidence {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @Column({ type: 'jsonb' })
  attributes!: SignedAttributes;

  @Column({ name: 'payload_text', type: 'text' })
  payloadText!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'text' })
  kid!: string;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;
}
