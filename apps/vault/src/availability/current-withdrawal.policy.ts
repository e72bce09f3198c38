import type { WithdrawalReason } from '@app/contracts';
import type { StoredDocument } from '../documents/stored-document.entity';

/**
 * What the latest availability record of an announced document says, read from the document
 * alone: withdrawn as revoked, withdrawn as expired once the sweep announced the expiry, and
 * otherwise available (an expiry the sweep has not reached yet is still `available` with its
 * `validUntil`, which intakes check themselves, until the sweep withdraws it).
 */
export function currentWithdrawal(document: Pick<StoredDocument, 'status' | 'availabilityWithdrawnAt'>): WithdrawalReason | undefined {
  if (document.status === 'revoked') return 'revoked';
  if (document.availabilityWithdrawnAt !== null) return 'expired';
  return undefined;
}
