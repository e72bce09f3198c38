import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError, decodeCursor, isTimestampKey, isUuidKey, toPage, type Page, type Principal } from '@app/platform';
import { OrderRepository } from '../orders/order.repository';
import { OrderTransitions } from '../orders/order-transitions';
import { HeldTransfersQueryDto, ResolutionDto } from './dto/held-transfers.dto';
import { HeldTransfer } from './held-transfer.entity';
import { HeldTransferErrorCode } from './held-transfer-error-code';

export interface HeldTransferView {
  readonly id: string;
  readonly bankTransactionId: string;
  readonly reference: string;
  readonly description: string;
  readonly amountVnd: number;
  readonly creditedAt: string;
  readonly reason: HeldTransfer['reason'];
  readonly orderId: string | null;
  readonly agencyCode: string | null;
  readonly status: HeldTransfer['status'];
  readonly resolutionNote: string | null;
  readonly resolvedAt: string | null;
}

/**
 * An officer's desk of held transfers, their own agency's. A transfer naming no order has no
 * agency: it is on the receiving account's operators, the admins, who see only those.
 */
@Injectable()
export class HeldTransfersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
  ) {}

  async list(principal: Principal, query: HeldTransfersQueryDto): Promise<Page<HeldTransferView>> {
    const builder = this.dataSource.manager
      .createQueryBuilder(HeldTransfer, 'h')
      .where('h.status = :status', { status: query.status })
      .orderBy('h.receivedAt', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .limit(query.limit + 1);
    const agency = agencyOf(principal);
    if (agency === null) builder.andWhere('h.agencyCode IS NULL');
    else builder.andWhere('h.agencyCode = :agency', { agency });
    if (query.cursor !== undefined) {
      const [at, id] = decodeCursor(query.cursor, [isTimestampKey, isUuidKey]);
      builder.andWhere('(h.receivedAt, h.id) > (:at, :id)', { at, id });
    }
    return toPage(await builder.getMany(), query.limit, (row) => [row.receivedAt.toISOString(), row.id], heldTransferView);
  }

  resolve(principal: Principal, id: string, resolution: ResolutionDto, now = new Date()): Promise<HeldTransferView> {
    return this.dataSource.transaction(async (manager) => {
      const held = await manager.findOne(HeldTransfer, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!held || held.agencyCode !== agencyOf(principal)) throw new ApiError(HttpStatus.NOT_FOUND, HeldTransferErrorCode.NotFound, `There is no held transfer ${id} of your agency.`);
      if (held.status !== 'held') throw new ApiError(HttpStatus.CONFLICT, HeldTransferErrorCode.AlreadyResolved, `Held transfer ${id} is already resolved (${held.status}).`);
      if (resolution.action === 'accept') await this.payOrder(manager, held, now);
      const changes = { status: resolution.action === 'accept' ? ('accepted' as const) : ('to_refund' as const), resolutionNote: resolution.note, resolvedBy: principal.subject, resolvedAt: now };
      await manager.update(HeldTransfer, { id }, changes);
      return heldTransferView(Object.assign(held, changes));
    });
  }

  /** Accepting is paying the order with this transfer: only the exact amount, and only while the order can still be paid. */
  private async payOrder(manager: EntityManager, held: HeldTransfer, now: Date): Promise<void> {
    const order = held.orderId ? await this.orders.lock(manager, held.orderId) : null;
    if (!order || order.amountVnd !== held.amountVnd || (order.status !== 'created' && order.status !== 'pending')) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        HeldTransferErrorCode.NotAcceptable,
        order ? `The transfer of ${held.amountVnd} VND cannot pay order ${order.id} (${order.amountVnd} VND, ${order.status}); refund it.` : 'The transfer names no order; refund it.',
      );
    }
    const cause = `VietQR credit ${held.bankTransactionId} accepted by an officer`;
    if (order.status === 'created') await this.transitions.move(manager, order, 'pending', cause, now, { gateway: 'vietqr' });
    await this.transitions.move(manager, order, 'paid', cause, now, { gateway: 'vietqr', gatewayTransactionNo: held.bankTransactionId });
  }
}

/** An officer's agency; null for an admin, who sees the transfers no agency owns. Citizens are kept out by @Roles. */
function agencyOf(principal: Principal): string | null {
  return principal.role === 'officer' ? principal.agencyCode : null;
}

function heldTransferView(row: HeldTransfer): HeldTransferView {
  return {
    id: row.id,
    bankTransactionId: row.bankTransactionId,
    reference: row.reference,
    description: row.description,
    amountVnd: row.amountVnd,
    creditedAt: row.creditedAt.toISOString(),
    reason: row.reason,
    orderId: row.orderId,
    agencyCode: row.agencyCode,
    status: row.status,
    resolutionNote: row.resolutionNote,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}
