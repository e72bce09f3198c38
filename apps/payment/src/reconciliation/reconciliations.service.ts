import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiError, type Principal } from '@app/platform';
import { GatewayErrorCode } from '../gateways/gateway-error-code';
import { PaymentOrder } from '../orders/payment-order.entity';
import { PaymentSettings } from '../payment-settings';
import { reconcile, type Mismatch, type ReconcilableOrder } from './reconcile';
import { ReconciliationErrorCode } from './reconciliation-error-code';
import { ReconciliationMismatch, ReconciliationRun } from './reconciliation-run.entity';
import { reconciliationCsv, reconciliationView, type ReconciliationView } from './reconciliation-view';
import { fetchSandboxSettlement } from './settlement-client';
import type { SettlementRow } from './settlement-file';

export interface ReconciliationRunView extends ReconciliationView {
  readonly id: string;
  readonly gateway: string;
  readonly agencyCode: string | null;
  readonly createdAt: string;
}

/** Money taken stays "paid" for the gateway's file: a later refund does not unsettle the payment. */
const SETTLED_HERE = new Set(['paid', 'partly_refunded', 'refunded']);
const VIETNAM_OFFSET = '+07:00';

/**
 * Compares a gateway's settlement file of one Vietnam day with the orders here: those it names,
 * and those paid at that gateway that day. An officer's run covers their agency only (rows for
 * other agencies' orders are left out, and rows naming no order here are for an admin); an
 * admin's run covers every agency. Each run is kept with its mismatches.
 */
@Injectable()
export class ReconciliationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PaymentSettings,
  ) {}

  async run(principal: Principal, date: string, gateway: 'sandbox', now = new Date()): Promise<ReconciliationRunView> {
    if (!this.settings.sandbox) throw new ApiError(HttpStatus.CONFLICT, GatewayErrorCode.GatewayNotConfigured, 'The sandbox gateway is off here: SANDBOX_GATEWAY_URL is not set.');
    const rows = await fetchSandboxSettlement(this.settings.sandbox, date);
    const agencyCode = principal.role === 'officer' ? principal.agencyCode : null;
    const orders = await this.ordersOf(gateway, date, rows);
    const owned = agencyCode === null ? orders : orders.filter((order) => order.agencyCode === agencyCode);
    const ownedIds = new Set(owned.map((order) => order.id));
    const visibleRows = agencyCode === null ? rows : rows.filter((row) => ownedIds.has(row.orderReference.toLowerCase()));
    const report = reconcile(owned.map(reconcilable), visibleRows);
    const view = reconciliationView(report, { from: date, to: date });
    const run = Object.assign(new ReconciliationRun(), {
      id: randomUUID(),
      gateway,
      settlementDate: date,
      agencyCode,
      requestedBy: principal.subject,
      matched: view.totals.matched,
      mismatches: view.totals.mismatches,
      settledAmountVnd: view.totals.settledAmountVnd,
      feeVnd: view.totals.feeVnd,
      report: view,
      csv: reconciliationCsv(report),
      createdAt: now,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(ReconciliationRun, run);
      if (report.mismatches.length > 0) await manager.insert(ReconciliationMismatch, report.mismatches.map((mismatch) => mismatchRow(run.id, mismatch)));
    });
    return runView(run);
  }

  async get(principal: Principal, id: string): Promise<ReconciliationRunView> {
    return runView(await this.visible(principal, id));
  }

  async csv(principal: Principal, id: string): Promise<string> {
    return (await this.visible(principal, id)).csv;
  }

  private async visible(principal: Principal, id: string): Promise<ReconciliationRun> {
    const run = await this.dataSource.manager.findOne(ReconciliationRun, { where: { id } });
    // An admin reads every run; an officer only their agency's.
    if (!run || (principal.role === 'officer' && run.agencyCode !== principal.agencyCode)) {
      throw new ApiError(HttpStatus.NOT_FOUND, ReconciliationErrorCode.NotFound, `There is no reconciliation ${id} of yours.`);
    }
    return run;
  }

  /** The orders the file names, and those paid at the gateway on that Vietnam day (which the file must settle). */
  private ordersOf(gateway: string, date: string, rows: readonly SettlementRow[]): Promise<PaymentOrder[]> {
    const named = [...new Set(rows.map((row) => row.orderReference.toLowerCase()).filter((reference) => isUUID(reference)))];
    const query = this.dataSource.manager
      .createQueryBuilder(PaymentOrder, 'o')
      .where('o.gateway = :gateway', { gateway })
      .andWhere('o.paidAt >= :start AND o.paidAt < (CAST(:start AS timestamptz) + interval \'1 day\')', { start: `${date}T00:00:00${VIETNAM_OFFSET}` });
    if (named.length > 0) query.orWhere('o.id IN (:...named)', { named });
    return query.getMany();
  }
}

function reconcilable(order: PaymentOrder): ReconcilableOrder {
  return {
    id: order.id,
    // The sandbox's vnp_TxnRef, which its file repeats, is the order id.
    reference: order.id,
    amountVnd: order.amountVnd,
    state: SETTLED_HERE.has(order.status) ? 'paid' : order.status,
    gatewayRef: order.gatewayTransactionNo,
    paidAt: order.paidAt,
    dossierId: order.dossierId,
  };
}

function mismatchRow(runId: string, mismatch: Mismatch): Partial<ReconciliationMismatch> {
  const order = mismatch.order;
  const settlement = 'settlement' in mismatch ? mismatch.settlement : mismatch.kind === 'duplicate_settlement' ? mismatch.settlements[0] : undefined;
  return {
    runId,
    kind: mismatch.kind,
    detail: mismatch.kind === 'paid_at_gateway_not_here' ? mismatch.reason : null,
    orderId: order?.id ?? null,
    orderReference: order?.reference ?? settlement?.orderReference ?? '',
    amountVnd: order?.amountVnd ?? null,
    settledAmountVnd: settlement?.amountVnd ?? null,
    gatewayRef: settlement?.gatewayRef ?? order?.gatewayRef ?? null,
  };
}

function runView(run: ReconciliationRun): ReconciliationRunView {
  return { id: run.id, gateway: run.gateway, agencyCode: run.agencyCode, createdAt: run.createdAt.toISOString(), ...run.report };
}
