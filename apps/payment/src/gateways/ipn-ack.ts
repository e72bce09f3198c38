/**
 * VNPay's acknowledgement of an IPN, the shape every Vietnamese intermediary copies: the
 * gateway retries until it reads `00` (accepted) or `02` (already settled, nothing to do).
 */
export enum IpnAck {
  Accepted = '00',
  OrderNotFound = '01',
  AlreadyConfirmed = '02',
  InvalidAmount = '04',
  InvalidSignature = '97',
  Other = '99',
}

const MESSAGES: Record<IpnAck, string> = {
  [IpnAck.Accepted]: 'Confirm Success',
  [IpnAck.OrderNotFound]: 'Order not found',
  [IpnAck.AlreadyConfirmed]: 'Order already confirmed',
  [IpnAck.InvalidAmount]: 'Invalid amount',
  [IpnAck.InvalidSignature]: 'Invalid signature',
  [IpnAck.Other]: 'Unknown error',
};

export interface IpnAnswer {
  readonly RspCode: IpnAck;
  readonly Message: string;
}

export function ipnAnswer(code: IpnAck): IpnAnswer {
  return { RspCode: code, Message: MESSAGES[code] };
}
