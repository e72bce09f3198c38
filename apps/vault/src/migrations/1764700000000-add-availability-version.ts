import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-document versions of availability records. `availability_version` counts the records
 * published about a document (0: never announced); AvailabilityPublisher raises it, under the
 * document's row lock, in the transaction that appends each record, so the count and the
 * outbox can never disagree.
 */
export class AddAvailabilityVersion1764700000000 implements MigrationInterface {
  name = 'AddAvailabilityVersion1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE document ADD COLUMN availability_version bigint NOT NULL DEFAULT 0 CHECK (availability_version >= 0)`);
    // Documents announced before versions existed: every verified document got a record, and
    // a revoked one was verified (and announced) first. They start at 1, so the split check
    // counts them and the next record about each supersedes whatever an intake holds.
    await queryRunner.query(`UPDATE document SET availability_version = 1 WHERE status IN ('verified', 'revoked')`);
    await queryRunner.query(`
      ALTER TABLE document ADD CONSTRAINT document_announced_once_verified CHECK (availability_version = 0 OR status <> 'provided')`);
    // What the split check counts per governing body and the republication walks.
    await queryRunner.query('CREATE INDEX document_announced_idx ON document (verified_by_agency_code, id) WHERE availability_version > 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX document_announced_idx');
    await queryRunner.query('ALTER TABLE document DROP CONSTRAINT document_announced_once_verified');
    await queryRunner.query('ALTER TABLE document DROP COLUMN availability_version');
  }
}
