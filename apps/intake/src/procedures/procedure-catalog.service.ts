import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError, decodeCursor, isCodeKey, toPage, type Page, type PageQuery } from '@app/platform';
import { ProcedureErrorCode } from './procedure-error-code';
import { acceptsOnlineDossiers } from './procedure-rules';
import { ProcedureVersion } from './procedure.entity';
import {
  toPublished,
  toPublishedView,
  toSummaryView,
  toVersionSummaryView,
  type ProcedureSummaryView,
  type ProcedureVersionSummaryView,
  type PublishedProcedure,
  type PublishedProcedureView,
} from './procedure.view';

/**
 * The published side of this agency's catalog: what the public reads and what dossiers are
 * filed under. Only published versions are visible here; drafts are `ProcedureDrafts`'.
 */
@Injectable()
export class ProcedureCatalog {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest version of every published procedure, keyset-paged by code. */
  async list(page: PageQuery): Promise<Page<ProcedureSummaryView>> {
    const after = page.cursor ? (decodeCursor(page.cursor, [isCodeKey])[0] as string) : undefined;
    const query = this.latestVersions(this.dataSource.manager).orderBy('version.code', 'ASC').limit(page.limit + 1);
    if (after !== undefined) query.andWhere('version.code > :after', { after });
    return toPage(await query.getMany(), page.limit, (row) => [row.code], toSummaryView);
  }

  async latestView(code: string): Promise<PublishedProcedureView> {
    return toPublishedView(await this.latestRow(code, this.dataSource.manager));
  }

  async versions(code: string): Promise<ProcedureVersionSummaryView[]> {
    const rows = await this.dataSource.manager.find(ProcedureVersion, { where: { code }, order: { version: 'ASC' } });
    if (rows.length === 0) throw unknownProcedure(code);
    return rows.map(toVersionSummaryView);
  }

  async versionView(code: string, version: number): Promise<PublishedProcedureView> {
    const row = await this.dataSource.manager.findOne(ProcedureVersion, { where: { code, version } });
    if (!row) {
      if (!(await this.dataSource.manager.exists(ProcedureVersion, { where: { code } }))) throw unknownProcedure(code);
      throw new ApiError(HttpStatus.NOT_FOUND, ProcedureErrorCode.UnknownVersion, `Procedure ${code} has no published version ${version}.`);
    }
    return toPublishedView(row);
  }

  /** The latest published version, for anything new (a dossier, a blank form). */
  async latest(code: string, manager: EntityManager = this.dataSource.manager): Promise<PublishedProcedure> {
    return toPublished(await this.latestRow(code, manager));
  }

  /** The procedure a new online dossier is filed under: published here, and at level 3 or 4. */
  async forOnlineDossier(code: string, manager: EntityManager = this.dataSource.manager): Promise<PublishedProcedure> {
    const procedure = await this.latest(code, manager);
    if (!acceptsOnlineDossiers(procedure.information)) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        ProcedureErrorCode.ProcedureNotOnline,
        `Procedure ${code} is a level ${procedure.information.level} service: its dossiers are filed in person or by post, not online.`,
      );
    }
    return procedure;
  }

  /** The version a dossier was filed under. Versions are never deleted, so a missing one is a fault. */
  async published(code: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<PublishedProcedure> {
    const row = await manager.findOne(ProcedureVersion, { where: { code, version } });
    if (!row) throw new Error(`version ${version} of procedure ${code} is missing`);
    return toPublished(row);
  }

  /** Several (code, version) pairs at once, for a page of dossiers; keyed `code@version`. */
  async publishedMany(keys: readonly { code: string; version: number }[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, PublishedProcedure>> {
    if (keys.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder(ProcedureVersion, 'version')
      .where('(version.code, version.version) IN (SELECT * FROM unnest(:codes::text[], :versions::int[]))', {
        codes: keys.map((key) => key.code),
        versions: keys.map((key) => key.version),
      })
      .getMany();
    return new Map(rows.map((row) => [publishedKey(row), toPublished(row)]));
  }

  private latestVersions(manager: EntityManager) {
    return manager
      .createQueryBuilder(ProcedureVersion, 'version')
      .innerJoin('procedure', 'procedure', 'procedure.code = version.code AND procedure.published_version = version.version');
  }

  private async latestRow(code: string, manager: EntityManager): Promise<ProcedureVersion> {
    const row = await this.latestVersions(manager).where('version.code = :code', { code }).getOne();
    if (!row) throw unknownProcedure(code);
    return row;
  }
}

export function publishedKey(procedure: { code: string; version: number }): string {
  return `${procedure.code}@${procedure.version}`;
}

function unknownProcedure(code: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, ProcedureErrorCode.UnknownProcedure, `This agency does not handle procedure ${code}.`);
}
