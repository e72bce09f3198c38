import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DocumentProvided, DocumentProvidedV1, DocumentReused, DocumentReusedV1, DocumentVerified, DocumentVerifiedV1, endOfValidity } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page, type PageQuery, type Principal } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { ProcedureCatalog, publishedKey } from '../procedures/procedure-catalog.service';
import { requiredDocumentTypes } from '../procedures/procedure-rules';
import { ReuseIndex } from '../reuse/reuse-index.service';
import type { ReuseWithdrawal } from '../reuse/reuse-rule';
import { VaultClient } from '../vault/vault.client';
import { asCitizen, asOfficerOf, dossierNotFound, type CitizenPrincipal } from './dossier-access';
import { DossierDocument } from './dossier-document.entity';
import { Dossier } from './dossier.entity';
import { missingDocumentTypes, toDossierView, toSupplementRequestView, type DossierView, type SupplementRequestView } from './dossier.view';
import { DossierErrorCode } from './dossier-error-code';
import { SupplementRequest } from './supplement-request.entity';
import { assertUploadTypeAgrees } from './upload-type.check';

interface WithdrawnAttachment {
  readonly documentTypeCode: string;
  readonly documentId: string;
  readonly reason: ReuseWithdrawal;
}

const WITHDRAWAL_WORDS: Record<ReuseWithdrawal, string> = {
  revoked: 'revoked',
  expired: 'expired',
  'no-longer-shared': 'no longer shared with this agency',
};

/** The part of an uploaded file this desk needs (multer's in-memory file has these). */
export interface UploadedDocumentFile {
  readonly buffer: Buffer;
  readonly originalname: string;
  readonly mimetype: string;
  readonly size: number;
}

/**
 * The dossier lifecycle at one agency's desk, with the once-only promise at its centre: a
 * required document the state already holds (and this agency may reuse) is attached, never
 * asked for. Every request checks all it can before writing, and writes in one transaction
 * together with the events it publishes.
 */
@Injectable()
export class DossierService {
  private readonly logger = new Logger(DossierService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly catalog: ProcedureCatalog,
    private readonly index: ReuseIndex,
    private readonly vault: VaultClient,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(principal: Principal, authorization: string, procedureCode: string): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const procedure = await this.catalog.forOnlineDossier(procedureCode);
    // Outside the transaction: no connection is held while the vault answers.
    const citizenRef = await this.vault.citizenRef(authorization);
    const { view, reused } = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const dossier = manager.create(Dossier, {
        id: randomUUID(),
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        procedureLevel: procedure.information.level,
        citizenPersonalId: citizen.personalId,
        citizenRef,
        status: 'draft',
        createdAt: now,
        submittedAt: null,
        formData: null,
        returnChannel: null,
        dossierCode: null,
        receivedAt: null,
        appointmentDate: null,
        pausedWorkingDays: null,
        feeVnd: null,
        paidAt: null,
        paymentChannel: null,
        statusChangedAt: now,
      });
      await manager.insert(Dossier, dossier);
      const attached = await this.attachReusable(manager, dossier, requiredDocumentTypes(procedure.information), now);
      return { view: await this.view(manager, dossier), reused: attached };
    });
    this.logger.log(`Dossier ${view.id} created under ${procedure.code}: ${reused} document(s) reused, ${view.stillRequired.length} still required`);
    return view;
  }

  /** A citizen's own dossiers, or all of this agency's for its officers; newest first, keyset-paged on (created_at, id). */
  async list(principal: Principal, page: PageQuery): Promise<Page<DossierView>> {
    const manager = this.dataSource.manager;
    const query = manager.createQueryBuilder(Dossier, 'dossier').orderBy('dossier.createdAt', 'DESC').addOrderBy('dossier.id', 'DESC').limit(page.limit + 1);
    if (principal.role === 'citizen') query.where('dossier.citizenPersonalId = :personalId', { personalId: principal.personalId });
    else asOfficerOf(principal, this.settings.agencyCode);
    if (page.cursor) {
      const [createdAt, id] = decodeCursor(page.cursor, [isTimestampKey, isUuidKey]);
      query.andWhere('(dossier.createdAt, dossier.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await query.getMany();
    const served = rows.slice(0, page.limit);
    const views = await this.views(manager, served);
    return { items: views, nextCursor: toPage(rows, page.limit, (dossier) => [dossier.createdAt.toISOString(), dossier.id], (dossier) => dossier).nextCursor };
  }

  async get(principal: Principal, id: string): Promise<DossierView> {
    const manager = this.dataSource.manager;
    return this.view(manager, await this.readable(manager, principal, id));
  }

  async provide(
    principal: Principal,
    authorization: string,
    id: string,
    documentTypeCode: string,
    file: UploadedDocumentFile | undefined,
  ): Promise<DossierView> {
    const citizen = asCitizen(principal);
    if (!file || file.size === 0) throw new ApiError(HttpStatus.BAD_REQUEST, DossierErrorCode.FileRequired, 'Attach the document as the multipart part "file".');
    // Everything is checked before the file leaves for the vault, so a refused upload stores nothing.
    await assertUploadTypeAgrees(file);
    await this.mayProvide(this.dataSource.manager, citizen, id, documentTypeCode, new Date());
    const stored = await this.vault.storeDocument(authorization, {
      content: file.buffer,
      fileName: file.originalname || documentTypeCode,
      mimeType: file.mimetype || 'application/octet-stream',
      documentTypeCode,
    });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const now = new Date();
        // Again, under the dossier's lock: a concurrent upload of the same type may have won.
        const dossier = await this.mayProvide(manager, citizen, id, documentTypeCode, now, true);
        await manager.insert(DossierDocument, {
          dossierId: dossier.id,
          documentTypeCode,
          documentId: stored.documentId,
          source: 'provided',
          verification: 'pending',
          verifiedByAgencyCode: null,
          verifiedByAgencyName: null,
          verifiedByOfficer: null,
          verifiedAt: null,
          validUntil: null,
          attachedAt: now,
        });
        // The document's provenance, in this desk's signed word: the vault binds it to this dossier only on this event.
        await this.outbox.append(
          manager,
          DocumentProvided,
          Object.assign(new DocumentProvidedV1(), { documentId: stored.documentId, citizenRef: dossier.citizenRef, agencyCode: this.settings.agencyCode, dossierId: dossier.id, providedAt: now.toISOString() }),
        );
        return this.view(manager, dossier);
      });
    } catch (error) {
      this.logger.warn(`Document ${stored.documentId} was stored in the vault but not attached to dossier ${id}`);
      throw error;
    }
  }

  async submit(principal: Principal, id: string): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ view: DossierView } | { withdrawn: WithdrawnAttachment[] }> => {
      const now = new Date();
      const dossier = await this.own(manager, citizen, id, true);
      assertEditable(dossier);
      const procedure = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
      // A document reused when the dossier was opened may have been revoked, or have expired,
      // since: it no longer stands for the citizen's copy. It is detached (and replaced if
      // another reusable one exists); if nothing replaces it the citizen must provide it.
      const withdrawn = await this.detachWithdrawn(manager, dossier, now);
      // A document may have become reusable since the dossier was opened (the upload route
      // refuses it for that reason): attach it now rather than count it as missing.
      const before = await manager.find(DossierDocument, { where: { dossierId: dossier.id } });
      await this.attachReusable(manager, dossier, missingDocumentTypes(procedure, before), now);
      const missing = missingDocumentTypes(procedure, await manager.find(DossierDocument, { where: { dossierId: dossier.id } }));
      const order = (attachment: WithdrawnAttachment) => requiredDocumentTypes(procedure.information).indexOf(attachment.documentTypeCode);
      const unreplaced = withdrawn.filter((attachment) => missing.includes(attachment.documentTypeCode)).sort((a, b) => order(a) - order(b));
      // Returned, not thrown: the detachment must commit, so the dossier now asks for the document.
      if (unreplaced.length > 0) return { withdrawn: unreplaced };
      if (missing.length > 0) {
        throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.DocumentsMissing, `The dossier still needs: ${missing.join(', ')}.`, { missing });
      }
      await manager.update(Dossier, { id: dossier.id }, { status: 'submitted', submittedAt: now, statusChangedAt: now });
      return { view: await this.view(manager, { ...dossier, status: 'submitted', submittedAt: now, statusChangedAt: now }) };
    });
    if ('withdrawn' in outcome) {
      const reasons = outcome.withdrawn.map((attachment) => `${attachment.documentTypeCode} (${WITHDRAWAL_WORDS[attachment.reason]})`);
      this.logger.log(`Dossier ${id} not submitted: reused document(s) withdrawn since attached: ${reasons.join(', ')}`);
      throw new ApiError(
        HttpStatus.CONFLICT,
        DossierErrorCode.ReusedDocumentWithdrawn,
        `${outcome.withdrawn.length === 1 ? 'A document' : 'Documents'} reused for this dossier ${outcome.withdrawn.length === 1 ? 'is' : 'are'} no longer valid: ${reasons.join('; ')}. Please provide ${outcome.withdrawn.length === 1 ? 'it' : 'them'} again.`,
        { withdrawn: outcome.withdrawn.map(({ documentTypeCode, documentId, reason }) => ({ documentTypeCode, documentId, reason })) },
      );
    }
    this.logger.log(`Dossier ${id} submitted`);
    return outcome.view;
  }

  /** Detaches every reused document the index no longer lets this desk reuse; returns them with the reason. */
  private async detachWithdrawn(manager: EntityManager, dossier: Dossier, now: Date): Promise<WithdrawnAttachment[]> {
    const reused = await manager.find(DossierDocument, { where: { dossierId: dossier.id, source: 'reused' } });
    const withdrawals = await this.index.withdrawals(manager, reused.map((document) => document.documentId), now);
    const withdrawn: WithdrawnAttachment[] = [];
    for (const document of reused) {
      const reason = withdrawals.get(document.documentId);
      if (!reason) continue;
      await manager.delete(DossierDocument, { dossierId: dossier.id, documentTypeCode: document.documentTypeCode });
      withdrawn.push({ documentTypeCode: document.documentTypeCode, documentId: document.documentId, reason });
    }
    return withdrawn;
  }

  async verify(principal: Principal, id: string, documentTypeCode: string, validUntil: string | undefined): Promise<DossierView> {
    const officer = asOfficerOf(principal, this.settings.agencyCode);
    const now = new Date();
    // The vault reads it the same way (a bare date is the end of that day in Vietnam).
    const until = validUntil === undefined ? null : endOfValidity(validUntil);
    if (until !== null && !(until.getTime() > now.getTime())) {
      throw new ApiError(HttpStatus.BAD_REQUEST, DossierErrorCode.ValidityInPast, 'validUntil must be in the future: an expired document cannot be verified as valid.');
    }
    const view = await this.dataSource.transaction(async (manager) => {
      const dossier = await this.readable(manager, officer, id);
      const document = await manager.findOne(DossierDocument, {
        where: { dossierId: dossier.id, documentTypeCode },
        lock: { mode: 'pessimistic_write' },
      });
      if (!document) {
        throw new ApiError(HttpStatus.NOT_FOUND, DossierErrorCode.DocumentNotAttached, `Dossier ${id} has no ${documentTypeCode} document to verify.`);
      }
      if (document.source === 'reused') {
        throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.AlreadyVerified, `${documentTypeCode} was reused, already verified by ${document.verifiedByAgencyName ?? document.verifiedByAgencyCode}.`);
      }
      if (document.verification === 'verified') {
        throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.AlreadyVerified, `${documentTypeCode} of dossier ${id} is already verified.`);
      }
      await manager.update(
        DossierDocument,
        { dossierId: dossier.id, documentTypeCode },
        { verification: 'verified', verifiedByAgencyCode: this.settings.agencyCode, verifiedByOfficer: officer.subject, verifiedAt: now, validUntil: until },
      );
      await this.outbox.append(
        manager,
        DocumentVerified,
        Object.assign(new DocumentVerifiedV1(), {
          documentId: document.documentId,
          citizenRef: dossier.citizenRef,
          agencyCode: this.settings.agencyCode,
          dossierId: dossier.id,
          officer: officer.subject,
          verifiedAt: now.toISOString(),
          ...(validUntil === undefined ? {} : { validUntil }),
        }),
      );
      return this.view(manager, dossier);
    });
    this.logger.log(`Document ${view.documents.find((document) => document.documentTypeCode === documentTypeCode)?.documentId} of dossier ${id} verified`);
    return view;
  }

  async requestSupplement(principal: Principal, id: string, documentTypeCodes: string[], note: string): Promise<SupplementRequestView> {
    const officer = asOfficerOf(principal, this.settings.agencyCode);
    const request = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const dossier = await this.readable(manager, officer, id);
      const documents = await manager.find(DossierDocument, { where: { dossierId: dossier.id } });
      const heldHere = new Set(documents.filter((document) => isStillValid(document, now)).map((document) => document.documentTypeCode));
      const reusable = await this.index.reusable(manager, dossier.citizenRef, documentTypeCodes, now);
      const onFile = documentTypeCodes.filter((type) => heldHere.has(type) || reusable.has(type));
      if (onFile.length > 0) {
        throw new ApiError(
          HttpStatus.CONFLICT,
          DossierErrorCode.AlreadyOnFile,
          `The citizen already provided ${onFile.join(', ')}, still valid: it must not be asked for again.`,
          { documentTypeCodes: onFile },
        );
      }
      const created = manager.create(SupplementRequest, {
        id: randomUUID(),
        dossierId: dossier.id,
        documentTypeCodes,
        note,
        requestedBy: officer.subject,
        requestedAt: now,
      });
      await manager.insert(SupplementRequest, created);
      return created;
    });
    this.logger.log(`Supplement request ${request.id} on dossier ${id}`);
    return toSupplementRequestView(request);
  }

  /** Attaches what the index lets this desk reuse, each with its `DocumentReused` event; returns how many. */
  private async attachReusable(manager: EntityManager, dossier: Dossier, documentTypeCodes: readonly string[], now: Date): Promise<number> {
    const reusable = await this.index.reusable(manager, dossier.citizenRef, documentTypeCodes, now);
    for (const [documentTypeCode, document] of reusable) {
      await manager.insert(DossierDocument, {
        dossierId: dossier.id,
        documentTypeCode,
        documentId: document.documentId,
        source: 'reused',
        verification: 'verified',
        verifiedByAgencyCode: document.verifiedByAgencyCode,
        verifiedByAgencyName: document.verifiedByAgencyName,
        verifiedByOfficer: null,
        verifiedAt: document.verifiedAt,
        validUntil: document.validUntil,
        attachedAt: now,
      });
      await this.outbox.append(
        manager,
        DocumentReused,
        Object.assign(new DocumentReusedV1(), {
          documentId: document.documentId,
          citizenRef: dossier.citizenRef,
          agencyCode: this.settings.agencyCode,
          dossierId: dossier.id,
          reusedAt: now.toISOString(),
        }),
      );
    }
    return reusable.size;
  }

  private async mayProvide(
    manager: EntityManager,
    citizen: CitizenPrincipal,
    id: string,
    documentTypeCode: string,
    now: Date,
    lock = false,
  ): Promise<Dossier> {
    const dossier = await this.own(manager, citizen, id, lock);
    assertEditable(dossier);
    const procedure = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
    const required = requiredDocumentTypes(procedure.information);
    if (!required.includes(documentTypeCode)) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        DossierErrorCode.DocumentTypeNotRequired,
        `Procedure ${procedure.code} does not require ${documentTypeCode}; it requires ${required.join(', ') || 'no documents'}.`,
      );
    }
    const attached = await manager.findOne(DossierDocument, { where: { dossierId: dossier.id, documentTypeCode } });
    if (attached?.source === 'reused') throw alreadyOnFile(documentTypeCode, attached.verifiedByAgencyName ?? attached.verifiedByAgencyCode);
    if (attached) {
      throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.AlreadyProvided, `You already provided ${documentTypeCode} for this dossier.`);
    }
    const reusable = (await this.index.reusable(manager, dossier.citizenRef, [documentTypeCode], now)).get(documentTypeCode);
    if (reusable) throw alreadyOnFile(documentTypeCode, reusable.verifiedByAgencyName, ' It will be attached when you submit the dossier.');
    return dossier;
  }

  /** The dossier, if this principal may read it: its owner, or an officer of this agency. */
  private async readable(manager: EntityManager, principal: Principal, id: string): Promise<Dossier> {
    if (principal.role === 'citizen') return this.own(manager, principal, id);
    asOfficerOf(principal, this.settings.agencyCode);
    const dossier = await manager.findOne(Dossier, { where: { id } });
    if (!dossier) throw dossierNotFound(id);
    return dossier;
  }

  /** Another citizen's dossier is reported missing, not forbidden: its existence is no one else's business. */
  private async own(manager: EntityManager, citizen: CitizenPrincipal, id: string, lock = false): Promise<Dossier> {
    const dossier = await manager.findOne(Dossier, {
      where: { id, citizenPersonalId: citizen.personalId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!dossier) throw dossierNotFound(id);
    return dossier;
  }

  private async view(manager: EntityManager, dossier: Dossier): Promise<DossierView> {
    const [view] = await this.views(manager, [dossier]);
    return view;
  }

  /** Three queries for any number of dossiers, rather than three per dossier. */
  private async views(manager: EntityManager, dossiers: readonly Dossier[]): Promise<DossierView[]> {
    if (dossiers.length === 0) return [];
    const ids = dossiers.map((dossier) => dossier.id);
    const procedures = await this.catalog.publishedMany(
      dossiers.map((dossier) => ({ code: dossier.procedureCode, version: dossier.procedureVersion })),
      manager,
    );
    const documents = groupBy(await manager.find(DossierDocument, { where: { dossierId: In(ids) } }), (document) => document.dossierId);
    const requests = groupBy(await manager.find(SupplementRequest, { where: { dossierId: In(ids) } }), (request) => request.dossierId);
    return dossiers.map((dossier) => {
      const procedure = procedures.get(publishedKey({ code: dossier.procedureCode, version: dossier.procedureVersion }));
      // Published versions are never deleted, so this is a real fault.
      if (!procedure) throw new Error(`version ${dossier.procedureVersion} of procedure ${dossier.procedureCode} of dossier ${dossier.id} is missing`);
      return toDossierView(dossier, procedure, documents.get(dossier.id) ?? [], requests.get(dossier.id) ?? []);
    });
  }
}

function assertEditable(dossier: Dossier): void {
  if (dossier.status !== 'draft') {
    throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.DossierNotEditable, `Dossier ${dossier.id} is ${dossier.status}; documents can be added only to a draft.`);
  }
}

function alreadyOnFile(documentTypeCode: string, verifiedBy: string | null, more = ''): ApiError {
  return new ApiError(
    HttpStatus.CONFLICT,
    DossierErrorCode.AlreadyOnFile,
    `${documentTypeCode} is already on file with the state${verifiedBy ? ` (verified by ${verifiedBy})` : ''}: you need not provide it again.${more}`,
    { documentTypeCode },
  );
}

/** A document this agency already holds for the dossier that no one may ask for again. */
function isStillValid(document: DossierDocument, now: Date): boolean {
  return document.verification === 'verified' && (document.validUntil === null || document.validUntil.getTime() > now.getTime());
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    group.push(item);
    groups.set(key(item), group);
  }
  return groups;
}
