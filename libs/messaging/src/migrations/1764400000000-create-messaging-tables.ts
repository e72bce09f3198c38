import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared by every service: each one lists it first among its own migrations. */
export class CreateMessagingTables1764400000000 implements MigrationInterface {
  name = 'CreateMessagingTables1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_message (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        headers jsonb NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // NOTIFY is delivered only when the inserting transaction commits, which is exactly
    // when the relay may publish; the relay still polls in case a notification is missed.
    await queryRunner.query(`
      CREATE FUNCTION notify_outbox_committed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_committed', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_message_committed AFTER INSERT ON outbox_message
      FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_committed()`);
    // Consumer groups are named after this row, so offsets belong to the database they
    // describe: a deployment started on an empty database gets a new group and rebuilds
    // its state by replaying the topics from the beginning, never skipping what it lost.
    await queryRunner.query(`
      CREATE TABLE messaging_instance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('INSERT INTO messaging_instance DEFAULT VALUES');
    await queryRunner.query(`
      CREATE TABLE inbox_entry (
        consumer text NOT NULL,
        event_id text NOT NULL,
        event_type text,
        outcome text NOT NULL CHECK (outcome IN ('applied', 'dead-lettered', 'ignored')),
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox_entry');
    await queryRunner.query('DROP TABLE messaging_instance');
    await queryRunner.query('DROP TRIGGER outbox_message_committed ON outbox_message');
    await queryRunner.query('DROP FUNCTION notify_outbox_committed()');
    await queryRunner.query('DROP TABLE outbox_message');
  }
}
