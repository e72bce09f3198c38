import { DOSSIER_STATUSES, type DossierStatus } from '../dossiers/dossier.entity';
import { assertMove, IllegalTransitionError, MOVES, type ActorRole, type DossierAction } from './dossier-state-machine';

const ACTIONS = Object.keys(MOVES) as DossierAction[];
const ROLES: ActorRole[] = ['citizen', 'officer', 'system'];
const received = new Date('2026-12-01T02:00:00Z');

describe('the one-stop lifecycle', () => {
  it('walks the whole way from draft to delivered, through a supplement and a fee', () => {
    const path: [DossierAction, ActorRole, DossierStatus][] = [
      ['submit', 'citizen', 'submitted'],
      ['receive', 'officer', 'received'],
      ['start_processing', 'officer', 'in_processing'],
      ['request_supplement', 'officer', 'supplement_requested'],
      ['resubmit', 'citizen', 'resubmitted'],
      ['start_processing', 'officer', 'in_processing'],
      ['request_payment', 'officer', 'awaiting_payment'],
      ['complete_payment', 'system', 'in_processing'],
      ['approve', 'officer', 'approved'],
      ['issue_result', 'officer', 'result_issued'],
      ['deliver_result', 'system', 'result_delivered'],
    ];
    let status: DossierStatus = 'draft';
    for (const [action, actor, expected] of path) {
      status = assertMove({ status, receivedAt: status === 'draft' || status === 'submitted' ? null : received }, action, actor);
      expect(status).toBe(expected);
    }
  });

  it('sends a dossier resubmitted before reception back to reception, and one resubmitted after it back to processing', () => {
    expect(assertMove({ status: 'resubmitted', receivedAt: null }, 'receive', 'officer')).toBe('received');
    expect(assertMove({ status: 'resubmitted', receivedAt: null }, 'refuse', 'officer')).toBe('refused');
    expect(() => assertMove({ status: 'resubmitted', receivedAt: null }, 'start_processing', 'officer')).toThrow(IllegalTransitionError);
    expect(assertMove({ status: 'resubmitted', receivedAt: received }, 'start_processing', 'officer')).toBe('in_processing');
    expect(() => assertMove({ status: 'resubmitted', receivedAt: received }, 'receive', 'officer')).toThrow(IllegalTransitionError);
  });

  it('refuses every move the table does not list, for every state and every actor', () => {
    let refused = 0;
    for (const status of DOSSIER_STATUSES) {
      for (const action of ACTIONS) {
        for (const actor of ROLES) {
          const listed = MOVES[action].from.includes(status) && MOVES[action].by.includes(actor);
          const facts = { status, receivedAt: null };
          if (listed && status !== 'resubmitted') expect(assertMove(facts, action, actor)).toBe(MOVES[action].to);
          if (!listed) {
            expect(() => assertMove(facts, action, actor)).toThrow(IllegalTransitionError);
            refused += 1;
          }
        }
      }
    }
    // 13 states × 13 actions × 3 actors, less the 27 listed (state, action, actor) triples.
    expect(refused).toBe(13 * 13 * 3 - 27);
  });

  it('ends nothing that is already closed: refused, rejected, delivered and withdrawn dossiers take no further step', () => {
    for (const status of ['refused', 'rejected', 'result_delivered', 'withdrawn'] as const) {
      for (const action of ACTIONS) expect(() => assertMove({ status, receivedAt: received }, action, 'officer')).toThrow(IllegalTransitionError);
    }
  });

  it('names the state and the move in its message', () => {
    expect(() => assertMove({ status: 'approved', receivedAt: received }, 'withdraw', 'citizen')).toThrow('the dossier is approved: it cannot be withdrawn');
  });
});
