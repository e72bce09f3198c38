import type { ReuseScope } from '@app/contracts';

export interface DataSharingState {
  readonly dataSharingConnected: boolean;
  readonly dataSharingEffectiveFrom: Date;
}

/**
 * How far a document verified under this governing body may be reused: always by the
 * verifying agency itself; by every agency under the body once the body's connected data
 * sharing is in effect (Circular 32/2017, once-only among sibling agencies).
 */
export function reuseScope(body: DataSharingState, now: Date): ReuseScope {
  return body.dataSharingConnected && body.dataSharingEffectiveFrom.getTime() <= now.getTime() ? 'governing-body' : 'agency';
}
