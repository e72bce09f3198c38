import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = "('queued', 'sent', 'delivered', 'failed_temporarily', 'failed_permanently')";

/** Messages and their deliveries, citizens' preferences, agencies' addresses and names, and what is known of each dossier. */
export class CreateNotificationTables1766000000000 implements MigrationInterface {
  name = 'CreateNotificationTables1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_delivery (
        id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('citizen', 'agency')),
        recipient_ref text NOT NULL,
        address text NOT NULL,
        language text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text,
        message_count int NOT NULL CHECK (message_count > 0),
        status text NOT NULL CHECK (status IN ${STATUSES}),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        provider_message_id text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status IN ('queued', 'failed_temporarily')`);
    // The rate limiter counts a recipient's recent sends per channel.
    await queryRunner.query(`CREATE INDEX notification_delivery_recent ON notification_delivery (channel, recipient_kind, recipient_ref, created_at)`);
    await queryRunner.query(`
      CREATE TABLE notification_message (
        id uuid PRIMARY KEY,
        trigger_key text NOT NULL,
        template_key text NOT NULL,
        template_version int,
        language text NOT NULL CHECK (language IN ('vi', 'en')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('citizen', 'agency')),
        recipient_ref text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'in_app')),
        address text,
        dossier_id uuid,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text,
        status text NOT NULL CHECK (status IN ${STATUSES}),
        last_error text,
        delivery_id uuid REFERENCES notification_delivery (id),
        not_before timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        read_at timestamptz,
        CONSTRAINT notification_message_once UNIQUE (trigger_key, channel, recipient_kind, recipient_ref),
        CONSTRAINT notification_message_in_app_has_no_delivery CHECK (channel <> 'in_app' OR delivery_id IS NULL)
      )`);
    await queryRunner.query(`CREATE INDEX notification_message_unassigned ON notification_message (not_before) WHERE status = 'queued' AND delivery_id IS NULL`);
    await queryRunner.query(`CREATE INDEX notification_message_inbox ON notification_message (recipient_ref, created_at DESC, id DESC) WHERE channel = 'in_app'`);
    await queryRunner.query(`CREATE INDEX notification_message_by_status ON notification_message (status, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX notification_message_by_delivery ON notification_message (delivery_id)`);
    await queryRunner.query(`
      CREATE TABLE recipient_preferences (
        citizen_ref uuid PRIMARY KEY,
        language text NOT NULL CHECK (language IN ('vi', 'en')),
        email text,
        phone text,
        email_enabled boolean NOT NULL,
        sms_enabled boolean NOT NULL,
        in_app_enabled boolean NOT NULL,
        access_alerts boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT recipient_preferences_email_needs_address CHECK (NOT email_enabled OR email IS NOT NULL),
        CONSTRAINT recipient_preferences_sms_needs_number CHECK (NOT sms_enabled OR phone IS NOT NULL)
      )`);
    await queryRunner.query(`
      CREATE TABLE agency_contact (
        agency_code text PRIMARY KEY,
        email text NOT NULL,
        language text NOT NULL CHECK (language IN ('vi', 'en')),
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE TABLE agency_name (agency_code text PRIMARY KEY, name_vi text NOT NULL, name_en text NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE dossier_record (
        dossier_id uuid PRIMARY KEY,
        citizen_ref uuid NOT NULL,
        agency_code text NOT NULL,
        procedure_code text NOT NULL,
        dossier_code text,
        status text NOT NULL,
        appointment_date date,
        warned_for_date date,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX dossier_record_due ON dossier_record (appointment_date) WHERE status IN ('received', 'supplement_requested', 'resubmitted', 'in_processing', 'awaiting_payment', 'approved', 'rejected')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['dossier_record', 'agency_name', 'agency_contact', 'recipient_preferences', 'notification_message', 'notification_delivery']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
