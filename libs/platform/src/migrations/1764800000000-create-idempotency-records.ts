import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared by every service, like the messaging tables: the first answer to each
 * `Idempotency-Key`, per principal, kept for a day (IDEMPOTENCY_RETENTION_HOURS).
 */
export class CreateIdempotencyRecords1764800000000 implements MigrationInterface {
  name = 'CreateIdempotencyRecords1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_record (
        principal_hash char(64) NOT NULL,
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
        route text NOT NULL,
        request_hash char(64) NOT NULL,
        response_status smallint CHECK (response_status BETWEEN 200 AND 299),
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (principal_hash, idempotency_key),
        CHECK ((response_status IS NULL) = (completed_at IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_record');
  }
}
