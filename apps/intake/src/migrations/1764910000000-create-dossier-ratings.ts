import type { MigrationInterface, QueryRunner } from 'typeorm';

const LEVELS = "('very_satisfied', 'satisfied', 'not_satisfied')";

/**
 * Citizens' ratings of level 3 and 4 dossiers (Circular 32/2017/TT-BTTTT), one per dossier.
 * No personal id here: the dossier row has it, and the aggregates read only this table.
 */
export class CreateDossierRatings1764910000000 implements MigrationInterface {
  name = 'CreateDossierRatings1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dossier_rating (
        dossier_id uuid PRIMARY KEY REFERENCES dossier (id),
        agency_code text NOT NULL,
        procedure_code text NOT NULL,
        procedure_level smallint NOT NULL CHECK (procedure_level IN (3, 4)),
        satisfaction text NOT NULL CHECK (satisfaction IN ${LEVELS}),
        criterion_access text CHECK (criterion_access IN ${LEVELS}),
        criterion_on_time text CHECK (criterion_on_time IN ${LEVELS}),
        criterion_attitude text CHECK (criterion_attitude IN ${LEVELS}),
        criterion_guidance text CHECK (criterion_guidance IN ${LEVELS}),
        comment text CHECK (char_length(comment) BETWEEN 1 AND 1000 AND comment IS NFC NORMALIZED),
        rated_at timestamptz NOT NULL
      )`);
    // The aggregates: one agency's ratings over a range of months.
    await queryRunner.query('CREATE INDEX dossier_rating_period_idx ON dossier_rating (agency_code, rated_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dossier_rating');
  }
}
