import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { Seeder } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { ProcedureDrafts } from './procedure-drafts.service';
import { KnownDocumentType } from './procedure.entity';
import { documentTypesOfSeed, proceduresOffered } from './procedure-seed';

/** Who the versions loaded from the catalog file were published by. */
export const SEED_EDITOR = 'seed';

/**
 * Loads the platform's document types and this agency's procedures from `<folder>`
 * (`document-types.json`, `procedures.json`). Idempotent: a procedure is published as a new
 * version only when the file says something its latest version does not; versions are never
 * deleted, since dossiers keep referring to them.
 */
@Injectable()
export class ProcedureSeeder implements Seeder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
    private readonly drafts: ProcedureDrafts,
  ) {}

  async seed(folder: string): Promise<string> {
    const file = join(folder, 'procedures.json');
    const types = documentTypesOfSeed(JSON.parse(await readFile(join(folder, 'document-types.json'), 'utf8')));
    const offered = proceduresOffered(JSON.parse(await readFile(file, 'utf8')), this.settings.agencyCode, new Set(types.map((type) => type.code)));
    await this.dataSource.transaction(async (manager) => {
      if (types.length > 0) await manager.createQueryBuilder().insert().into(KnownDocumentType).values(types.map(({ code, nameVi }) => ({ code, nameVi }))).orUpdate(['name_vi'], ['code']).execute();
      for (const entry of offered) await this.drafts.seed(manager, entry.code, entry.information, SEED_EDITOR);
    });
    const codes = offered.map((entry) => entry.code).join(', ');
    return `${offered.length} procedure(s) for agency ${this.settings.agencyCode} from ${file}${codes ? `: ${codes}` : ''}`;
  }
}
