import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = "('created', 'pending', 'paid', 'failed', 'cancelled', 'expired', 'partly_refunded', 'refunded')";

/** Payment orders, one per fee of a dossier, and the journal of every change of their status. */
export class CreatePaymentOrders1765000000000 implements MigrationInterface {
  name = 'CreatePaymentOrders1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payment_order (
        id uuid PRIMARY KEY,
        dossier_id uuid NOT NULL,
        fee_code text NOT NULL,
        agency_code text NOT NULL,
        procedure_code text NOT NULL,
        citizen_ref uuid NOT NULL,
        amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
        channel text NOT NULL CHECK (channel IN ('online', 'in_person', 'post')),
        status text NOT NULL CHECK (status IN ${STATUSES}),
        gateway text,
        gateway_transaction_no text,
        requested_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        paid_at timestamptz,
        CONSTRAINT payment_order_one_per_fee UNIQUE (dossier_id, fee_code),
        CONSTRAINT payment_order_pending_has_gateway CHECK (status IN ('created', 'expired', 'cancelled') OR gateway IS NOT NULL),
        CONSTRAINT payment_order_paid_has_time CHECK ((paid_at IS NOT NULL) = (status IN ('paid', 'partly_refunded', 'refunded')))
      )`);
    // The sweep: unpaid orders, oldest first.
    await queryRunner.query(`CREATE INDEX payment_order_unpaid_idx ON payment_order (status_changed_at) WHERE status IN ('created', 'pending')`);
    await queryRunner.query(`
      CREATE TABLE order_transition (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES payment_order (id),
        from_status text CHECK (from_status IN ${STATUSES}),
        to_status text NOT NULL CHECK (to_status IN ${STATUSES}),
        cause text NOT NULL CHECK (char_length(cause) BETWEEN 1 AND 500),
        at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX order_transition_order_idx ON order_transition (order_id, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE order_transition');
    await queryRunner.query('DROP TABLE payment_order');
  }
}
