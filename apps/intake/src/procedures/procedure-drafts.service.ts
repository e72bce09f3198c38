import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError, PlatformErrorCode, type Principal } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { incompleteError, parseDraft, publicationRefusal } from './procedure-draft';
import { ProcedureErrorCode } from './procedure-error-code';
import type { ProcedureInformation } from './procedure-information';
import { classify } from './procedure-rules';
import { procedureRows } from './procedure-rows';
import { KnownDocumentType, Procedure, ProcedureVersion } from './procedure.entity';
import { toDraftView, toPublishedView, type ProcedureDraftView, type PublishedProcedureView } from './procedure.view';

/** Who changed a draft or published a version: an officer's subject, or the seed. */
export type Editor = string;

/**
 * This agency's officers' side of the catalog: drafts, and their publication as immutable
 * versions. Publishing locks the procedure's row, so two publications of one procedure get
 * consecutive versions and the published pointer always names the latest.
 */
@Injectable()
export class ProcedureDrafts {
  private readonly logger = new Logger(ProcedureDrafts.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
  ) {}

  async create(principal: Principal, code: string, rawDraft: unknown): Promise<ProcedureDraftView> {
    const editor = this.officerOfThisAgency(principal);
    const draft = parseDraft(rawDraft);
    const now = new Date();
    if (!(await procedureRows.insertDraft(this.dataSource.manager, code, draft, now, editor))) {
      throw new ApiError(HttpStatus.CONFLICT, ProcedureErrorCode.ProcedureExists, `Procedure ${code} exists already; edit its draft instead.`);
    }
    return toDraftView({ code, draft, publishedVersion: null, updatedAt: now, updatedBy: editor });
  }

  async get(principal: Principal, code: string): Promise<ProcedureDraftView> {
    this.officerOfThisAgency(principal);
    return toDraftView(await this.found(this.dataSource.manager, code));
  }

  async replace(principal: Principal, code: string, rawDraft: unknown): Promise<ProcedureDraftView> {
    const editor = this.officerOfThisAgency(principal);
    const draft = parseDraft(rawDraft);
    const row = await this.dataSource.transaction(async (manager) => {
      const procedure = await this.found(manager, code, true);
      Object.assign(procedure, { draft, updatedAt: new Date(), updatedBy: editor });
      await procedureRows.updateDraft(manager, code, draft, procedure.updatedAt, editor);
      return procedure;
    });
    return toDraftView(row);
  }

  async publish(principal: Principal, code: string): Promise<PublishedProcedureView> {
    const editor = this.officerOfThisAgency(principal);
    const version = await this.dataSource.transaction(async (manager) => {
      const procedure = await this.found(manager, code, true);
      return this.publishDraft(manager, procedure, editor);
    });
    return toPublishedView(version);
  }

  /**
   * The seed's way in: the entry becomes the draft and is published, unless the latest
   * published version already says the same (so restarts publish nothing). Returns the new
   * version, or null when nothing changed.
   */
  async seed(manager: EntityManager, code: string, information: ProcedureInformation, editor: Editor): Promise<number | null> {
    await procedureRows.insertDraft(manager, code, information, new Date(), editor);
    const procedure = await this.found(manager, code, true);
    if (procedure.publishedVersion !== null) {
      const latest = await manager.findOneByOrFail(ProcedureVersion, { code, version: procedure.publishedVersion });
      if (isDeepStrictEqual(latest.information, information)) return null;
    }
    procedure.draft = information;
    return (await this.publishDraft(manager, procedure, editor)).version;
  }

  /** The caller holds the procedure's row lock. Nothing is written when the draft is refused. */
  private async publishDraft(manager: EntityManager, procedure: Procedure, editor: Editor): Promise<ProcedureVersion> {
    const known = new Set((await manager.find(KnownDocumentType, { select: { code: true } })).map((type) => type.code));
    const refusal = publicationRefusal(procedure.draft, known);
    if (refusal) throw incompleteError(procedure.code, refusal);
    const information = procedure.draft as ProcedureInformation;
    const now = new Date();
    const version = manager.create(ProcedureVersion, {
      code: procedure.code,
      version: (procedure.publishedVersion ?? 0) + 1,
      information,
      classification: classify(information),
      publishedAt: now,
      publishedBy: editor,
      migratedWithout: null,
    });
    await procedureRows.insertVersion(manager, version);
    await procedureRows.updateDraft(manager, procedure.code, information, now, editor, version.version);
    this.logger.log(`Procedure ${procedure.code} version ${version.version} published (${version.classification})`);
    return version;
  }

  private async found(manager: EntityManager, code: string, lock = false): Promise<Procedure> {
    const procedure = await manager.findOne(Procedure, { where: { code }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!procedure) throw new ApiError(HttpStatus.NOT_FOUND, ProcedureErrorCode.UnknownProcedure, `This agency does not handle procedure ${code}.`);
    return procedure;
  }

  /** An officer edits only this desk's own catalog, whatever their token says they may do elsewhere. */
  private officerOfThisAgency(principal: Principal): Editor {
    if (principal.role !== 'officer') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'This action is for: officer.');
    if (principal.agencyCode !== this.settings.agencyCode) {
      throw new ApiError(HttpStatus.FORBIDDEN, ProcedureErrorCode.ForeignAgency, `Only officers of agency ${this.settings.agencyCode} may edit its procedures.`);
    }
    return principal.subject;
  }
}
