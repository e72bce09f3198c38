import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One result per dossier, found by its verification code; an electronic one names its signed PDF in the vault. */
export class CreateDossierResults1764920000000 implements MigrationInterface {
  name = 'CreateDossierResults1764920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dossier_result (
        id uuid PRIMARY KEY,
        dossier_id uuid NOT NULL UNIQUE REFERENCES dossier (id),
        verification_code text NOT NULL UNIQUE CHECK (verification_code ~ '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
        result_number text NOT NULL,
        document_type_code text NOT NULL,
        title text NOT NULL,
        issuer_name text NOT NULL,
        form text NOT NULL CHECK (form IN ('electronic', 'paper')),
        document_id uuid,
        sha256 char(64),
        signature_profile text,
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL,
        revoked_at timestamptz,
        revocation_reason text,
        CHECK ((form = 'electronic') = (document_id IS NOT NULL AND sha256 IS NOT NULL AND signature_profile IS NOT NULL)),
        CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dossier_result');
  }
}
