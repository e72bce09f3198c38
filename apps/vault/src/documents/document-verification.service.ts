import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloudEventAttributes, DocumentProvidedV1, DocumentReusedV1, DocumentVerifiedV1 } from '@app/contracts';
import { endOfValidity } from '@app/contracts';
import { UnrecoverableEventError, type SignedEvidence } from '@app/messaging';
import { AccessLogService } from '../access-log/access-log.service';
import { AvailabilityPublisher } from '../availability/availability.publisher';
import { addCalendarMonths } from '../common/vietnam-calendar.util';
import { Agency } from '../directory/agency.entity';
import { DocumentType } from '../document-types/document-type.entity';
import { DocumentAttachment } from './document-attachment.entity';
import { VerificationEvidence } from '../signing-keys/verification-evidence.entity';
import { StoredDocument } from './stored-document.entity';

export type VerificationProof = SignedEvidence & { readonly event: CloudEventAttributes };

/**
 * Applies what intakes report about documents: verifications (which make a document
 * reusable, within the scope its verifier's governing body allows) and reuses (which the
 * citizen can look up). Everything is written through the handler's transaction.
 */
@Injectable()
export class DocumentVerificationService {
  private readonly logger = new Logger(DocumentVerificationService.name);

  constructor(
    private readonly availability: AvailabilityPublisher,
    private readonly accessLog: AccessLogService,
  ) {}

  /** `evidence`: the signed event as received, kept so the verification can be proven later. */
  async applyVerification(manager: EntityManager, event: DocumentVerifiedV1, now = new Date(), evidence?: VerificationProof): Promise<'verified' | 'unchanged'> {
    const unlocked = await manager.findOne(StoredDocument, { where: { id: event.documentId } });
    if (!unlocked) throw new UnrecoverableEventError(`document ${event.documentId} does not exist`);
    if (unlocked.citizenRef !== event.citizenRef) throw new UnrecoverableEventError(`document ${event.documentId} belongs to another citizen`);
    // The provenance its agency recorded, signed: verified only where and for what it was provided.
    if (unlocked.providedToAgencyCode !== event.agencyCode) {
      throw new UnrecoverableEventError(`document ${event.documentId} was not provided to ${event.agencyCode}`);
    }
    if (unlocked.dossierId !== event.dossierId) {
      throw new UnrecoverableEventError(`document ${event.documentId} was not provided for dossier ${event.dossierId}`);
    }
    // Body and agency first, then the document: the order a data-sharing change locks in.
    const verifier = await this.availability.loadVerifier(manager, event.agencyCode);
    if (!verifier) throw new UnrecoverableEventError(`agency ${event.agencyCode} is not in the directory`);
    const document = await manager.findOneOrFail(StoredDocument, { where: { id: event.documentId }, lock: { mode: 'pessimistic_write' } });
    if (document.status === 'revoked') throw new UnrecoverableEventError(`document ${event.documentId} is revoked`);

    const type = await manager.findOneOrFail(DocumentType, { where: { code: document.documentTypeCode } });
    const verifiedAt = new Date(event.verifiedAt);
    const validUntil = event.validUntil
      ? endOfValidity(event.validUntil)
      : type.validityMonths !== null
        ? addCalendarMonths(verifiedAt, type.validityMonths)
        : null;
    if (validUntil && validUntil.getTime() <= verifiedAt.getTime()) {
      throw new UnrecoverableEventError(`document ${event.documentId}: validUntil ${validUntil.toISOString()} is not after verifiedAt ${event.verifiedAt}`);
    }

    const verification = {
      status: 'verified' as const,
      verifiedByAgencyCode: event.agencyCode,
      verifiedByOfficer: event.officer,
      verifiedAt,
      validFrom: verifiedAt,
      validUntil,
      availabilityWithdrawnAt: null,
    };
    if (evidence) await this.keepEvidence(manager, event, evidence, now);
    if (document.status === 'verified' && sameVerification(document, verification)) return 'unchanged';
    // A later verification of the same document (a corrected validity, say) replaces the
    // earlier one: the availability record that follows supersedes the previous one.
    await manager.update(StoredDocument, { id: document.id }, verification);
    await this.availability.publish(manager, Object.assign(document, verification), verifier, undefined, now);
    this.logger.log(`Document ${document.id} verified by ${event.agencyCode}`);
    return 'verified';
  }

  private async attach(manager: EntityManager, attachment: DocumentAttachment): Promise<void> {
    await manager.createQueryBuilder().insert().into(DocumentAttachment).values(attachment).orIgnore().execute();
  }

  private async keepEvidence(manager: EntityManager, event: DocumentVerifiedV1, proof: VerificationProof, now: Date): Promise<void> {
    const { id, source, type, specversion, time, subject } = proof.event;
    await manager.insert(VerificationEvidence, {
      eventId: id,
      documentId: event.documentId,
      agencyCode: event.agencyCode,
      attributes: { id, source, type, specversion, time, ...(subject === undefined ? {} : { subject }) },
      payloadText: proof.payloadText,
      signature: proof.signature,
      kid: proof.kid,
      acceptedAt: now,
    });
  }

  /**
   * The document's provenance, from its agency's signed DocumentProvided. Set once: a second
   * agency or dossier claiming the same upload is refused (a reuse is how a document reaches
   * another dossier); the same claim again changes nothing.
   */
  async recordProvision(manager: EntityManager, event: DocumentProvidedV1, eventId: string): Promise<'provided' | 'unchanged'> {
    const document = await manager.findOne(StoredDocument, { where: { id: event.documentId }, lock: { mode: 'pessimistic_write' } });
    if (!document) throw new UnrecoverableEventError(`document ${event.documentId} does not exist`);
    if (document.citizenRef !== event.citizenRef) throw new UnrecoverableEventError(`document ${event.documentId} belongs to another citizen`);
    if (document.providedToAgencyCode !== null) {
      if (document.providedToAgencyCode === event.agencyCode && document.dossierId === event.dossierId) return 'unchanged';
      throw new UnrecoverableEventError(`document ${event.documentId} was already provided to ${document.providedToAgencyCode} for another dossier`);
    }
    if (!(await manager.exists(Agency, { where: { code: event.agencyCode } }))) throw new UnrecoverableEventError(`agency ${event.agencyCode} is not in the directory`);
    await manager.update(StoredDocument, { id: document.id }, { providedToAgencyCode: event.agencyCode, dossierId: event.dossierId });
    await this.attach(manager, { documentId: document.id, agencyCode: event.agencyCode, dossierId: event.dossierId, kind: 'provided', eventId, attachedAt: new Date(event.providedAt) });
    this.logger.log(`Document ${document.id} provided to ${event.agencyCode} for dossier ${event.dossierId}`);
    return 'provided';
  }

  async recordReuse(manager: EntityManager, event: DocumentReusedV1, reusedBy: string, eventId: string): Promise<void> {
    const document = await manager.findOne(StoredDocument, { where: { id: event.documentId } });
    if (!document) throw new UnrecoverableEventError(`document ${event.documentId} does not exist`);
    if (document.citizenRef !== event.citizenRef) throw new UnrecoverableEventError(`document ${event.documentId} belongs to another citizen`);
    if (!(await manager.exists(Agency, { where: { code: event.agencyCode } }))) throw new UnrecoverableEventError(`agency ${event.agencyCode} is not in the directory`);
    await this.attach(manager, { documentId: document.id, agencyCode: event.agencyCode, dossierId: event.dossierId, kind: 'reused', eventId, attachedAt: new Date(event.reusedAt) });
    await this.accessLog.record(
      {
        documentId: document.id,
        citizenRef: document.citizenRef,
        action: 'reused',
        actorSubject: reusedBy,
        actorRole: 'system',
        agencyCode: event.agencyCode,
        dossierId: event.dossierId,
        at: new Date(event.reusedAt),
      },
      manager,
    );
  }
}

function sameVerification(
  document: StoredDocument,
  verification: Pick<StoredDocument, 'verifiedByAgencyCode' | 'verifiedByOfficer' | 'verifiedAt' | 'validUntil'>,
): boolean {
  return (
    document.verifiedByAgencyCode === verification.verifiedByAgencyCode &&
    document.verifiedByOfficer === verification.verifiedByOfficer &&
    document.verifiedAt?.getTime() === verification.verifiedAt?.getTime() &&
    (document.validUntil?.getTime() ?? null) === (verification.validUntil?.getTime() ?? null)
  );
}
