import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Events are signed over their exact payload bytes, which jsonb does not keep. */
export class AddOutboxPayloadText1764450000000 implements MigrationInterface {
  name = 'AddOutboxPayloadText1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_message ADD COLUMN payload_text text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_message DROP COLUMN payload_text`);
  }
}
