import { IsIn, IsInt, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

/** Requests travel from intakes to payment; outcomes back. Both keyed by dossier, so one dossier's payments stay in order. */
export const PAYMENT_REQUESTED_TOPIC = 'intake.payment-requested.v1';
export const PAYMENT_OUTCOME_TOPIC = 'payment.payment-outcome.v1';

/**
 * A dossier's fee is due. `payment` keeps exactly one order per (dossierId, feeCode) however
 * often this is delivered. Amounts are whole đồng: VND has no minor unit.
 */
export class PaymentRequestedV1 {
  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsString()
  @MaxLength(64)
  procedureCode!: string;

  @IsUUID()
  citizenRef!: string;

  /** One request per fee of the dossier; `DOSSIER` when the fees are paid as one sum. */
  @Matches(/^[A-Z][A-Z0-9_-]{0,63}$/)
  feeCode!: string;

  @IsInt()
  @Min(1)
  amountVnd!: number;

  /** `online` at level 4 (through a gateway); `in_person` or `post` at a level 3 desk. */
  @IsIn(['online', 'in_person', 'post'])
  channel!: 'online' | 'in_person' | 'post';

  @IsTimestamp()
  requestedAt!: string;
}

export const PaymentRequested = defineEvent({
  type: 'vn.gov.intake.payment.requested.v1',
  payload: PaymentRequestedV1,
  topic: () => PAYMENT_REQUESTED_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});

/** The fee of a dossier is paid in full. */
export class PaymentCompletedV1 {
  @IsUUID()
  orderId!: string;

  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @Matches(/^[A-Z][A-Z0-9_-]{0,63}$/)
  feeCode!: string;

  @IsInt()
  @Min(1)
  amountVnd!: number;

  @IsIn(['online', 'in_person', 'post'])
  channel!: 'online' | 'in_person' | 'post';

  @IsTimestamp()
  paidAt!: string;
}

export const PaymentCompleted = defineEvent({
  type: 'vn.gov.payment.completed.v1',
  payload: PaymentCompletedV1,
  topic: () => PAYMENT_OUTCOME_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});

/** A payment attempt failed, was cancelled or expired; the dossier stays awaiting payment. */
export class PaymentFailedV1 {
  @IsUUID()
  orderId!: string;

  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @Matches(/^[A-Z][A-Z0-9_-]{0,63}$/)
  feeCode!: string;

  @IsIn(['failed', 'cancelled', 'expired'])
  outcome!: 'failed' | 'cancelled' | 'expired';

  @IsTimestamp()
  at!: string;
}

export const PaymentFailed = defineEvent({
  type: 'vn.gov.payment.failed.v1',
  payload: PaymentFailedV1,
  topic: () => PAYMENT_OUTCOME_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});

/**
 * A paid dossier was rejected and its procedure returns (some of) the fee: `amountVnd` is what
 * to give back, through the gateway it was paid with, or at the desk. One per dossier.
 */
export class PaymentRefundRequestedV1 {
  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @Matches(/^[A-Z][A-Z0-9_-]{0,63}$/)
  feeCode!: string;

  @IsInt()
  @Min(1)
  amountVnd!: number;

  @IsIn(['rejected'])
  reason!: 'rejected';

  @IsTimestamp()
  requestedAt!: string;
}

export const PaymentRefundRequested = defineEvent({
  type: 'vn.gov.intake.payment.refund-requested.v1',
  payload: PaymentRefundRequestedV1,
  topic: () => PAYMENT_REQUESTED_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});

/**
 * Money went back to the payer: `amountVnd` this time, `totalRefundedVnd` so far for the order
 * (equal to the fee once fully refunded). Published in the transaction that records it.
 */
export class PaymentRefundedV1 {
  @IsUUID()
  orderId!: string;

  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @Matches(/^[A-Z][A-Z0-9_-]{0,63}$/)
  feeCode!: string;

  @IsInt()
  @Min(1)
  amountVnd!: number;

  @IsInt()
  @Min(1)
  totalRefundedVnd!: number;

  @IsTimestamp()
  refundedAt!: string;
}

export const PaymentRefunded = defineEvent({
  type: 'vn.gov.payment.refunded.v1',
  payload: PaymentRefundedV1,
  topic: () => PAYMENT_OUTCOME_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});
