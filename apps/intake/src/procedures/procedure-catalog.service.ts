import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import { ApiError, decodeCursor, isCodeKey, toPage, type Page, type PageQuery } from '@app/platform';
import { ProcedureErrorCode } from './procedure-error-code';
import { FIRST_ONLINE_LEVEL, Procedure } from './procedure.entity';

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
  async forOnlineDossier(code: string, manager: EntityManager = this.dataSource.manager): Promise<Procedure> {
    const procedure = await manager.findOne(Procedure, { where: { code } });
    if (!procedure) throw new ApiError(HttpStatus.NOT_FOUND, ProcedureErrorCode.UnknownProcedure, `This agency does not handle procedure ${code}.`);
    if (procedure.level < FIRST_ONLINE_LEVEL) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        ProcedureErrorCode.ProcedureNotOnline,
        `Procedure ${code} is a level ${procedure.level} service: its dossiers are filed in person or by post, not online.`,
      );
    }
    return procedure;
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
