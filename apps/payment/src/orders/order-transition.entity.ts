import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderStatus } from './order-state-machine';

/** One step of an order's story and what caused it. Never updated, never deleted. */
@Entity({ name: 'order_transition' })
export class OrderTransition {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  /** Null for the order's creation. */
  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: OrderStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: OrderStatus;

  /** `requested by intake-…`, `sandbox IPN 00, transaction 1234`, `expired after 900000 ms`… */
  @Column({ type: 'text' })
  cause!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
