import { HeldTransfer } from './held-transfers/held-transfer.entity';
import { OrderTransition } from './orders/order-transition.entity';
import { PaymentOrder } from './orders/payment-order.entity';

export const PAYMENT_ENTITIES = [PaymentOrder, OrderTransition, HeldTransfer];
