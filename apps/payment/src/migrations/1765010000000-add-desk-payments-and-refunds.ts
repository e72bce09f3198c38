import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Desk payments (level 3: the officer records the desk's receipt) and refunds. `refunded_vnd`
 * is kept on the order under its row lock, and the CHECK is the last word should a code path
 * ever forget the lock: the total given back never exceeds what was paid.
 */
export class AddDeskPaymentsAndRefunds1765010000000 implements MigrationInterface {
  name = 'AddDeskPaymentsAndRefunds1765010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payment_order
        ADD COLUMN refunded_vnd bigint NOT NULL DEFAULT 0,
        ADD COLUMN desk_receipt_number text,
        ADD COLUMN desk_paid_by text,
        ADD CONSTRAINT payment_order_refund_within_paid CHECK (refunded_vnd >= 0 AND refunded_vnd <= amount_vnd),
        ADD CONSTRAINT payment_order_desk_receipt CHECK ((desk_receipt_number IS NULL) = (desk_paid_by IS NULL) AND (desk_receipt_number IS NULL OR channel <> 'online'))`);
    // A desk order is paid without ever seeing a gateway.
    await queryRunner.query('ALTER TABLE payment_order DROP CONSTRAINT payment_order_pending_has_gateway');
    await queryRunner.query(
      `ALTER TABLE payment_order ADD CONSTRAINT payment_order_pending_has_gateway CHECK (status IN ('created', 'expired', 'cancelled') OR gateway IS NOT NULL OR channel <> 'online')`,
    );
    await queryRunner.query('CREATE UNIQUE INDEX payment_order_desk_receipt_idx ON payment_order (agency_code, desk_receipt_number) WHERE desk_receipt_number IS NOT NULL');
    await queryRunner.query(`
      CREATE TABLE refund (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES payment_order (id),
        amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
        requested_by text NOT NULL,
        request_event_id text,
        gateway text,
        gateway_ref text,
        state text NOT NULL CHECK (state IN ('pending', 'completed', 'failed')),
        requested_at timestamptz NOT NULL,
        settled_at timestamptz,
        CONSTRAINT refund_settled_has_time CHECK ((settled_at IS NULL) = (state = 'pending')),
        CONSTRAINT refund_once_per_request UNIQUE (request_event_id, order_id)
      )`);
    await queryRunner.query('CREATE INDEX refund_order_idx ON refund (order_id, requested_at)');
    await queryRunner.query("CREATE INDEX refund_pending_idx ON refund (requested_at) WHERE state = 'pending'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE refund');
    await queryRunner.query('DROP INDEX payment_order_desk_receipt_idx');
    await queryRunner.query('ALTER TABLE payment_order DROP CONSTRAINT payment_order_pending_has_gateway');
    await queryRunner.query(`ALTER TABLE payment_order ADD CONSTRAINT payment_order_pending_has_gateway CHECK (status IN ('created', 'expired', 'cancelled') OR gateway IS NOT NULL)`);
    await queryRunner.query('ALTER TABLE payment_order DROP CONSTRAINT payment_order_desk_receipt, DROP CONSTRAINT payment_order_refund_within_paid');
    await queryRunner.query('ALTER TABLE payment_order DROP COLUMN desk_paid_by, DROP COLUMN desk_receipt_number, DROP COLUMN refunded_vnd');
  }
}
