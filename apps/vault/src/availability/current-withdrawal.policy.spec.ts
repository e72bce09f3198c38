import type { StoredDocument } from '../documents/stored-document.entity';
import { currentWithdrawal } from './current-withdrawal.policy';

const at = new Date('2026-03-01T00:00:00.000Z');

describe(currentWithdrawal.name, () => {
  it.each<[string, Pick<StoredDocument, 'status' | 'availabilityWithdrawnAt'>, string]>([
    ['a verified document still available', { status: 'verified', availabilityWithdrawnAt: null }, 'available'],
    ['a verified document whose expiry was announced', { status: 'verified', availabilityWithdrawnAt: at }, 'expired'],
    ['a revoked document', { status: 'revoked', availabilityWithdrawnAt: at }, 'revoked'],
    ['a revoked document, whatever else is recorded', { status: 'revoked', availabilityWithdrawnAt: null }, 'revoked'],
  ])('announces %s as %s', (_case, document, expected) => {
    expect(currentWithdrawal(document) ?? 'available').toBe(expected);
  });
});
