import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bank transfers held for an officer (never silently accepted), the lookup of an order by its
 * VietQR reference, and the reconciliation runs with their mismatches.
 */
export class HeldTransfersAndReconciliation1765020000000 implements MigrationInterface {
  name = 'HeldTransfersAndReconciliation1765020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The reference is "DVC" + the id's first 22 hex digits (vietqr-reference.ts); this finds the order it names.
    await queryRunner.query(`CREATE INDEX payment_order_vietqr_reference_idx ON payment_order ((upper(left(replace(id::text, '-', ''), 22))))`);
    await queryRunner.query(`
      CREATE TABLE held_transfer (
        id uuid PRIMARY KEY,
        bank_transaction_id text NOT NULL UNIQUE,
        reference text NOT NULL,
        description text NOT NULL,
        amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
        credited_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('wrong_amount', 'unknown_reference', 'already_paid', 'order_closed')),
        order_id uuid REFERENCES payment_order (id),
        agency_code text,
        status text NOT NULL CHECK (status IN ('held', 'to_refund', 'accepted')),
        resolution_note text,
        resolved_by text,
        resolved_at timestamptz,
        received_at timestamptz NOT NULL,
        CONSTRAINT held_transfer_order_has_agency CHECK ((order_id IS NULL) = (agency_code IS NULL)),
        CONSTRAINT held_transfer_resolution CHECK ((status = 'held') = (resolved_at IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX held_transfer_agency_idx ON held_transfer (agency_code, received_at, id)');
    await queryRunner.query(`
      CREATE TABLE reconciliation_run (
        id uuid PRIMARY KEY,
        gateway text NOT NULL,
        settlement_date date NOT NULL,
        agency_code text,
        requested_by text NOT NULL,
        matched integer NOT NULL CHECK (matched >= 0),
        mismatches integer NOT NULL CHECK (mismatches >= 0),
        settled_amount_vnd bigint NOT NULL,
        fee_vnd bigint NOT NULL,
        report jsonb NOT NULL,
        csv text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE reconciliation_mismatch (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('paid_at_gateway_not_here', 'here_not_settled', 'amount_differs', 'duplicate_settlement')),
        detail text,
        order_id uuid,
        order_reference text NOT NULL,
        amount_vnd bigint,
        settled_amount_vnd bigint,
        gateway_ref text
      )`);
    await queryRunner.query('CREATE INDEX reconciliation_mismatch_run_idx ON reconciliation_mismatch (run_id, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE reconciliation_mismatch');
    await queryRunner.query('DROP TABLE reconciliation_run');
    await queryRunner.query('DROP TABLE held_transfer');
    await queryRunner.query('DROP INDEX payment_order_vietqr_reference_idx');
  }
}
