import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agency directory and the document types: reference data, loaded by the seeder and the admin API. */
export class CreateDirectoryTables1764500000000 implements MigrationInterface {
  name = 'CreateDirectoryTables1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE governing_body (
        code text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('ministry', 'ministry-level-agency', 'government-agency', 'province')),
        name_vi text NOT NULL,
        name_en text NOT NULL,
        data_sharing_connected boolean NOT NULL DEFAULT false,
        data_sharing_effective_from timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE agency (
        code text PRIMARY KEY,
        governing_body_code text NOT NULL REFERENCES governing_body (code),
        name_vi text NOT NULL,
        name_en text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('central', 'province', 'commune'))
      )`);
    await queryRunner.query('CREATE INDEX agency_governing_body_idx ON agency (governing_body_code)');
    await queryRunner.query(`
      CREATE TABLE document_type (
        code text PRIMARY KEY,
        name_vi text NOT NULL,
        name_en text NOT NULL,
        validity_months integer CHECK (validity_months > 0)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE document_type');
    await queryRunner.query('DROP TABLE agency');
    await queryRunner.query('DROP TABLE governing_body');
  }
}
