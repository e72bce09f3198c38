import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { StoredDocumentResponse } from '@app/contracts';
import { assertDeclaredTypeAgrees, assertNoActivePdfContent, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page, type PageQuery, type Principal } from '@app/platform';
import { AccessLogService } from '../access-log/access-log.service';
import { AvailabilityPublisher } from '../availability/availability.publisher';
import { CitizensService } from '../citizens/citizens.service';
import { Citizen } from '../citizens/citizen.entity';
import type { CitizenPrincipal, OfficerPrincipal, StaffPrincipal } from '../common/principal.util';
import { Agency } from '../directory/agency.entity';
import { GoverningBody } from '../directory/governing-body.entity';
import { DocumentType } from '../document-types/document-type.entity';
import { inspectContent, type StoredMimeType } from './content-inspection.util';
import { decideAccess, type AccessFacts } from './document-access.policy';
import { DocumentAttachment } from './document-attachment.entity';
import { DocumentContent } from './document-content.entity';
import { boundToDossier } from './dossier-binding.policy';
import {
  alreadyRevoked,
  documentNotFound,
  documentNotVerified,
  dossierIdRequired,
  emptyFile,
  fileRequired,
  notVerifyingAgency,
  outOfScope,
  resultMustBePdf,
  unknownAgency,
  unknownCitizen,
  unknownDocumentType,
  unsupportedFileType,
} from './document.errors';
import type { DocumentView, UploadDocumentDto, UploadedContent, UploadIssuedDocumentDto } from './documents.dto';
import { StoredDocument } from './stored-document.entity';

export interface ReadableContent {
  readonly documentId: string;
  readonly mimeType: StoredMimeType;
  readonly content: Buffer;
}

/** Storing, showing, serving and revoking documents, each under the access rule. */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly citizens: CitizensService,
    private readonly accessLog: AccessLogService,
    private readonly availability: AvailabilityPublisher,
  ) {}

  /**
   * Everything is checked before anything is written, and the citizen, the content and the
   * document are written in one transaction: a refused upload leaves no row behind.
   */
  async upload(principal: CitizenPrincipal, file: UploadedContent | undefined, input: UploadDocumentDto): Promise<StoredDocumentResponse> {
    const inspected = await this.checkedContent(file, input.documentTypeCode);
    return this.store(file!, inspected, input.documentTypeCode, async (manager) => (await this.citizens.resolveOrCreate(principal.personalId, manager)).citizenRef);
  }

  /**
   * An agency's electronic result, stored for the citizen it was issued to. It is bound to the
   * dossier, and counts as verified, only once the agency's intake says so in its signed
   * events (DocumentProvided, DocumentVerified), exactly like a citizen's upload; an officer's
   * token alone makes nothing official.
   */
  async storeIssued(principal: OfficerPrincipal, file: UploadedContent | undefined, input: UploadIssuedDocumentDto): Promise<StoredDocumentResponse> {
    const inspected = await this.checkedContent(file, input.documentTypeCode);
    if (inspected.mimeType !== 'application/pdf') throw resultMustBePdf();
    if (!(await this.dataSource.manager.exists(Agency, { where: { code: principal.agencyCode } }))) throw unknownAgency(principal.agencyCode);
    if (!(await this.dataSource.manager.exists(Citizen, { where: { ref: input.citizenRef } }))) throw unknownCitizen();
    const stored = await this.store(file!, inspected, input.documentTypeCode, () => Promise.resolve(input.citizenRef));
    this.logger.log(`Document ${stored.documentId} issued by agency ${principal.agencyCode}`);
    return stored;
  }

  /** Everything is checked before anything is written: a refused upload leaves no row behind. */
  private async checkedContent(file: UploadedContent | undefined, documentTypeCode: string) {
    if (!file) throw fileRequired();
    if (file.size === 0 || file.buffer.length === 0) throw emptyFile();
    const inspected = await inspectContent(file.buffer);
    if (!inspected) throw unsupportedFileType();
    assertDeclaredTypeAgrees(inspected.mimeType, file.mimetype, file.originalname);
    // Refused, not cleaned: rewriting the file would change the bytes an agency verifies (and break a signature).
    if (inspected.mimeType === 'application/pdf') await assertNoActivePdfContent(file.buffer);
    if (!(await this.dataSource.manager.exists(DocumentType, { where: { code: documentTypeCode } }))) throw unknownDocumentType(documentTypeCode);
    return inspected;
  }

  /** The citizen, the content and the document are written in one transaction. */
  private async store(
    file: UploadedContent,
    inspected: NonNullable<Awaited<ReturnType<typeof inspectContent>>>,
    documentTypeCode: string,
    owner: (manager: EntityManager) => Promise<string>,
  ): Promise<StoredDocumentResponse> {
    const document = await this.dataSource.transaction(async (manager) => {
      const citizenRef = await owner(manager);
      // Identical bytes are stored once, whoever uploads them and however often.
      await manager
        .createQueryBuilder()
        .insert()
        .into(DocumentContent)
        .values({ sha256: inspected.sha256, mimeType: inspected.mimeType, sizeBytes: inspected.sizeBytes, content: file.buffer })
        .orIgnore()
        .execute();
      const document = manager.create(StoredDocument, {
        id: randomUUID(),
        citizenRef,
        documentTypeCode,
        contentSha256: inspected.sha256,
        // Bound to a dossier only by its agency's signed word (DocumentProvided), never by the upload.
        providedToAgencyCode: null,
        dossierId: null,
        providedAt: new Date(),
        status: 'provided',
      });
      await manager.insert(StoredDocument, document);
      return document;
    });
    this.logger.log(`Stored document ${document.id} (${inspected.mimeType}, ${inspected.sizeBytes} bytes)`);
    return toStoredResponse(document, inspected.mimeType, inspected.sizeBytes);
  }

  /** Newest first; keyset-paged on (provided_at, id), so a page never costs more than `limit + 1` rows. */
  async listOwn(principal: CitizenPrincipal, page: PageQuery): Promise<Page<DocumentView>> {
    const citizenRef = await this.citizens.findRef(principal.personalId);
    if (!citizenRef) return { items: [], nextCursor: null };
    const query = this.dataSource.manager
      .createQueryBuilder(StoredDocument, 'document')
      .where('document.citizenRef = :citizenRef', { citizenRef })
      .orderBy('document.providedAt', 'DESC')
      .addOrderBy('document.id', 'DESC')
      .limit(page.limit + 1);
    if (page.cursor) {
      const [providedAt, id] = decodeCursor(page.cursor, [isTimestampKey, isUuidKey]);
      query.andWhere('(document.providedAt, document.id) < (:providedAt, :id)', { providedAt, id });
    }
    const documents = await query.getMany();
    const contents = await this.contentFacts(documents.map((document) => document.contentSha256));
    return toPage(documents, page.limit, (document) => [document.providedAt.toISOString(), document.id], (document) => toView(document, contents.get(document.contentSha256)!));
  }

  async get(principal: Principal, id: string): Promise<DocumentView> {
    const document = await this.dataSource.manager.findOne(StoredDocument, { where: { id } });
    if (!document) throw documentNotFound();
    if (!decideAccess(principal, await this.accessFacts(principal, document), new Date()).allowed) throw refusal(principal);
    const contents = await this.contentFacts([document.contentSha256]);
    return toView(document, contents.get(document.contentSha256)!);
  }

  /**
   * Serves the bytes to whoever the access rule allows. Every read and every refused
   * attempt goes to the access log; a refusal's entry commits on its own, before the
   * request fails, so a refused attempt is never lost with the request.
   */
  async readContent(principal: Principal, id: string, dossierId: string | undefined): Promise<ReadableContent> {
    if (principal.role === 'officer' && !dossierId) throw dossierIdRequired();
    const document = await this.dataSource.manager.findOne(StoredDocument, { where: { id } });
    if (!document) throw documentNotFound();
    const attachments = principal.role === 'officer' ? await this.dataSource.manager.find(DocumentAttachment, { where: { documentId: document.id, agencyCode: principal.agencyCode } }) : [];
    const decision = decideAccess(principal, await this.accessFacts(principal, document), new Date());
    const allowed = decision.allowed && boundToDossier(principal, attachments, dossierId);
    const entry = {
      documentId: document.id,
      citizenRef: document.citizenRef,
      actorSubject: principal.subject,
      actorRole: principal.role,
      agencyCode: principal.role === 'officer' ? principal.agencyCode : null,
      dossierId: dossierId ?? null,
    };
    if (!allowed) {
      // With the dossier id the officer gave, real or not: that is what the citizen should see.
      await this.accessLog.record({ ...entry, action: 'read-denied' });
      // Ids only: a citizen's subject may be their personal identification number.
      this.logger.warn(`Refused a ${principal.role}${principal.role === 'officer' ? ` of ${principal.agencyCode}` : ''} reading document ${document.id}`);
      throw refusal(principal);
    }
    const content = await this.dataSource.manager.findOneOrFail(DocumentContent, { where: { sha256: document.contentSha256 } });
    // Logged before serving: a read that cannot be recorded is not served.
    await this.accessLog.record({ ...entry, action: 'read' });
    return { documentId: document.id, mimeType: content.mimeType, content: content.content };
  }

  /**
   * Withdraws a verified document from reuse, for good: its verifying agency (which answers
   * for the verification) or a platform admin may do it.
   */
  async revoke(principal: StaffPrincipal, id: string, reason: string): Promise<DocumentView> {
    const unlocked = await this.dataSource.manager.findOne(StoredDocument, { where: { id } });
    if (!unlocked) throw documentNotFound();
    if (principal.role === 'officer' && (unlocked.verifiedByAgencyCode === null || principal.agencyCode !== unlocked.verifiedByAgencyCode)) {
      throw notVerifyingAgency();
    }
    if (unlocked.status === 'provided' || !unlocked.verifiedByAgencyCode) throw documentNotVerified();

    const revoked = await this.dataSource.transaction(async (manager) => {
      const verifier = await this.availability.loadVerifier(manager, unlocked.verifiedByAgencyCode!);
      const document = await manager.findOneOrFail(StoredDocument, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (document.status === 'revoked') throw alreadyRevoked();
      const now = new Date();
      const revocation = { status: 'revoked' as const, revokedAt: now, revokedBy: principal.subject, revocationReason: reason, availabilityWithdrawnAt: now };
      await manager.update(StoredDocument, { id }, revocation);
      Object.assign(document, revocation);
      await this.availability.publish(manager, document, verifier!, 'revoked', now);
      await this.accessLog.record(
        {
          documentId: id,
          citizenRef: document.citizenRef,
          action: 'revoked',
          actorSubject: principal.subject,
          actorRole: principal.role,
          agencyCode: principal.role === 'officer' ? principal.agencyCode : null,
          dossierId: null,
          at: now,
        },
        manager,
      );
      return document;
    });
    this.logger.log(`Revoked document ${id}`);
    const contents = await this.contentFacts([revoked.contentSha256]);
    return toView(revoked, contents.get(revoked.contentSha256)!);
  }

  private async accessFacts(principal: Principal, document: StoredDocument): Promise<AccessFacts> {
    const manager = this.dataSource.manager;
    const callerCitizenRef = principal.role === 'citizen' ? await this.citizens.findRef(principal.personalId) : null;
    let officerBodyCode: string | null = null;
    let verifyingBody: AccessFacts['verifyingBody'] = null;
    if (principal.role === 'officer') {
      officerBodyCode = (await manager.findOne(Agency, { where: { code: principal.agencyCode } }))?.governingBodyCode ?? null;
      if (document.verifiedByAgencyCode) {
        const verifier = await manager.findOne(Agency, { where: { code: document.verifiedByAgencyCode } });
        verifyingBody = verifier ? await manager.findOne(GoverningBody, { where: { code: verifier.governingBodyCode } }) : null;
      }
    }
    return { document, callerCitizenRef, officerBodyCode, verifyingBody };
  }

  private async contentFacts(sha256s: string[]): Promise<Map<string, { mimeType: StoredMimeType; sizeBytes: number }>> {
    if (sha256s.length === 0) return new Map();
    // Metadata only: the bytes stay in the database until someone is allowed to read them.
    const rows = await this.dataSource.manager
      .createQueryBuilder(DocumentContent, 'content')
      .select(['content.sha256', 'content.mimeType', 'content.sizeBytes'])
      .where('content.sha256 IN (:...sha256s)', { sha256s: [...new Set(sha256s)] })
      .getMany();
    return new Map(rows.map((row) => [row.sha256, { mimeType: row.mimeType, sizeBytes: row.sizeBytes }]));
  }
}

/** A citizen is told the document does not exist (ids must not reveal other citizens' documents); an officer or admin that it is out of scope. */
function refusal(principal: Principal) {
  return principal.role === 'citizen' ? documentNotFound() : outOfScope();
}

function toStoredResponse(document: StoredDocument, mimeType: StoredMimeType, sizeBytes: number): StoredDocumentResponse {
  return {
    documentId: document.id,
    citizenRef: document.citizenRef,
    documentTypeCode: document.documentTypeCode,
    mimeType,
    sizeBytes,
    sha256: document.contentSha256,
    providedToAgencyCode: document.providedToAgencyCode,
    dossierId: document.dossierId,
    status: document.status,
  };
}

function toView(document: StoredDocument, content: { mimeType: StoredMimeType; sizeBytes: number }): DocumentView {
  return {
    ...toStoredResponse(document, content.mimeType, content.sizeBytes),
    providedAt: document.providedAt.toISOString(),
    verifiedByAgencyCode: document.verifiedByAgencyCode,
    verifiedAt: document.verifiedAt?.toISOString() ?? null,
    validFrom: document.validFrom?.toISOString() ?? null,
    validUntil: document.validUntil?.toISOString() ?? null,
    revokedAt: document.revokedAt?.toISOString() ?? null,
    revocationReason: document.revocationReason,
  };
}
