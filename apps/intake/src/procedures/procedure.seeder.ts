import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { Seeder } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { Procedure } from './procedure.entity';
import { proceduresOffered } from './procedure-seed';

/**
 * Loads this agency's procedures from `<folder>/procedures.json`. Idempotent: procedures are
 * upserted by code and never deleted, since dossiers keep referring to them.
 */
@Injectable()
export class ProcedureSeeder implements Seeder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IntakeSettings,
  ) {}

  async seed(folder: string): Promise<string> {
    const file = join(folder, 'procedures.json');
    const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
    const offered = proceduresOffered(raw, this.settings.agencyCode);
    await this.dataSource.transaction(async (manager) => {
      for (const entry of offered) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Procedure)
          .values({
            code: entry.code,
            nameVi: entry.nameVi,
            nameEn: entry.nameEn,
            level: entry.level,
            feeVnd: entry.feeVnd,
            requiredDocumentTypes: entry.requiredDocumentTypes,
          })
          .orUpdate(['name_vi', 'name_en', 'level', 'fee_vnd', 'required_document_types'], ['code'])
          .execute();
      }
    });
    const codes = offered.map((entry) => entry.code).join(', ');
    return `${offered.length} procedure(s) for agency ${this.settings.agencyCode} from ${file}${codes ? `: ${codes}` : ''}`;
  }
}
