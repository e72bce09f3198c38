import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of the availability record each index row came from. Rows indexed before
 * versions existed start at 0, so the next record of each document, whatever its version,
 * replaces them.
 */
export class AddReusableDocumentVersion1764700000000 implements MigrationInterface {
  name = 'AddReusableDocumentVersion1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE reusable_document ADD COLUMN version bigint NOT NULL DEFAULT 0 CHECK (version >= 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE reusable_document DROP COLUMN version');
  }
}
