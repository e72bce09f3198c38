import { HeldTransfer } from './held-transfers/held-transfer.entity';
import { OrderTransition } from './orders/order-transition.entity';
import { PaymentOrder } from './orders/payment-order.entity';
import { Refund } from './refunds/refund.entity';
import { ReconciliationMismatch, ReconciliationRun } from './reconciliation/reconciliation-run.entity';

export const PAYMENT_ENTITIES = [PaymentOrder, OrderTransition, Refund, HeldTransfer, ReconciliationRun, ReconciliationMismatch];
