import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole one-stop lifecycle: every state of Decree 61/2018, the reception data (national
 * code, appointment, the paused clock), the fee and its payment, and the journal of every
 * transition. Existing dossiers were filed under version 1 of their procedure.
 */
export class AddDossierLifecycle1764900000000 implements MigrationInterface {
  name = 'AddDossierLifecycle1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE dossier DROP CONSTRAINT IF EXISTS dossier_status_check');
    await queryRunner.query('ALTER TABLE dossier DROP CONSTRAINT IF EXISTS dossier_check');
    await queryRunner.query(`
      ALTER TABLE dossier
        ADD COLUMN procedure_version int NOT NULL DEFAULT 1 CHECK (procedure_version >= 1),
        ADD COLUMN procedure_level smallint,
        ADD COLUMN form_data jsonb,
        ADD COLUMN return_channel text CHECK (return_channel IN ('in_person', 'post', 'online')),
        ADD COLUMN dossier_code text UNIQUE,
        ADD COLUMN received_at timestamptz,
        ADD COLUMN appointment_date date,
        ADD COLUMN paused_working_days int CHECK (paused_working_days >= 0),
        ADD COLUMN fee_vnd bigint CHECK (fee_vnd >= 0),
        ADD COLUMN paid_at timestamptz,
        ADD COLUMN payment_channel text CHECK (payment_channel IN ('in_person', 'post', 'online')),
        ADD COLUMN status_changed_at timestamptz`);
    await queryRunner.query('UPDATE dossier d SET procedure_level = p.level, status_changed_at = coalesce(d.submitted_at, d.created_at) FROM procedure p WHERE p.code = d.procedure_code');
    await queryRunner.query('ALTER TABLE dossier ALTER COLUMN procedure_level SET NOT NULL, ALTER COLUMN status_changed_at SET NOT NULL, ALTER COLUMN procedure_version DROP DEFAULT');
    await queryRunner.query(`
      ALTER TABLE dossier ADD CONSTRAINT dossier_status_check CHECK (status IN (
        'draft', 'submitted', 'received', 'refused', 'supplement_requested', 'resubmitted', 'in_processing',
        'awaiting_payment', 'approved', 'rejected', 'result_issued', 'result_delivered', 'withdrawn'))`);
    await queryRunner.query("ALTER TABLE dossier ADD CONSTRAINT dossier_submitted_check CHECK ((status IN ('draft')) = (submitted_at IS NULL) OR status = 'withdrawn')");
    await queryRunner.query('ALTER TABLE dossier ADD CONSTRAINT dossier_received_check CHECK ((dossier_code IS NULL) = (received_at IS NULL) AND (received_at IS NULL) = (appointment_date IS NULL))');
    // The officer queue: this agency's dossiers in one state, the soonest due first.
    await queryRunner.query('CREATE INDEX dossier_queue_idx ON dossier (status, appointment_date, id)');
    await queryRunner.query(`
      CREATE TABLE dossier_transition (
        id bigserial PRIMARY KEY,
        dossier_id uuid NOT NULL REFERENCES dossier (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        actor_role text NOT NULL CHECK (actor_role IN ('citizen', 'officer', 'system')),
        actor_subject text,
        reason text,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX dossier_transition_dossier_idx ON dossier_transition (dossier_id, id)');
    // One counter per day of reception (Vietnam time): the last part of the national dossier code.
    await queryRunner.query('CREATE TABLE dossier_code_sequence (day date PRIMARY KEY, last_number int NOT NULL CHECK (last_number BETWEEN 1 AND 9999))');
    await queryRunner.query(`
      CREATE TABLE dossier_apology (
        id uuid PRIMARY KEY,
        dossier_id uuid NOT NULL REFERENCES dossier (id),
        previous_appointment_date date NOT NULL,
        new_appointment_date date NOT NULL CHECK (new_appointment_date > previous_appointment_date),
        reason text NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX dossier_apology_dossier_idx ON dossier_apology (dossier_id, issued_at)');
    await queryRunner.query('ALTER TABLE supplement_request ADD COLUMN resolved_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE supplement_request DROP COLUMN resolved_at');
    await queryRunner.query('DROP TABLE dossier_apology');
    await queryRunner.query('DROP TABLE dossier_code_sequence');
    await queryRunner.query('DROP TABLE dossier_transition');
    await queryRunner.query('DROP INDEX dossier_queue_idx');
    await queryRunner.query('ALTER TABLE dossier DROP CONSTRAINT dossier_received_check, DROP CONSTRAINT dossier_submitted_check, DROP CONSTRAINT dossier_status_check');
    await queryRunner.query(`
      ALTER TABLE dossier
        DROP COLUMN procedure_version, DROP COLUMN procedure_level, DROP COLUMN form_data, DROP COLUMN return_channel,
        DROP COLUMN dossier_code, DROP COLUMN received_at, DROP COLUMN appointment_date, DROP COLUMN paused_working_days,
        DROP COLUMN fee_vnd, DROP COLUMN paid_at, DROP COLUMN payment_channel, DROP COLUMN status_changed_at`);
    await queryRunner.query("ALTER TABLE dossier ADD CONSTRAINT dossier_status_check CHECK (status IN ('draft', 'submitted'))");
  }
}
