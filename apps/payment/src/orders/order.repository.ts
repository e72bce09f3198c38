import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, isTimestampKey, isUuidKey, toPage, type Page } from '@app/platform';
import { UNPAID_STATUSES, type OrderStatus } from './order-state-machine';
import { OrderTransition } from './order-transition.entity';
import { PaymentOrder } from './payment-order.entity';

/** Every query on orders, in one place. */
@Injectable()
export class OrderRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates the order unless one exists for (dossierId, feeCode); true when this call created
   * it. ON CONFLICT DO NOTHING, so two deliveries racing each other still make one order.
   */
  async createOnce(manager: EntityManager, order: PaymentOrder, cause: string): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(PaymentOrder).values(order).orIgnore().returning('id').execute();
    if ((result.raw as unknown[]).length === 0) return false;
    await manager.insert(OrderTransition, { orderId: order.id, fromStatus: null, toStatus: 'created', cause, at: order.createdAt });
    return true;
  }

  findByDossierFee(manager: EntityManager, dossierId: string, feeCode: string): Promise<PaymentOrder | null> {
    return manager.findOne(PaymentOrder, { where: { dossierId, feeCode } });
  }

  find(id: string): Promise<PaymentOrder | null> {
    return this.dataSource.manager.findOne(PaymentOrder, { where: { id } });
  }

  /** Locks the order for a change of status: the lock order is always one order row, then the outbox. */
  lock(manager: EntityManager, id: string): Promise<PaymentOrder | null> {
    return manager.findOne(PaymentOrder, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async pageOfDossier(dossierId: string, limit: number, cursor: string | undefined, visible: { citizenRef?: string; agencyCode?: string }): Promise<Page<PaymentOrder>> {
    const query = this.dataSource.manager
      .createQueryBuilder(PaymentOrder, 'o')
      .where('o.dossierId = :dossierId', { dossierId })
      .orderBy('o.createdAt', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit + 1);
    if (visible.citizenRef !== undefined) query.andWhere('o.citizenRef = :citizenRef', { citizenRef: visible.citizenRef });
    if (visible.agencyCode !== undefined) query.andWhere('o.agencyCode = :agencyCode', { agencyCode: visible.agencyCode });
    if (cursor !== undefined) {
      const [at, id] = decodeCursor(cursor, [isTimestampKey, isUuidKey]);
      query.andWhere('(o.createdAt, o.id) > (:at, :id)', { at, id });
    }
    return toPage(await query.getMany(), limit, (order) => [order.createdAt.toISOString(), order.id], (order) => order);
  }

  transitionsOf(orderId: string): Promise<OrderTransition[]> {
    return this.dataSource.manager.find(OrderTransition, { where: { orderId }, order: { id: 'ASC' } });
  }

  /**
   * Unpaid online orders in `status`, oldest first, changed before `changedBefore` if given. A
   * desk fee (in person, by post) is settled at the intake's desk, so it never expires here.
   */
  unpaid(status: OrderStatus, limit: number, changedBefore?: Date): Promise<PaymentOrder[]> {
    if (!UNPAID_STATUSES.includes(status)) throw new Error(`${status} is not an unpaid status`);
    const query = this.dataSource.manager
      .createQueryBuilder(PaymentOrder, 'o')
      .where('o.status = :status', { status })
      .andWhere("o.channel = 'online'")
      .orderBy('o.statusChangedAt', 'ASC')
      .limit(limit);
    if (changedBefore) query.andWhere('o.statusChangedAt < :before', { before: changedBefore });
    return query.getMany();
  }
}
