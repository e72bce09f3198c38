import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public keys every deployment signs its events with, and the evidence the vault keeps
 * of each verification it accepted (the role X-Road's signed message log plays).
 */
export class CreateSigningKeyTables1764710000000 implements MigrationInterface {
  name = 'CreateSigningKeyTables1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Several keys per owner may be in force at once: that is how a key is rotated.
    await queryRunner.query(`
      CREATE TABLE signing_key (
        kid text PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9._:-]{1,200}$'),
        owner_kind text NOT NULL CHECK (owner_kind IN ('agency', 'service')),
        owner_code text NOT NULL,
        jwk jsonb NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz,
        retired_at timestamptz,
        registered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT signing_key_window CHECK (not_after IS NULL OR not_after > not_before)
      )`);
    await queryRunner.query('CREATE INDEX signing_key_owner_idx ON signing_key (owner_kind, owner_code)');
    // Enough to verify the signature again, anywhere, years later: the signed attributes,
    // the payload bytes exactly as received, the JWS and the key id (whose JWK stays in signing_key).
    await queryRunner.query(`
      CREATE TABLE verification_evidence (
        event_id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document (id),
        agency_code text NOT NULL,
        attributes jsonb NOT NULL,
        payload_text text NOT NULL,
        signature text NOT NULL,
        kid text NOT NULL REFERENCES signing_key (kid),
        accepted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX verification_evidence_document_idx ON verification_evidence (document_id, accepted_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE verification_evidence');
    await queryRunner.query('DROP TABLE signing_key');
  }
}
