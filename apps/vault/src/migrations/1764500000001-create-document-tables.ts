import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Citizens, document contents stored once, documents with their verification state, and the access log. */
export class CreateDocumentTables1764500000001 implements MigrationInterface {
  name = 'CreateDocumentTables1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE citizen (
        ref uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        personal_id char(12) NOT NULL UNIQUE CHECK (personal_id ~ '^[0-9]{12}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE document_content (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        mime_type text NOT NULL CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        content bytea NOT NULL
      )`);
    // The CHECKs keep each status's facts together, so no code path can leave a
    // "verified" document without a verifier or a "revoked" one without its reason.
    await queryRunner.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY,
        citizen_ref uuid NOT NULL REFERENCES citizen (ref),
        document_type_code text NOT NULL REFERENCES document_type (code),
        content_sha256 char(64) NOT NULL REFERENCES document_content (sha256),
        provided_to_agency_code text NOT NULL REFERENCES agency (code),
        dossier_id uuid NOT NULL,
        provided_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'provided' CHECK (status IN ('provided', 'verified', 'revoked')),
        verified_by_agency_code text REFERENCES agency (code),
        verified_by_officer text,
        verified_at timestamptz,
        valid_from timestamptz,
        valid_until timestamptz,
        revoked_at timestamptz,
        revoked_by text,
        revocation_reason text,
        availability_withdrawn_at timestamptz,
        CONSTRAINT document_verification_facts CHECK (
          status = 'provided'
          OR (verified_by_agency_code IS NOT NULL AND verified_by_officer IS NOT NULL AND verified_at IS NOT NULL AND valid_from IS NOT NULL)
        ),
        CONSTRAINT document_revocation_facts CHECK (
          status <> 'revoked' OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revocation_reason IS NOT NULL)
        ),
        CONSTRAINT document_validity_order CHECK (valid_until IS NULL OR valid_until > valid_from)
      )`);
    await queryRunner.query('CREATE INDEX document_citizen_idx ON document (citizen_ref, provided_at DESC)');
    await queryRunner.query(`CREATE INDEX document_verified_by_idx ON document (verified_by_agency_code) WHERE status = 'verified'`);
    // What the expiry sweep scans: only documents still advertised as available.
    await queryRunner.query(`
      CREATE INDEX document_expiry_idx ON document (valid_until)
      WHERE status = 'verified' AND valid_until IS NOT NULL AND availability_withdrawn_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE access_log (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document (id),
        citizen_ref uuid NOT NULL REFERENCES citizen (ref),
        action text NOT NULL CHECK (action IN ('read', 'read-denied', 'reused', 'revoked')),
        actor_subject text NOT NULL,
        actor_role text NOT NULL CHECK (actor_role IN ('citizen', 'officer', 'admin', 'system')),
        agency_code text,
        dossier_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX access_log_citizen_idx ON access_log (citizen_ref, at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX access_log_document_idx ON access_log (document_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE access_log');
    await queryRunner.query('DROP TABLE document');
    await queryRunner.query('DROP TABLE document_content');
    await queryRunner.query('DROP TABLE citizen');
  }
}
