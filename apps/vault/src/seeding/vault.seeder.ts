import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSeed, type Seeder } from '@app/platform';
import type { WriteOutcome } from '../common/write-outcome';
import { DirectoryService } from '../directory/directory.service';
import { DocumentTypesService } from '../document-types/document-types.service';
import { SigningKeysService } from '../signing-keys/signing-keys.service';
import { SeedDirectory, SeedDocumentTypes, SeedSigningKeys } from './seed-files.dto';

/**
 * Loads `directory.json` and `document-types.json` through the same services as the admin
 * API, so the seed is validated and announced exactly like an admin's change. Idempotent:
 * only new or changed governing bodies are announced, so re-seeding is quiet.
 *
 * A folder may instead (or also) hold `signing-keys.json`, the public keys the platform's key
 * generator wrote (`scripts/signing-keys.ts`): they are registered in the key directory, after
 * the agencies they belong to.
 */
@Injectable()
export class VaultSeeder implements Seeder {
  constructor(
    private readonly directory: DirectoryService,
    private readonly documentTypes: DocumentTypesService,
    private readonly signingKeys: SigningKeysService,
  ) {}

  async seed(folder: string): Promise<string> {
    const keysFile = join(folder, 'signing-keys.json');
    const hasKeys = existsSync(keysFile);
    const lines: string[] = [];
    if (!hasKeys || existsSync(join(folder, 'directory.json'))) lines.push(await this.seedReferenceData(folder));
    if (hasKeys) {
      const { signingKeys } = await readSeed(keysFile, SeedSigningKeys);
      const outcomes: WriteOutcome[] = [];
      for (const { kid, ...key } of signingKeys) outcomes.push((await this.signingKeys.register(kid, key)).outcome);
      lines.push(`signing keys: ${outcomes.length} (${summarise(outcomes)})`);
    }
    return lines.join('; ');
  }

  private async seedReferenceData(folder: string): Promise<string> {
    const directory = await readSeed(join(folder, 'directory.json'), SeedDirectory);
    const types = await readSeed(join(folder, 'document-types.json'), SeedDocumentTypes);

    const typeOutcomes: WriteOutcome[] = [];
    for (const { code, nameVi, nameEn, validityMonths } of types.documentTypes) {
      typeOutcomes.push((await this.documentTypes.upsert(code, { nameVi, nameEn, validityMonths })).outcome);
    }

    // Every body's topic exists before any body is committed (one round trip for them all).
    await this.directory.ensureAvailabilityTopics(directory.governingBodies.map((body) => body.code));
    const bodyOutcomes: WriteOutcome[] = [];
    for (const body of directory.governingBodies) {
      bodyOutcomes.push(
        await this.directory.declareGoverningBody({
          code: body.code,
          kind: body.kind,
          nameVi: body.nameVi,
          nameEn: body.nameEn,
          dataSharing: { connected: body.dataSharing.connected, effectiveFrom: new Date(body.dataSharing.effectiveFrom) },
          agencies: body.agencies,
        }),
      );
    }
    const agencies = directory.governingBodies.reduce((sum, body) => sum + body.agencies.length, 0);
    return (
      `directory: ${bodyOutcomes.length} governing bodies (${summarise(bodyOutcomes)}), ${agencies} agencies; ` +
      `document types: ${typeOutcomes.length} (${summarise(typeOutcomes)})`
    );
  }
}

function summarise(outcomes: WriteOutcome[]): string {
  const count = (outcome: WriteOutcome) => outcomes.filter((candidate) => candidate === outcome).length;
  return `${count('created')} new, ${count('changed')} changed, ${count('unchanged')} unchanged`;
}
