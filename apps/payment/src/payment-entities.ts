import { OrderTransition } from './orders/order-transition.entity';
import { PaymentOrder } from './orders/payment-order.entity';
import { Refund } from './refunds/refund.entity';

export const PAYMENT_ENTITIES = [PaymentOrder, OrderTransition, Refund];
