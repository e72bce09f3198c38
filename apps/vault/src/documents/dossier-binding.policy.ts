import type { Principal } from '@app/platform';
import type { DocumentAttachment } from './document-attachment.entity';

export type Attachment = Pick<DocumentAttachment, 'agencyCode' | 'dossierId'>;

/**
 * An officer reads a document's content for a dossier, and only for a dossier of their own
 * agency that the document is attached to: provided there, or reused there, as that agency's
 * intake said in a signed event (so the dossier exists, and it is the document's citizen's).
 * The dossier id an officer merely types proves nothing. Citizens read their own documents
 * for no dossier; other roles are refused by `decideAccess` already.
 */
export function boundToDossier(principal: Principal, attachments: readonly Attachment[], dossierId: string | undefined): boolean {
  if (principal.role !== 'officer') return true;
  return dossierId !== undefined && attachments.some((attachment) => attachment.agencyCode === principal.agencyCode && attachment.dossierId === dossierId);
}
