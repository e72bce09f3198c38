import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provenance is the agencies' word, not the citizen's: a document uploaded to the vault is
 * bound to no agency and no dossier until its intake says so (DocumentProvided), and every
 * dossier it is attached to, provided there or reused there, is recorded from signed events.
 */
export class CreateDocumentAttachmentTable1764710000001 implements MigrationInterface {
  name = 'CreateDocumentAttachmentTable1764710000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE document ALTER COLUMN provided_to_agency_code DROP NOT NULL');
    await queryRunner.query('ALTER TABLE document ALTER COLUMN dossier_id DROP NOT NULL');
    await queryRunner.query(`
      ALTER TABLE document ADD CONSTRAINT document_provenance_whole CHECK ((provided_to_agency_code IS NULL) = (dossier_id IS NULL))`);
    // Only a provided document can be verified: the verifier checks it against what it was given.
    await queryRunner.query(`
      ALTER TABLE document ADD CONSTRAINT document_verified_has_provenance CHECK (status = 'provided' OR provided_to_agency_code IS NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE document_attachment (
        document_id uuid NOT NULL REFERENCES document (id),
        agency_code text NOT NULL REFERENCES agency (code),
        dossier_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('provided', 'reused')),
        event_id uuid NOT NULL,
        attached_at timestamptz NOT NULL,
        PRIMARY KEY (document_id, agency_code, dossier_id)
      )`);
    // Documents uploaded before provenance was signed keep the binding they were stored with.
    await queryRunner.query(`
      INSERT INTO document_attachment (document_id, agency_code, dossier_id, kind, event_id, attached_at)
      SELECT id, provided_to_agency_code, dossier_id, 'provided', gen_random_uuid(), provided_at FROM document`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE document_attachment');
    await queryRunner.query('ALTER TABLE document DROP CONSTRAINT document_verified_has_provenance');
    await queryRunner.query('ALTER TABLE document DROP CONSTRAINT document_provenance_whole');
  }
}
