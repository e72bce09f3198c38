import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Level 1 fields the flat catalog never held: a converted version says it lacks them. */
const NOT_IN_THE_FLAT_CATALOG = [
  'nationalCode',
  'steps',
  'methodVi',
  'components.nameVi',
  'components.originals',
  'components.copies',
  'processingWorkingDays',
  'subjectsVi',
  'handlingAgencyVi',
  'result',
  'forms',
  'requirementsVi',
  'fees.nameVi',
  'receiving',
  'returning',
];

/**
 * Drafts and published versions instead of one flat row per procedure. Each existing row
 * becomes version 1, which the dossiers already name (1764900000000), built from its old
 * columns: what they did not hold is an empty placeholder, listed in `migrated_without`.
 * Its components are assumed to need their originals at the desk (the usual "bản chính để
 * đối chiếu"), so no converted procedure claims to be wholly online.
 */
export class CreateProcedureVersions1764905000000 implements MigrationInterface {
  name = 'CreateProcedureVersions1764905000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE procedure_version (
        code text NOT NULL REFERENCES procedure (code),
        version int NOT NULL CHECK (version >= 1),
        information jsonb NOT NULL CHECK (jsonb_typeof(information) = 'object'),
        classification text NOT NULL CHECK (classification IN ('not_online', 'partial_online', 'full_online')),
        published_at timestamptz NOT NULL,
        published_by text NOT NULL,
        migrated_without text[],
        PRIMARY KEY (code, version),
        -- Only levels 3 and 4 receive online, and only level 4 can be wholly online.
        CHECK ((classification = 'not_online') = ((information ->> 'level')::int < 3)),
        CHECK (classification <> 'full_online' OR (information ->> 'level')::int = 4)
      )`);
    await queryRunner.query(
      `INSERT INTO procedure_version (code, version, information, classification, published_at, published_by, migrated_without)
       SELECT p.code, 1,
         jsonb_build_object(
           'nationalCode', '', 'nameVi', p.name_vi, 'nameEn', p.name_en, 'level', p.level,
           'steps', '[]'::jsonb, 'methodVi', '',
           'components', coalesce((
             SELECT jsonb_agg(jsonb_build_object('documentTypeCode', t.code, 'nameVi', t.code, 'originals', 1, 'copies', 0, 'required', true) ORDER BY t.position)
             FROM unnest(p.required_document_types) WITH ORDINALITY AS t (code, position)), '[]'::jsonb),
           'processingWorkingDays', 0, 'subjectsVi', '[]'::jsonb, 'handlingAgencyVi', '',
           'result', jsonb_build_object('documentTypeCode', '', 'nameVi', ''),
           'forms', '[]'::jsonb, 'requirementsVi', '[]'::jsonb,
           'fees', CASE WHEN p.fee_vnd > 0
             THEN jsonb_build_array(jsonb_build_object('code', 'FEE', 'nameVi', 'Phí, lệ phí', 'kind', 'fixed', 'amountVnd', p.fee_vnd))
             ELSE '[]'::jsonb END,
           'receiving', CASE WHEN p.level >= 3 THEN '["online"]'::jsonb ELSE '["in_person"]'::jsonb END,
           'returning', CASE WHEN p.level = 4 THEN '["online"]'::jsonb ELSE '["in_person"]'::jsonb END),
         CASE WHEN p.level >= 3 THEN 'partial_online' ELSE 'not_online' END,
         now(), 'migration 1764905000000', $1::text[]
       FROM procedure p`,
      [NOT_IN_THE_FLAT_CATALOG],
    );
    await queryRunner.query(`
      ALTER TABLE procedure
        ADD COLUMN draft jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(draft) = 'object'),
        ADD COLUMN published_version int,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN updated_by text NOT NULL DEFAULT 'migration 1764905000000'`);
    await queryRunner.query("UPDATE procedure p SET draft = v.information, published_version = 1 FROM procedure_version v WHERE v.code = p.code AND v.version = 1");
    await queryRunner.query(`
      ALTER TABLE procedure
        DROP COLUMN name_vi, DROP COLUMN name_en, DROP COLUMN level, DROP COLUMN fee_vnd, DROP COLUMN required_document_types,
        ALTER COLUMN draft DROP DEFAULT, ALTER COLUMN updated_at DROP DEFAULT, ALTER COLUMN updated_by DROP DEFAULT,
        ADD CONSTRAINT procedure_published_version_fkey FOREIGN KEY (code, published_version) REFERENCES procedure_version (code, version)`);
    // A dossier names a version that exists, and versions are never deleted.
    await queryRunner.query(
      'ALTER TABLE dossier ADD CONSTRAINT dossier_procedure_version_fkey FOREIGN KEY (procedure_code, procedure_version) REFERENCES procedure_version (code, version)',
    );
    await queryRunner.query('CREATE TABLE known_document_type (code text PRIMARY KEY, name_vi text NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE known_document_type');
    await queryRunner.query('ALTER TABLE dossier DROP CONSTRAINT dossier_procedure_version_fkey');
    await queryRunner.query(`
      ALTER TABLE procedure
        DROP CONSTRAINT procedure_published_version_fkey,
        ADD COLUMN name_vi text, ADD COLUMN name_en text, ADD COLUMN level int CHECK (level BETWEEN 1 AND 4),
        ADD COLUMN fee_vnd int CHECK (fee_vnd >= 0), ADD COLUMN required_document_types text[] NOT NULL DEFAULT '{}'`);
    // Back to the flat row of the latest version: per-unit fees and everything else are lost.
    await queryRunner.query(`
      UPDATE procedure p SET
        name_vi = coalesce(v.information ->> 'nameVi', p.code), name_en = coalesce(v.information ->> 'nameEn', p.code),
        level = coalesce((v.information ->> 'level')::int, 1),
        fee_vnd = coalesce((SELECT sum((f ->> 'amountVnd')::int) FROM jsonb_array_elements(v.information -> 'fees') f WHERE f ->> 'kind' = 'fixed'), 0),
        required_document_types = coalesce(ARRAY(
          SELECT c ->> 'documentTypeCode' FROM jsonb_array_elements(v.information -> 'components') c WHERE (c ->> 'required')::boolean), '{}')
      FROM procedure_version v WHERE v.code = p.code AND v.version = p.published_version`);
    await queryRunner.query("UPDATE procedure SET name_vi = code, name_en = code, level = 1, fee_vnd = 0 WHERE name_vi IS NULL");
    await queryRunner.query('ALTER TABLE procedure ALTER COLUMN name_vi SET NOT NULL, ALTER COLUMN name_en SET NOT NULL, ALTER COLUMN level SET NOT NULL, ALTER COLUMN fee_vnd SET NOT NULL');
    await queryRunner.query('ALTER TABLE procedure DROP COLUMN draft, DROP COLUMN published_version, DROP COLUMN updated_at, DROP COLUMN updated_by');
    await queryRunner.query('DROP TABLE procedure_version');
  }
}
