import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import { ApiError, decodeCursor, isCodeKey, toPage, type Page, type PageQuery } from '@app/platform';
import type { ProcedureInformation } from './procedure-information';
import { ProcedureErrorCode } from './procedure-error-code';
import { FIRST_ONLINE_LEVEL, Procedure } from './procedure.entity';

export interface PublishedProcedure {
  readonly code: string;
  readonly version: number;
  readonly information: ProcedureInformation;
}

export interface ProcedureView {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly level: number;
  readonly feeVnd: number;
  readonly requiredDocumentTypes: string[];
  readonly acceptsOnlineDossiers: boolean;
}

@Injectable()
export class ProcedureCatalog {
  constructor(private readonly dataSource: DataSource) {}

  async list(page: PageQuery): Promise<Page<ProcedureView>> {
    const after = page.cursor ? (decodeCursor(page.cursor, [isCodeKey])[0] as string) : undefined;
    const procedures = await this.dataSource.manager.find(Procedure, { where: after === undefined ? {} : { code: MoreThan(after) }, order: { code: 'ASC' }, take: page.limit + 1 });
    return toPage(procedures, page.limit, (procedure) => [procedure.code], toProcedureView);
  }

  /** The procedure a new online dossier is filed under: it must exist here and accept online dossiers. */
  async forOnlineDossier(code: string, manager: EntityManager = this.dataSource.manager): Promise<PublishedProcedure> {
    const procedure = await manager.findOne(Procedure, { where: { code } });
    if (!procedure) throw new ApiError(HttpStatus.NOT_FOUND, ProcedureErrorCode.UnknownProcedure, `This agency does not handle procedure ${code}.`);
    if (procedure.level < FIRST_ONLINE_LEVEL) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        ProcedureErrorCode.ProcedureNotOnline,
        `Procedure ${code} is a level ${procedure.level} service: its dossiers are filed in person or by post, not online.`,
      );
    }
    return this.published(code, 1, manager);
  }

  /** TEMPORARY until the versioned catalog lands: version 1 built from the flat row. */
  async published(code: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<PublishedProcedure> {
    const procedure = await this.get(code, manager);
    return {
      code,
      version,
      information: {
        nationalCode: code,
        nameVi: procedure.nameVi,
        nameEn: procedure.nameEn,
        level: procedure.level as 1 | 2 | 3 | 4,
        steps: [],
        methodVi: '',
        components: procedure.requiredDocumentTypes.map((documentTypeCode) => ({ documentTypeCode, nameVi: documentTypeCode, originals: 0, copies: 1, required: true })),
        processingWorkingDays: 5,
        subjectsVi: [],
        handlingAgencyVi: '',
        result: { documentTypeCode: 'CRIMINAL_RECORD_CERTIFICATE', nameVi: 'Phiếu lý lịch tư pháp' },
        forms: [],
        requirementsVi: [],
        fees: procedure.feeVnd > 0 ? [{ code: 'FEE', nameVi: 'Lệ phí', kind: 'fixed', amountVnd: procedure.feeVnd }] : [],
        receiving: procedure.level >= 3 ? ['online', 'in_person'] : ['in_person'],
        returning: procedure.level >= 4 ? ['online', 'post', 'in_person'] : ['in_person', 'post'],
      },
    };
  }

  async get(code: string, manager: EntityManager = this.dataSource.manager): Promise<Procedure> {
    const procedure = await manager.findOne(Procedure, { where: { code } });
    // A dossier's procedure is never deleted (the seeder only upserts), so this is a real fault.
    if (!procedure) throw new Error(`procedure ${code} of an existing dossier is missing`);
    return procedure;
  }
}

export function toProcedureView(procedure: Procedure): ProcedureView {
  return {
    code: procedure.code,
    nameVi: procedure.nameVi,
    nameEn: procedure.nameEn,
    level: procedure.level,
    feeVnd: procedure.feeVnd,
    requiredDocumentTypes: procedure.requiredDocumentTypes,
    acceptsOnlineDossiers: procedure.level >= FIRST_ONLINE_LEVEL,
  };
}
