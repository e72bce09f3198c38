import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { DocumentProvided, DocumentProvidedV1, DocumentReused, DocumentReusedV1, DocumentVerified, DocumentVerifiedV1, endOfValidity } from '@app/contracts';
import { OutboxWriter } from '@app/messaging';
import { ApiError, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page, type PageQuery, type Principal } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { ProcedureCatalog, publishedKey } from '../procedures/procedure-catalog.service';
import type { Channel, ProcedureInformation } from '../procedures/procedure-information';
import { applicationForm, feeVnd, requiredDocumentTypes } from '../procedures/procedure-rules';
import { FormValidator } from '../forms/form-validator';
import { AppointmentClock } from '../lifecycle/appointment-clock';
import { DossierLifecycle, nextStatus, type Actor } from '../lifecycle/dossier-lifecycle.service';
import { LifecycleErrorCode } from '../lifecycle/lifecycle-error-code';
import { ReuseIndex } from '../reuse/reuse-index.service';
import type { ReuseWithdrawal } from '../reuse/reuse-rule';
import { VaultClient } from '@app/vault-client';
import { asCitizen, asOfficerOf, dossierNotFound, type CitizenPrincipal } from './dossier-access';
import { DossierDocument } from './dossier-document.entity';
import { Dossier } from './dossier.entity';
import { missingDocumentTypes, toDossierView, toSupplementRequestView, toTransitionView, type DossierTransitionView, type DossierView, type SupplementRequestView } from './dossier.view';
import { DossierErrorCode } from './dossier-error-code';
import { SupplementRequest } from './supplement-request.entity';
import { assertUploadAcceptable, forwardedFileName } from './upload-content.check';

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
    private readonly lifecycle: DossierLifecycle,
    private readonly clock: AppointmentClock,
    private readonly forms: FormValidator,
  ) {}

  async create(principal: Principal, authorization: string, procedureCode: string): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const { version, information: procedure } = await this.catalog.forOnlineDossier(procedureCode);
    // Outside the transaction: no connection is held while the vault answers.
    const citizenRef = await this.vault.citizenRef(authorization);
    const { view, reused } = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const dossier = manager.create(Dossier, {
        id: randomUUID(),
        procedureCode,
        procedureVersion: version,
        procedureLevel: procedure.level,
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
      const attached = await this.attachReusable(manager, dossier, requiredDocumentTypes(procedure), now);
      // A new dossier holds only what was just attached and has no supplement request yet, so
      // its view is built from what was written rather than read back.
      return { view: toDossierView(dossier, procedure, attached, []), reused: attached.length };
    });
    this.logger.log(`Dossier ${view.id} created under ${procedureCode} v${version}: ${reused} document(s) reused, ${view.stillRequired.length} still required`);
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
    await assertUploadAcceptable(file);
    await this.mayProvide(this.dataSource.manager, citizen, id, documentTypeCode, new Date());
    const stored = await this.vault.storeDocument(authorization, {
      content: file.buffer,
      fileName: forwardedFileName(file.originalname, documentTypeCode),
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

  /**
   * Online submission (levels 3 and 4). Besides the documents, the citizen says how the result
   * should come back, from what the procedure offers; the fee is fixed now from the procedure
   * and the form, so what the citizen pays cannot move under them.
   */
  async submit(principal: Principal, id: string, chosen: Channel | undefined): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ view: DossierView } | { withdrawn: WithdrawnAttachment[] }> => {
      const now = new Date();
      const dossier = await this.own(manager, citizen, id, true);
      nextStatus(dossier, 'submit', citizenActor(citizen));
      const { information: procedure } = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
      const returnChannel = chosen ?? (procedure.level === 4 ? 'online' : 'in_person');
      assertReturnChannelOffered(procedure, returnChannel);
      const withdrawn = await this.refreshReuse(manager, dossier, procedure, now);
      if (withdrawn.length > 0) return { withdrawn };
      const form = applicationForm(procedure);
      if (form && dossier.formData === null) {
        throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.FormNotAnswered, `Fill in the application form "${form.titleVi}" (PUT /dossiers/${id}/form) before submitting.`, { formCode: form.code });
      }
      const fee = feeVnd(procedure, dossier.formData ?? {});
      await this.lifecycle.move(manager, dossier, 'submit', citizenActor(citizen), { changes: { submittedAt: now, returnChannel, feeVnd: fee }, at: now });
      return { view: await this.view(manager, dossier) };
    });
    if ('withdrawn' in outcome) throw withdrawnRefusal(id, outcome.withdrawn, this.logger);
    this.logger.log(`Dossier ${id} submitted`);
    return outcome.view;
  }

  /**
   * Answers the open supplement request. Everything it asked for must be attached now; the
   * clock, stopped when it was sent, starts again with the working days it had left.
   */
  async resubmit(principal: Principal, id: string): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const view = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const dossier = await this.own(manager, citizen, id, true);
      nextStatus(dossier, 'resubmit', citizenActor(citizen));
      const open = await this.openSupplementRequest(manager, dossier.id);
      const attached = new Set((await manager.find(DossierDocument, { where: { dossierId: dossier.id } })).map((document) => document.documentTypeCode));
      const unanswered = (open?.documentTypeCodes ?? []).filter((type) => !attached.has(type));
      if (unanswered.length > 0) {
        throw new ApiError(HttpStatus.CONFLICT, LifecycleErrorCode.SupplementNotAnswered, `The supplement request still needs: ${unanswered.join(', ')}.`, { missing: unanswered });
      }
      if (open) await manager.update(SupplementRequest, { id: open.id }, { resolvedAt: now });
      const resumed = dossier.pausedWorkingDays === null ? {} : { appointmentDate: this.clock.resume(now, dossier.pausedWorkingDays), pausedWorkingDays: null };
      await this.lifecycle.move(manager, dossier, 'resubmit', citizenActor(citizen), { changes: resumed, at: now });
      return this.view(manager, dossier);
    });
    this.logger.log(`Dossier ${id} resubmitted`);
    return view;
  }

  /** The citizen may withdraw a dossier at any point before the agency has decided on it. */
  async withdraw(principal: Principal, id: string, reason: string | undefined): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const view = await this.dataSource.transaction(async (manager) => {
      const dossier = await this.own(manager, citizen, id, true);
      await this.lifecycle.move(manager, dossier, 'withdraw', citizenActor(citizen), reason === undefined ? {} : { reason });
      return this.view(manager, dossier);
    });
    this.logger.log(`Dossier ${id} withdrawn by its citizen`);
    return view;
  }

  /**
   * The citizen's answers to the procedure's application e-form (levels 3 and 4), checked
   * against its JSON Schema field by field; a draft's answers may be replaced until submission.
   */
  async answerForm(principal: Principal, id: string, answers: unknown): Promise<DossierView> {
    const citizen = asCitizen(principal);
    const view = await this.dataSource.transaction(async (manager) => {
      const dossier = await this.own(manager, citizen, id, true);
      assertEditable(dossier);
      const { information } = await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager);
      const form = applicationForm(information);
      if (!form) throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.NoApplicationForm, `Procedure ${dossier.procedureCode} has no application form to answer.`);
      const formData = this.forms.validate(form, answers);
      await manager.update(Dossier, { id: dossier.id }, { formData });
      return this.view(manager, { ...dossier, formData });
    });
    this.logger.log(`Dossier ${id}: application form answered`);
    return view;
  }

  /** Every step of the dossier, oldest first: who, when and why. */
  async history(principal: Principal, id: string): Promise<DossierTransitionView[]> {
    const manager = this.dataSource.manager;
    const dossier = await this.readable(manager, principal, id);
    return (await this.lifecycle.history(manager, dossier.id)).map(toTransitionView);
  }

  /**
   * Re-checks reuse against the index before submission. A document reused when the dossier
   * was opened may have been revoked, or have expired, since: it no longer stands for the
   * citizen's copy. It is detached (and replaced if another reusable one exists); what nothing
   * replaces is returned, and the caller commits the detachment so the dossier asks for it.
   */
  private async refreshReuse(manager: EntityManager, dossier: Dossier, procedure: ProcedureInformation, now: Date): Promise<WithdrawnAttachment[]> {
    const required = requiredDocumentTypes(procedure);
    const withdrawn = await this.detachWithdrawn(manager, dossier, now);
    // A document may have become reusable since the dossier was opened (the upload route
    // refuses it for that reason): attach it now rather than count it as missing.
    const before = await manager.find(DossierDocument, { where: { dossierId: dossier.id } });
    await this.attachReusable(manager, dossier, missingDocumentTypes(required, before), now);
    const missing = missingDocumentTypes(required, await manager.find(DossierDocument, { where: { dossierId: dossier.id } }));
    const order = (attachment: WithdrawnAttachment) => required.indexOf(attachment.documentTypeCode);
    const unreplaced = withdrawn.filter((attachment) => missing.includes(attachment.documentTypeCode)).sort((a, b) => order(a) - order(b));
    if (unreplaced.length > 0) return unreplaced;
    if (missing.length > 0) {
      throw new ApiError(HttpStatus.CONFLICT, DossierErrorCode.DocumentsMissing, `The dossier still needs: ${missing.join(', ')}.`, { missing });
    }
    return [];
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

  /**
   * Decree 61/2018's supplement request: never for a document already on file and valid. Once
   * the dossier is received, the processing clock stops until the citizen answers.
   */
  async requestSupplement(principal: Principal, id: string, documentTypeCodes: string[], note: string): Promise<SupplementRequestView> {
    const officer = asOfficerOf(principal, this.settings.agencyCode);
    const request = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const dossier = await this.readable(manager, officer, id, true);
      nextStatus(dossier, 'request_supplement', { role: 'officer', subject: officer.subject });
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
        resolvedAt: null,
      });
      await manager.insert(SupplementRequest, created);
      const paused = dossier.appointmentDate === null ? {} : { pausedWorkingDays: this.clock.pause(now, dossier.appointmentDate) };
      await this.lifecycle.move(manager, dossier, 'request_supplement', { role: 'officer', subject: officer.subject }, { changes: paused, reason: note, at: now });
      return created;
    });
    this.logger.log(`Supplement request ${request.id} on dossier ${id}`);
    return toSupplementRequestView(request);
  }

  /** Attaches what the index lets this desk reuse, each with its `DocumentReused` event; returns what it attached. */
  private async attachReusable(manager: EntityManager, dossier: Dossier, documentTypeCodes: readonly string[], now: Date): Promise<DossierDocument[]> {
    const reusable = await this.index.reusable(manager, dossier.citizenRef, documentTypeCodes, now);
    if (reusable.size === 0) return [];
    const attached = [...reusable].map(([documentTypeCode, document]) =>
      manager.create(DossierDocument, {
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
      }),
    );
    await manager.insert(DossierDocument, attached);
    await this.outbox.appendAll(
      manager,
      DocumentReused,
      attached.map((document) =>
        Object.assign(new DocumentReusedV1(), {
          documentId: document.documentId,
          citizenRef: dossier.citizenRef,
          agencyCode: this.settings.agencyCode,
          dossierId: dossier.id,
          reusedAt: now.toISOString(),
        }),
      ),
    );
    return attached;
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
    const asked = await this.askedFor(manager, dossier);
    if (!asked.includes(documentTypeCode)) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        DossierErrorCode.DocumentTypeNotRequired,
        `Dossier ${dossier.id} does not ask for ${documentTypeCode}; it asks for ${asked.join(', ') || 'no documents'}.`,
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

  /**
   * The document types a citizen may add now: the procedure's own while the dossier is a draft,
   * and what an open supplement request names while it waits for one.
   */
  private async askedFor(manager: EntityManager, dossier: Dossier): Promise<string[]> {
    if (dossier.status === 'supplement_requested') return (await this.openSupplementRequest(manager, dossier.id))?.documentTypeCodes ?? [];
    assertEditable(dossier);
    return requiredDocumentTypes((await this.catalog.published(dossier.procedureCode, dossier.procedureVersion, manager)).information);
  }

  private openSupplementRequest(manager: EntityManager, dossierId: string): Promise<SupplementRequest | null> {
    return manager.findOne(SupplementRequest, { where: { dossierId, resolvedAt: IsNull() }, order: { requestedAt: 'DESC' } });
  }

  /** The dossier, if this principal may read it: its owner, or an officer of this agency. */
  async readable(manager: EntityManager, principal: Principal, id: string, lock = false): Promise<Dossier> {
    if (principal.role === 'citizen') return this.own(manager, principal, id, lock);
    asOfficerOf(principal, this.settings.agencyCode);
    const dossier = await manager.findOne(Dossier, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
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

  async view(manager: EntityManager, dossier: Dossier): Promise<DossierView> {
    const [view] = await this.views(manager, [dossier]);
    return view;
  }

  /** A few queries for any number of dossiers, rather than a few per dossier. */
  async views(manager: EntityManager, dossiers: readonly Dossier[]): Promise<DossierView[]> {
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
      return toDossierView(dossier, procedure.information, documents.get(dossier.id) ?? [], requests.get(dossier.id) ?? []);
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

function citizenActor(citizen: CitizenPrincipal): Actor {
  return { role: 'citizen', subject: citizen.subject };
}

/** Level 3 returns results in person or by post; level 4 also online (Circular 32/2017). */
function assertReturnChannelOffered(procedure: ProcedureInformation, channel: Channel): void {
  const offered = procedure.returning.filter((returning) => returning !== 'online' || procedure.level === 4);
  if (!offered.includes(channel)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, LifecycleErrorCode.ReturnChannelNotOffered, `This procedure returns results ${offered.join(', ')}; not ${channel}.`, { offered });
  }
}

function withdrawnRefusal(id: string, withdrawn: readonly WithdrawnAttachment[], logger: Logger): ApiError {
  const reasons = withdrawn.map((attachment) => `${attachment.documentTypeCode} (${WITHDRAWAL_WORDS[attachment.reason]})`);
  logger.log(`Dossier ${id} not submitted: reused document(s) withdrawn since attached: ${reasons.join(', ')}`);
  const one = withdrawn.length === 1;
  return new ApiError(
    HttpStatus.CONFLICT,
    DossierErrorCode.ReusedDocumentWithdrawn,
    `${one ? 'A document' : 'Documents'} reused for this dossier ${one ? 'is' : 'are'} no longer valid: ${reasons.join('; ')}. Please provide ${one ? 'it' : 'them'} again.`,
    { withdrawn: withdrawn.map(({ documentTypeCode, documentId, reason }) => ({ documentTypeCode, documentId, reason })) },
  );
}
