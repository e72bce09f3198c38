import type { DossierStatus } from '../dossiers/dossier.entity';

export type ActorRole = 'citizen' | 'officer' | 'system';

/** What can happen to a dossier. Each is one legal move of the one-stop lifecycle. */
export type DossierAction =
  | 'submit'
  | 'receive'
  | 'refuse'
  | 'request_supplement'
  | 'resubmit'
  | 'start_processing'
  | 'request_payment'
  | 'complete_payment'
  | 'approve'
  | 'reject'
  | 'issue_result'
  | 'deliver_result'
  | 'withdraw';

interface Move {
  readonly from: readonly DossierStatus[];
  readonly to: DossierStatus;
  readonly by: readonly ActorRole[];
}

/** Where a citizen may still change their mind (Decree 61/2018): anything not yet decided. */
const OPEN: readonly DossierStatus[] = ['draft', 'submitted', 'received', 'supplement_requested', 'resubmitted', 'in_processing', 'awaiting_payment'];

/**
 * The lifecycle as one table, so the rules can be read (and tested) in one place. A fee is
 * asked for during processing and paid before the decision, so a rejection after payment can
 * be refunded; the payment's outcome puts the dossier back in processing. A resubmitted
 * dossier goes back to where the supplement request found it: reception if it was never
 * received, processing otherwise (see `assertMove`).
 */
export const MOVES: Readonly<Record<DossierAction, Move>> = {
  submit: { from: ['draft'], to: 'submitted', by: ['citizen'] },
  receive: { from: ['submitted', 'resubmitted'], to: 'received', by: ['officer'] },
  refuse: { from: ['submitted', 'resubmitted'], to: 'refused', by: ['officer'] },
  request_supplement: { from: ['submitted', 'received', 'in_processing'], to: 'supplement_requested', by: ['officer'] },
  resubmit: { from: ['supplement_requested'], to: 'resubmitted', by: ['citizen'] },
  start_processing: { from: ['received', 'resubmitted'], to: 'in_processing', by: ['officer'] },
  request_payment: { from: ['in_processing'], to: 'awaiting_payment', by: ['officer'] },
  complete_payment: { from: ['awaiting_payment'], to: 'in_processing', by: ['officer', 'system'] },
  approve: { from: ['in_processing'], to: 'approved', by: ['officer'] },
  reject: { from: ['in_processing', 'awaiting_payment'], to: 'rejected', by: ['officer'] },
  issue_result: { from: ['approved'], to: 'result_issued', by: ['officer'] },
  deliver_result: { from: ['result_issued'], to: 'result_delivered', by: ['officer', 'system'] },
  withdraw: { from: OPEN, to: 'withdrawn', by: ['citizen'] },
};

export interface LifecycleFacts {
  readonly status: DossierStatus;
  /** Reception happened once: a resubmission after it goes back to processing, never to reception. */
  readonly receivedAt: Date | null;
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: DossierStatus,
    readonly action: DossierAction,
  ) {
    super(`the dossier is ${from.replace(/_/g, ' ')}: it cannot be ${PAST_TENSE[action]}`);
    this.name = IllegalTransitionError.name;
  }
}

/** The state `action` leads to from `facts`, or an `IllegalTransitionError`. */
export function assertMove(facts: LifecycleFacts, action: DossierAction, actor: ActorRole): DossierStatus {
  const move = MOVES[action];
  if (!move.from.includes(facts.status) || !move.by.includes(actor)) throw new IllegalTransitionError(facts.status, action);
  if (facts.status === 'resubmitted') {
    const backToReception = action === 'receive' || action === 'refuse';
    if (backToReception === (facts.receivedAt !== null)) throw new IllegalTransitionError(facts.status, action);
  }
  return move.to;
}

const PAST_TENSE: Record<DossierAction, string> = {
  submit: 'submitted',
  receive: 'received',
  refuse: 'refused',
  request_supplement: 'sent a supplement request',
  resubmit: 'resubmitted',
  start_processing: 'put into processing',
  request_payment: 'asked to pay',
  complete_payment: 'marked paid',
  approve: 'approved',
  reject: 'rejected',
  issue_result: 'given a result',
  deliver_result: 'marked delivered',
  withdraw: 'withdrawn',
};
