import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '@app/platform';
import { HeldTransfer, type HeldReason } from '../../held-transfers/held-transfer.entity';
import { OrderRepository } from '../../orders/order.repository';
import { OrderTransitions } from '../../orders/order-transitions';
import { PaymentOrder } from '../../orders/payment-order.entity';
import { matchBankCredit } from '../../vietqr/bank-credit-match';
import { GatewayErrorCode } from '../gateway-error-code';
import { PAYMENT_GATEWAYS, type PaymentGateway } from '../payment-gateway';
import { BankCreditErrorCode } from './bank-credit-error-code';
import { creditSignatureValid } from './credit-signature';
import { VietQrGateway } from './vietqr.gateway';
import { orderIdPrefixOf } from './vietqr-reference';

/** What the bank is told: any 200 stops its retries, whatever became of the credit. */
export interface CreditAcknowledgement {
  readonly acknowledged: true;
  readonly result: 'paid' | 'held' | 'duplicate';
}

interface Credit {
  readonly bankTransactionId: string;
  readonly description: string;
  readonly reference: string;
  readonly amountVnd: number;
  readonly creditedAt: Date;
}

const PAID_STATUSES = new Set(['paid', 'partly_refunded', 'refunded']);
const TOKEN = /^[\x21-\x7E]{1,64}$/;
const REFERENCE_IN_TEXT = /DVC[0-9A-F]{22}/i;

/**
 * The bank's signed notification of a credit to the agency's account. Only the exact amount
 * for an unpaid order pays it (with its outcome, in one transaction); anything else is held
 * for an officer. A repeated notification (same bank transaction) changes nothing.
 */
@Injectable()
export class BankCredits {
  private readonly logger = new Logger(BankCredits.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly transitions: OrderTransitions,
    @Inject(PAYMENT_GATEWAYS) private readonly gateways: readonly PaymentGateway[],
  ) {}

  async accept(body: unknown, now = new Date()): Promise<CreditAcknowledgement> {
    const gateway = this.gateways.find((candidate): candidate is VietQrGateway => candidate instanceof VietQrGateway);
    if (!gateway) throw new ApiError(HttpStatus.NOT_FOUND, GatewayErrorCode.GatewayNotConfigured, 'VietQR transfers are not configured here.');
    const fields = stringFields(body);
    if (!fields || !creditSignatureValid(fields, gateway.creditSecret)) {
      this.logger.warn('A bank credit notification was refused: its signature does not verify');
      throw new ApiError(HttpStatus.UNAUTHORIZED, BankCreditErrorCode.SignatureInvalid, 'The notification is not signed with the bank key.');
    }
    if (fields.accountNumber !== gateway.accountNumber) {
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, BankCreditErrorCode.WrongAccount, 'The credit is to another account than the agency’s.');
    }
    const credit = readCredit(fields);
    return this.dataSource.transaction((manager) => this.apply(manager, credit, now));
  }

  private async apply(manager: EntityManager, credit: Credit, now: Date): Promise<CreditAcknowledgement> {
    if (await manager.existsBy(HeldTransfer, { bankTransactionId: credit.bankTransactionId })) return { acknowledged: true, result: 'duplicate' };
    const prefix = orderIdPrefixOf(credit.reference);
    const found = prefix
      ? await manager.createQueryBuilder(PaymentOrder, 'o').select('o.id').where("upper(left(replace(o.id::text, '-', ''), 22)) = :prefix", { prefix: prefix.toUpperCase() }).getOne()
      : null;
    const order = found ? await this.orders.lock(manager, found.id) : null;
    if (order && order.gateway === 'vietqr' && order.gatewayTransactionNo === credit.bankTransactionId) return { acknowledged: true, result: 'duplicate' };
    const match = matchBankCredit(credit, () => (order ? { id: order.id, amountVnd: order.amountVnd, paid: PAID_STATUSES.has(order.status) } : undefined));
    if (match.kind === 'held') return this.hold(manager, credit, match.reason, order, now);
    if (order!.status !== 'created' && order!.status !== 'pending') return this.hold(manager, credit, 'order_closed', order, now);
    const cause = `VietQR credit ${credit.bankTransactionId}`;
    if (order!.status === 'created') await this.transitions.move(manager, order!, 'pending', cause, now, { gateway: 'vietqr' });
    await this.transitions.move(manager, order!, 'paid', cause, now, { gateway: 'vietqr', gatewayTransactionNo: credit.bankTransactionId });
    return { acknowledged: true, result: 'paid' };
  }

  private async hold(manager: EntityManager, credit: Credit, reason: HeldReason, order: PaymentOrder | null, now: Date): Promise<CreditAcknowledgement> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(HeldTransfer)
      .values({
        id: randomUUID(),
        bankTransactionId: credit.bankTransactionId,
        reference: credit.reference,
        description: credit.description,
        amountVnd: credit.amountVnd,
        creditedAt: credit.creditedAt,
        reason,
        orderId: order?.id ?? null,
        agencyCode: order?.agencyCode ?? null,
        status: 'held',
        receivedAt: now,
      })
      .orIgnore()
      .returning('id')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return { acknowledged: true, result: 'duplicate' };
    this.logger.warn(`VietQR credit ${credit.bankTransactionId} of ${credit.amountVnd} VND (${credit.reference}) held: ${reason}${order ? ` (order ${order.id}, ${order.amountVnd} VND, ${order.status})` : ''}`);
    return { acknowledged: true, result: 'held' };
  }
}

/** A notification is a flat object of strings; anything else cannot have been signed by the bank. */
function stringFields(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const entries = Object.entries(body);
  return entries.every((entry): entry is [string, string] => typeof entry[1] === 'string') ? Object.fromEntries(entries) : undefined;
}

/** The signed fields, checked: a signed but unreadable notification is a fault at the bank, refused whole. */
function readCredit(fields: Record<string, string>): Credit {
  const { bankTransactionId = '', description = '', amountVnd = '', creditedAt = '' } = fields;
  const amount = /^[1-9]\d{0,14}$/.test(amountVnd) ? Number(amountVnd) : Number.NaN;
  const at = new Date(creditedAt);
  if (!TOKEN.test(bankTransactionId) || description.length === 0 || description.length > 500 || !Number.isSafeInteger(amount) || Number.isNaN(at.getTime())) {
    throw new ApiError(HttpStatus.BAD_REQUEST, BankCreditErrorCode.Malformed, 'A credit notification needs bankTransactionId, description, amountVnd (whole đồng) and creditedAt.');
  }
  const reference = REFERENCE_IN_TEXT.exec(description)?.[0].toUpperCase() ?? description.slice(0, 64);
  return { bankTransactionId, description, reference, amountVnd: amount, creditedAt: at };
}
