import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntakeTables1764600000000 implements MigrationInterface {
  name = 'CreateIntakeTables1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE procedure (
        code text PRIMARY KEY,
        name_vi text NOT NULL,
        name_en text NOT NULL,
        level int NOT NULL CHECK (level BETWEEN 1 AND 4),
        fee_vnd int NOT NULL CHECK (fee_vnd >= 0),
        required_document_types text[] NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`
      CREATE TABLE dossier (
        id uuid PRIMARY KEY,
        procedure_code text NOT NULL REFERENCES procedure (code),
        citizen_personal_id char(12) NOT NULL,
        citizen_ref uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'submitted')),
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
      )`);
    await queryRunner.query('CREATE INDEX dossier_citizen_idx ON dossier (citizen_personal_id, created_at)');
    await queryRunner.query('CREATE INDEX dossier_created_idx ON dossier (created_at)');
    // The checks keep the once-only promise in the schema too: a reused document is verified
    // by definition, and nothing counts as verified without saying by whom and when.
    await queryRunner.query(`
      CREATE TABLE dossier_document (
        dossier_id uuid NOT NULL REFERENCES dossier (id),
        document_type_code text NOT NULL,
        document_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('provided', 'reused')),
        verification text NOT NULL CHECK (verification IN ('pending', 'verified')),
        verified_by_agency_code text,
        verified_by_agency_name text,
        verified_by_officer text,
        verified_at timestamptz,
        valid_until timestamptz,
        attached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dossier_id, document_type_code),
        CHECK (source = 'provided' OR verification = 'verified'),
        CHECK (verification = 'pending' OR (verified_by_agency_code IS NOT NULL AND verified_at IS NOT NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE reusable_document (
        document_id uuid PRIMARY KEY,
        citizen_ref uuid NOT NULL,
        document_type_code text NOT NULL,
        verified_by_agency_code text NOT NULL,
        verified_by_agency_name text NOT NULL,
        verified_at timestamptz NOT NULL,
        valid_until timestamptz,
        scope text NOT NULL CHECK (scope IN ('agency', 'governing-body')),
        status text NOT NULL CHECK (status IN ('available', 'withdrawn')),
        withdrawn_reason text CHECK (withdrawn_reason IN ('revoked', 'expired')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX reusable_document_citizen_type_idx ON reusable_document (citizen_ref, document_type_code)');
    await queryRunner.query(`
      CREATE TABLE supplement_request (
        id uuid PRIMARY KEY,
        dossier_id uuid NOT NULL REFERENCES dossier (id),
        document_type_codes text[] NOT NULL CHECK (cardinality(document_type_codes) > 0),
        note text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX supplement_request_dossier_idx ON supplement_request (dossier_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE supplement_request');
    await queryRunner.query('DROP TABLE reusable_document');
    await queryRunner.query('DROP TABLE dossier_document');
    await queryRunner.query('DROP TABLE dossier');
    await queryRunner.query('DROP TABLE procedure');
  }
}
