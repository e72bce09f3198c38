import type { PaymentOrder } from '../orders/payment-order.entity';

/** The page the citizen's browser lands on after the gateway: what the stored order says, in Vietnamese. */
export function returnPage(order: PaymentOrder | undefined): string {
  const [title, body] = !order
    ? ['Không xác định được giao dịch', 'Liên kết trở về không hợp lệ. Vui lòng kiểm tra trạng thái thanh toán trong hồ sơ của ông/bà.']
    : order.status === 'paid' || order.status === 'partly_refunded' || order.status === 'refunded'
      ? ['Đã thanh toán', `Lệ phí ${formatVnd(order.amountVnd)} của hồ sơ đã được thanh toán.`]
      : order.status === 'pending'
        ? ['Chưa thanh toán', 'Giao dịch đang chờ xác nhận từ cổng thanh toán. Vui lòng kiểm tra lại sau ít phút.']
        : ['Chưa thanh toán', `Giao dịch ${order.status === 'cancelled' ? 'đã bị hủy' : order.status === 'expired' ? 'đã hết hạn' : 'không thành công'}; lệ phí chưa được thanh toán.`];
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

/** 150.000 ₫: Vietnamese grouping, integers only. */
export function formatVnd(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
}
