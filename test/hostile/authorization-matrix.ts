import type { Outcome, Refusal } from './support/authorization-outcome';
import type { CallerRole, Relation } from './support/callers';
import type { ServiceKind } from './support/realistic-requests';

/**
 * Who may do what, route by route: the platform's authorisation written down once, and
 * checked against the running services by authorization.integration-spec.ts, which builds
 * every route × caller × relation from the services' own OpenAPI documents (and the routes
 * Express serves beyond them). A route without a row, or a row without a route, fails it.
 *
 * Columns are callers. `citizen` stands for the seeded citizens A and B alike, each seen from
 * their own side. `officer` is an officer of the deployment's agency (the home agency
 * 000.00.12.H26 for the vault, payment and notification), `foreignOfficer` one of the sibling
 * agency under the same governing body: the caller a careless agency check lets through.
 *
 * A cell is one outcome for every relation, or one per relation, where the relation says
 * whose resource the request names, seen from the caller:
 * - `own`: the caller's own (a citizen's; an officer's agency's);
 * - `another-citizen`: the other citizen's, at the same agency;
 * - `another-agency`: the same citizen's, at the other agency (at an intake, a dossier the
 *   other deployment holds; in the vault, a document provided to the other agency).
 *
 * `allowed` means the request got through authentication and authorisation: a 2xx or 3xx, or
 * a 4xx that is about the resource or its state rather than the caller (409
 * ILLEGAL_TRANSITION on a dossier already decided, 422 PROCEDURE_INCOMPLETE). A refusal is
 * the status and stable code the caller must get; a not-found that hides a resource counts
 * as a refusal, since every resource named here exists.
 */
export type Cell = Outcome | Readonly<Record<Relation, Outcome>>;

export interface MatrixRow {
  readonly anonymous: Cell;
  readonly citizen: Cell;
  readonly officer: Cell;
  readonly foreignOfficer: Cell;
  readonly admin: Cell;
  /** Set, with the reason, for a route the service serves but leaves out of its OpenAPI document. */
  readonly undocumented?: string;
}

const allowed: Outcome = 'allowed';
const UNAUTHENTICATED: Refusal = { status: 401, code: 'UNAUTHENTICATED' };
const ROLE_NOT_ALLOWED: Refusal = { status: 403, code: 'ROLE_NOT_ALLOWED' };
/** An intake's officer may act only for the deployment's own agency (architecture §6). */
const FOREIGN_AGENCY: Refusal = { status: 403, code: 'FOREIGN_AGENCY' };
/** decideAccess: no basis for this caller to read the document, or no dossier of theirs it is attached to. */
const OUT_OF_SCOPE: Refusal = { status: 403, code: 'OUT_OF_SCOPE' };
const NOT_VERIFYING_AGENCY: Refusal = { status: 403, code: 'NOT_VERIFYING_AGENCY' };
const hidden = (code: string): Refusal => ({ status: 404, code });
const DOSSIER_HIDDEN = hidden('DOSSIER_NOT_FOUND');
const DOCUMENT_HIDDEN = hidden('DOCUMENT_NOT_FOUND');
const ORDER_HIDDEN = hidden('ORDER_NOT_FOUND');
const RESULT_HIDDEN = hidden('RESULT_NOT_FOUND');

/** Only the caller's own: another citizen's, and anything at another agency, is refused. */
const ownOnly = (refusal: Refusal): Cell => ({ own: allowed, 'another-citizen': refusal, 'another-agency': refusal });
/** Anything of the caller's agency, whoever's it is; another agency's is refused. */
const agencyOnly = (refusal: Refusal): Cell => ({ own: allowed, 'another-citizen': allowed, 'another-agency': refusal });
/** The citizen's own wherever it was given: only another citizen's is refused. */
const mineAnywhere = (refusal: Refusal): Cell => ({ own: allowed, 'another-citizen': refusal, 'another-agency': allowed });

const PUBLIC: MatrixRow = { anonymous: allowed, citizen: allowed, officer: allowed, foreignOfficer: allowed, admin: allowed };
const CITIZENS: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: allowed, officer: ROLE_NOT_ALLOWED, foreignOfficer: ROLE_NOT_ALLOWED, admin: ROLE_NOT_ALLOWED };
const ADMINS: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: ROLE_NOT_ALLOWED, foreignOfficer: ROLE_NOT_ALLOWED, admin: allowed };

/** Served by every service alike: Swagger UI and its document, probes, metrics. */
const EVERY_SERVICE: Readonly<Record<string, MatrixRow>> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /docs': { ...PUBLIC, undocumented: 'Swagger UI itself' },
  'GET /docs/': { ...PUBLIC, undocumented: 'Swagger UI itself' },
  'GET /docs/index.html': { ...PUBLIC, undocumented: 'Swagger UI itself' },
  'GET /docs/swagger-ui-init.js': { ...PUBLIC, undocumented: 'Swagger UI itself' },
  // @nestjs/swagger also registers the script one level down; it serves the same file.
  'GET /docs/docs/swagger-ui-init.js': { ...PUBLIC, undocumented: 'Swagger UI itself' },
  // Registered by @nestjs/swagger, answered 404 by it: the licence file is not shipped.
  'GET /docs/LICENSE': { anonymous: hidden('NOT_FOUND'), citizen: hidden('NOT_FOUND'), officer: hidden('NOT_FOUND'), foreignOfficer: hidden('NOT_FOUND'), admin: hidden('NOT_FOUND'), undocumented: 'Swagger UI itself' },
  'GET /docs-json': { ...PUBLIC, undocumented: 'the OpenAPI document' },
  'GET /docs-yaml': { ...PUBLIC, undocumented: 'the OpenAPI document' },
  // Scrapers use METRICS_TOKEN, not a person's login; without one configured the endpoint is off for everyone.
  'GET /metrics': {
    anonymous: hidden('METRICS_DISABLED'),
    citizen: hidden('METRICS_DISABLED'),
    officer: hidden('METRICS_DISABLED'),
    foreignOfficer: hidden('METRICS_DISABLED'),
    admin: hidden('METRICS_DISABLED'),
    undocumented: 'for Prometheus, with its own token',
  },
};

/** Reading a dossier: its citizen, and its agency's officers. */
const DOSSIER_READ: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ownOnly(DOSSIER_HIDDEN), officer: agencyOnly(DOSSIER_HIDDEN), foreignOfficer: FOREIGN_AGENCY, admin: ROLE_NOT_ALLOWED };
/** The citizen's own steps on their dossier; the guard refuses officers before any agency check. */
const CITIZEN_STEP: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ownOnly(DOSSIER_HIDDEN), officer: ROLE_NOT_ALLOWED, foreignOfficer: ROLE_NOT_ALLOWED, admin: ROLE_NOT_ALLOWED };
/** A step of the one-stop desk: this agency's officers, on this agency's dossiers. */
const DESK_STEP: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: agencyOnly(DOSSIER_HIDDEN), foreignOfficer: FOREIGN_AGENCY, admin: ROLE_NOT_ALLOWED };
/** The agency's own business that names no dossier: its officers only. */
const AGENCY_OFFICERS: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: allowed, foreignOfficer: FOREIGN_AGENCY, admin: ROLE_NOT_ALLOWED };
/**
 * A result looked up by its printed code, with no login: each intake answers for the codes it
 * issued. The relation picks whose code: the foreign officer's own are the other agency's.
 */
const issuedHere: Cell = { own: allowed, 'another-citizen': allowed, 'another-agency': RESULT_HIDDEN };
const issuedElsewhere: Cell = { own: RESULT_HIDDEN, 'another-citizen': RESULT_HIDDEN, 'another-agency': allowed };
const RESULT_LOOKUP: MatrixRow = { anonymous: issuedHere, citizen: issuedHere, officer: issuedHere, foreignOfficer: issuedElsewhere, admin: issuedHere };

const INTAKE: Readonly<Record<string, MatrixRow>> = {
  ...EVERY_SERVICE,
  // The catalog is public information (level 1): anyone may read it and print its forms.
  'GET /procedures': PUBLIC,
  'GET /procedures/{code}': PUBLIC,
  'GET /procedures/{code}/versions': PUBLIC,
  'GET /procedures/{code}/versions/{version}': PUBLIC,
  'GET /procedures/{code}/forms/{formCode}.pdf': PUBLIC,
  'POST /procedures': AGENCY_OFFICERS,
  'GET /procedures/{code}/draft': AGENCY_OFFICERS,
  'PUT /procedures/{code}/draft': AGENCY_OFFICERS,
  'POST /procedures/{code}/publication': AGENCY_OFFICERS,

  'POST /dossiers': CITIZENS,
  // A citizen lists their own, an officer their agency's: the filter is the answer, and the suite checks no one else's id is in it.
  'GET /dossiers': { anonymous: UNAUTHENTICATED, citizen: allowed, officer: allowed, foreignOfficer: FOREIGN_AGENCY, admin: ROLE_NOT_ALLOWED },
  'GET /dossiers/{id}': DOSSIER_READ,
  'GET /dossiers/{id}/history': DOSSIER_READ,
  'GET /dossiers/{id}/forms/{formCode}.pdf': DOSSIER_READ,
  'GET /dossiers/{id}/slips/{kind}': DOSSIER_READ,
  'GET /dossiers/{id}/result': DOSSIER_READ,
  'POST /dossiers/{id}/documents': CITIZEN_STEP,
  'PUT /dossiers/{id}/form': CITIZEN_STEP,
  'POST /dossiers/{id}/submit': CITIZEN_STEP,
  'POST /dossiers/{id}/resubmission': CITIZEN_STEP,
  'POST /dossiers/{id}/withdrawal': CITIZEN_STEP,
  'POST /dossiers/{id}/rating': CITIZEN_STEP,

  'GET /desk/queue': AGENCY_OFFICERS,
  'POST /dossiers/{id}/documents/{documentTypeCode}/verification': DESK_STEP,
  'POST /dossiers/{id}/supplement-requests': DESK_STEP,
  'POST /dossiers/{id}/receipt': DESK_STEP,
  'POST /dossiers/{id}/refusal': DESK_STEP,
  'POST /dossiers/{id}/processing': DESK_STEP,
  'POST /dossiers/{id}/payment-request': DESK_STEP,
  'POST /dossiers/{id}/approval': DESK_STEP,
  'POST /dossiers/{id}/rejection': DESK_STEP,
  'POST /dossiers/{id}/apology': DESK_STEP,
  'POST /dossiers/{id}/delivery': DESK_STEP,
  'POST /dossiers/{id}/result': DESK_STEP,

  'GET /results/{code}': RESULT_LOOKUP,
  'GET /verify/{code}': RESULT_LOOKUP,
  'POST /results/{code}/revocation': { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: issuedHere, foreignOfficer: FOREIGN_AGENCY, admin: ROLE_NOT_ALLOWED },

  'GET /ratings/summary': AGENCY_OFFICERS,
  // Counts per procedure and month only, never a comment or a person: open data.
  'GET /open-data/ratings.json': PUBLIC,
  'GET /open-data/ratings.csv': PUBLIC,
};

/** Who may read a document's metadata: decideAccess's bases (architecture §6). */
const DOCUMENT_METADATA: MatrixRow = {
  anonymous: UNAUTHENTICATED,
  citizen: mineAnywhere(DOCUMENT_HIDDEN),
  // provided-to-agency for their agency's; governing-body for the sibling's, the body being connected and the document verified.
  officer: allowed,
  foreignOfficer: allowed,
  // Admins manage the directory and may revoke, but never read documents.
  admin: OUT_OF_SCOPE,
};

const VAULT: Readonly<Record<string, MatrixRow>> = {
  ...EVERY_SERVICE,
  // The directory and its public keys are public: the portal shows them, verifiers need them.
  'GET /directory/governing-bodies': PUBLIC,
  'GET /directory/governing-bodies/{code}': PUBLIC,
  'GET /directory/agencies/{code}': PUBLIC,
  'GET /directory/agencies/{code}/jwks.json': PUBLIC,
  'GET /directory/services/{name}/jwks.json': PUBLIC,
  'GET /document-types': PUBLIC,
  'PUT /directory/governing-bodies/{code}': ADMINS,
  'PUT /directory/governing-bodies/{code}/data-sharing': ADMINS,
  'PUT /directory/agencies/{code}': ADMINS,
  'PUT /directory/signing-keys/{kid}': ADMINS,
  'POST /directory/signing-keys/{kid}/retirement': ADMINS,
  'PUT /document-types/{code}': ADMINS,

  'POST /citizens/me': CITIZENS,
  'GET /access-log': CITIZENS,
  'GET /documents': CITIZENS,
  'POST /documents': CITIZENS,
  // Any agency's officer may store a signed result for a citizen; the binding to a dossier comes only from that agency's signed events.
  'POST /documents/issued': { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: allowed, foreignOfficer: allowed, admin: ROLE_NOT_ALLOWED },
  'GET /documents/{id}': DOCUMENT_METADATA,
  // Admins answer audits: the evidence is signatures and ids, never the content.
  'GET /documents/{id}/verification-evidence': { ...DOCUMENT_METADATA, admin: allowed },
  // An officer must name a dossier of their own agency that the document is attached to; the other agency's is OUT_OF_SCOPE.
  'GET /documents/{id}/content': { ...DOCUMENT_METADATA, officer: agencyOnly(OUT_OF_SCOPE), foreignOfficer: agencyOnly(OUT_OF_SCOPE) },
  // The verifying agency's officers, or an admin; a sibling's officer may read but not revoke.
  'POST /documents/{id}/revocation': {
    anonymous: UNAUTHENTICATED,
    citizen: ROLE_NOT_ALLOWED,
    officer: agencyOnly(NOT_VERIFYING_AGENCY),
    foreignOfficer: agencyOnly(NOT_VERIFYING_AGENCY),
    admin: allowed,
  },
};

/** An order, for its citizen and for the officers of the agency whose fee it is. */
const ORDER_READ: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: mineAnywhere(ORDER_HIDDEN), officer: agencyOnly(ORDER_HIDDEN), foreignOfficer: agencyOnly(ORDER_HIDDEN), admin: ROLE_NOT_ALLOWED };
const ORDER_DESK: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: agencyOnly(ORDER_HIDDEN), foreignOfficer: agencyOnly(ORDER_HIDDEN), admin: ROLE_NOT_ALLOWED };
const RECONCILIATION_READ: MatrixRow = {
  anonymous: UNAUTHENTICATED,
  citizen: ROLE_NOT_ALLOWED,
  officer: agencyOnly(hidden('RECONCILIATION_NOT_FOUND')),
  foreignOfficer: agencyOnly(hidden('RECONCILIATION_NOT_FOUND')),
  // An admin's run covers every agency, and an admin may read every agency's.
  admin: allowed,
};
const STAFF: MatrixRow = { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: allowed, foreignOfficer: allowed, admin: allowed };

const PAYMENT: Readonly<Record<string, MatrixRow>> = {
  ...EVERY_SERVICE,
  // By dossier: a citizen sees their own orders of it, an officer their agency's; the suite checks no one else's id is in the page.
  'GET /orders': { anonymous: UNAUTHENTICATED, citizen: allowed, officer: allowed, foreignOfficer: allowed, admin: ROLE_NOT_ALLOWED },
  'GET /orders/{id}': ORDER_READ,
  'GET /orders/{id}/refunds': ORDER_READ,
  'GET /orders/{id}/receipt.pdf': ORDER_READ,
  'POST /orders/{id}/checkout': { anonymous: UNAUTHENTICATED, citizen: mineAnywhere(ORDER_HIDDEN), officer: ROLE_NOT_ALLOWED, foreignOfficer: ROLE_NOT_ALLOWED, admin: ROLE_NOT_ALLOWED },
  'POST /orders/{id}/desk-payment': ORDER_DESK,
  'POST /orders/{id}/refunds': ORDER_DESK,
  'GET /gateways': { anonymous: UNAUTHENTICATED, citizen: allowed, officer: allowed, foreignOfficer: allowed, admin: allowed },
  'GET /held-transfers': STAFF,
  // VietQR is off here, so no transfer is ever held: the row proves the role check, and that a made-up id is a plain not-found.
  'POST /held-transfers/{id}/resolution': {
    anonymous: UNAUTHENTICATED,
    citizen: ROLE_NOT_ALLOWED,
    officer: hidden('HELD_TRANSFER_NOT_FOUND'),
    foreignOfficer: hidden('HELD_TRANSFER_NOT_FOUND'),
    admin: hidden('HELD_TRANSFER_NOT_FOUND'),
  },
  'POST /reconciliations': STAFF,
  'GET /reconciliations/{id}': RECONCILIATION_READ,
  'GET /reconciliations/{id}.csv': RECONCILIATION_READ,
  'GET /reports/orders': { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: allowed, foreignOfficer: allowed, admin: ROLE_NOT_ALLOWED },
  'GET /reports/orders.csv': { anonymous: UNAUTHENTICATED, citizen: ROLE_NOT_ALLOWED, officer: allowed, foreignOfficer: allowed, admin: ROLE_NOT_ALLOWED },
  // Gateways and banks call without a token; their signatures authenticate them, checked in the handler.
  'GET /gateways/{gateway}/ipn': { ...PUBLIC, undocumented: "the gateway's server-to-server notification" },
  'GET /gateways/{gateway}/return': { ...PUBLIC, undocumented: "where the gateway sends the payer's browser back" },
  'POST /gateways/vietqr/credits': { ...PUBLIC, undocumented: "the bank's credit notification" },
};

const NOTIFICATION: Readonly<Record<string, MatrixRow>> = {
  ...EVERY_SERVICE,
  'GET /me/preferences': CITIZENS,
  'PUT /me/preferences': CITIZENS,
  'GET /me/messages': CITIZENS,
  'GET /me/messages/unread-count': CITIZENS,
  'POST /me/messages/read-all': CITIZENS,
  'POST /me/messages/{id}/read': { ...CITIZENS, citizen: mineAnywhere(hidden('MESSAGE_NOT_FOUND')) },
  // An officer reads their own agency's address; another agency's is answered as if it had none.
  'GET /agencies/{code}/contact': {
    anonymous: UNAUTHENTICATED,
    citizen: ROLE_NOT_ALLOWED,
    officer: agencyOnly(hidden('AGENCY_CONTACT_NOT_FOUND')),
    foreignOfficer: agencyOnly(hidden('AGENCY_CONTACT_NOT_FOUND')),
    admin: allowed,
  },
  'PUT /agencies/{code}/contact': ADMINS,
  'GET /operator/messages': ADMINS,
  'POST /operator/messages/{id}/retry': ADMINS,
};

export const AUTHORIZATION_MATRIX: Readonly<Record<ServiceKind, Readonly<Record<string, MatrixRow>>>> = {
  vault: VAULT,
  intake: INTAKE,
  payment: PAYMENT,
  notification: NOTIFICATION,
};

/** The column that speaks for each caller: citizens A and B are both `citizen`, each seen from their own side. */
const COLUMN: Record<CallerRole, keyof Omit<MatrixRow, 'undocumented'>> = {
  anonymous: 'anonymous',
  'citizen-a': 'citizen',
  'citizen-b': 'citizen',
  officer: 'officer',
  'foreign-officer': 'foreignOfficer',
  admin: 'admin',
};

/** What the table expects when `role` calls the route about a resource in `relation`. */
export function expectedOutcome(row: MatrixRow, role: CallerRole, relation: Relation): Outcome {
  const cell: Cell = row[COLUMN[role]];
  return typeof cell === 'string' || 'status' in cell ? cell : cell[relation];
}
