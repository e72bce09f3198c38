import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows Kafka refuses for good (too large, their topic gone) are moved here with the
 * error, so the rows behind them keep flowing and an operator sees what was set aside.
 */
export class CreateOutboxParked1764720000000 implements MigrationInterface {
  name = 'CreateOutboxParked1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_parked (
        id bigint PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        headers jsonb NOT NULL,
        payload jsonb NOT NULL,
        -- The exact bytes that were signed: moved back, the row must send those again.
        payload_text text,
        created_at timestamptz NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        error text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox_parked');
  }
}
