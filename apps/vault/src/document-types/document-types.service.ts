import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { decodeCursor, isCodeKey, toPage, type Page, type PageQuery } from '@app/platform';
import type { WriteOutcome } from '../common/write-outcome';
import { invalidDocumentTypeCode } from './document-type.errors';
import { DocumentType } from './document-type.entity';
import type { DocumentTypeView } from './document-types.dto';

/** Upper snake case, at most 64 characters: what the events' `documentTypeCode` allows. */
export const DOCUMENT_TYPE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

export type DocumentTypeInput = Omit<DocumentTypeView, 'code'>;

/** Document types, shared by the admin API and the seeder. */
@Injectable()
export class DocumentTypesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(page: PageQuery): Promise<Page<DocumentTypeView>> {
    const after = page.cursor ? (decodeCursor(page.cursor, [isCodeKey])[0] as string) : undefined;
    const types = await this.dataSource.manager.find(DocumentType, { where: after === undefined ? {} : { code: MoreThan(after) }, order: { code: 'ASC' }, take: page.limit + 1 });
    return toPage(types, page.limit, (type) => [type.code], toView);
  }

  /** Changing a validity applies to later verifications; documents already verified keep theirs. */
  async upsert(code: string, input: DocumentTypeInput): Promise<{ outcome: WriteOutcome; type: DocumentTypeView }> {
    if (!DOCUMENT_TYPE_CODE_PATTERN.test(code)) {
      throw invalidDocumentTypeCode(code);
    }
    const values = { code, nameVi: input.nameVi, nameEn: input.nameEn, validityMonths: input.validityMonths };
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.createQueryBuilder().insert().into(DocumentType).values(values).orIgnore().returning(['code']).execute();
      if ((inserted.raw as unknown[]).length > 0) return { outcome: 'created' as const, type: toView(values) };
      const existing = await manager.findOneOrFail(DocumentType, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (existing.nameVi === values.nameVi && existing.nameEn === values.nameEn && existing.validityMonths === values.validityMonths) {
        return { outcome: 'unchanged' as const, type: toView(existing) };
      }
      await manager.update(DocumentType, { code }, values);
      return { outcome: 'changed' as const, type: toView(values) };
    });
  }
}

function toView(type: DocumentTypeView): DocumentTypeView {
  return { code: type.code, nameVi: type.nameVi, nameEn: type.nameEn, validityMonths: type.validityMonths };
}
