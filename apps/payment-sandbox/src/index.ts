export * from './sandbox-gateway.server';
export * from './bank-transfers';
export * from './settlements';
export { vnpaySign } from './vnpay-signature';
