import type { DossierTransition } from '../lifecycle/dossier-transition.entity';
import type { Channel, ProcedureInformation } from '../procedures/procedure-information';
import { requiredDocumentTypes } from '../procedures/procedure-rules';
import type { Dossier, DossierStatus } from './dossier.entity';
import type { DocumentSource, DocumentVerification, DossierDocument } from './dossier-document.entity';
import type { SupplementRequest } from './supplement-request.entity';

export interface DossierDocumentView {
  readonly documentTypeCode: string;
  readonly documentId: string;
  readonly source: DocumentSource;
  readonly verification: DocumentVerification;
  readonly verifiedByAgencyCode: string | null;
  readonly verifiedByAgencyName: string | null;
  readonly verifiedAt: string | null;
  readonly validUntil: string | null;
  readonly attachedAt: string;
}

export interface ReusedDocumentView {
  readonly documentTypeCode: string;
  readonly documentId: string;
  readonly verifiedByAgencyCode: string;
  readonly verifiedByAgencyName: string;
  readonly verifiedAt: string;
  readonly validUntil: string | null;
}

export interface SupplementRequestView {
  readonly id: string;
  readonly dossierId: string;
  readonly documentTypeCodes: string[];
  readonly note: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly resolvedAt: string | null;
}

export interface DossierTransitionView {
  readonly from: DossierStatus;
  readonly to: DossierStatus;
  readonly actorRole: DossierTransition['actorRole'];
  readonly actor: string | null;
  readonly reason: string | null;
  readonly at: string;
}

/** No personal identification number here: the citizen knows theirs, and the id names the dossier. */
export interface DossierView {
  readonly id: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly level: number;
  readonly status: DossierStatus;
  readonly createdAt: string;
  readonly submittedAt: string | null;
  /** The national dossier code and the day the result is due, from reception on. */
  readonly dossierCode: string | null;
  readonly receivedAt: string | null;
  readonly appointmentDate: string | null;
  /** Stopped while a supplement request is open, with the working days it had left. */
  readonly clockPausedWithWorkingDaysLeft: number | null;
  readonly returnChannel: Channel | null;
  readonly feeVnd: number | null;
  readonly paidAt: string | null;
  readonly paymentChannel: Channel | null;
  readonly formData: DossierForm | null;
  readonly documents: DossierDocumentView[];
  /** What the citizen was not asked for, and who verified it. */
  readonly reused: ReusedDocumentView[];
  readonly stillRequired: string[];
  readonly supplementRequests: SupplementRequestView[];
}

type DossierForm = NonNullable<Dossier['formData']>;

export function missingDocumentTypes(required: readonly string[], documents: readonly DossierDocument[]): string[] {
  const attached = new Set(documents.map((document) => document.documentTypeCode));
  return required.filter((type) => !attached.has(type));
}

export function toDossierView(
  dossier: Dossier,
  procedure: ProcedureInformation,
  documents: readonly DossierDocument[],
  supplementRequests: readonly SupplementRequest[],
): DossierView {
  const required = requiredDocumentTypes(procedure);
  const order = new Map(required.map((type, index) => [type, index]));
  const sorted = [...documents].sort(
    (a, b) => (order.get(a.documentTypeCode) ?? order.size) - (order.get(b.documentTypeCode) ?? order.size) || a.documentTypeCode.localeCompare(b.documentTypeCode),
  );
  return {
    id: dossier.id,
    procedureCode: dossier.procedureCode,
    procedureVersion: dossier.procedureVersion,
    level: dossier.procedureLevel,
    status: dossier.status,
    createdAt: dossier.createdAt.toISOString(),
    submittedAt: dossier.submittedAt?.toISOString() ?? null,
    dossierCode: dossier.dossierCode,
    receivedAt: dossier.receivedAt?.toISOString() ?? null,
    appointmentDate: dossier.appointmentDate,
    clockPausedWithWorkingDaysLeft: dossier.pausedWorkingDays,
    returnChannel: dossier.returnChannel,
    feeVnd: dossier.feeVnd,
    paidAt: dossier.paidAt?.toISOString() ?? null,
    paymentChannel: dossier.paymentChannel,
    formData: dossier.formData,
    documents: sorted.map(toDocumentView),
    reused: sorted.filter((document) => document.source === 'reused').map(toReusedView),
    stillRequired: missingDocumentTypes(required, documents),
    supplementRequests: [...supplementRequests]
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
      .map(toSupplementRequestView),
  };
}

export function toSupplementRequestView(request: SupplementRequest): SupplementRequestView {
  return {
    id: request.id,
    dossierId: request.dossierId,
    documentTypeCodes: request.documentTypeCodes,
    note: request.note,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    resolvedAt: request.resolvedAt?.toISOString() ?? null,
  };
}

export function toTransitionView(transition: DossierTransition): DossierTransitionView {
  return {
    from: transition.fromStatus,
    to: transition.toStatus,
    actorRole: transition.actorRole,
    actor: transition.actorSubject,
    reason: transition.reason,
    at: transition.at.toISOString(),
  };
}

function toDocumentView(document: DossierDocument): DossierDocumentView {
  return {
    documentTypeCode: document.documentTypeCode,
    documentId: document.documentId,
    source: document.source,
    verification: document.verification,
    verifiedByAgencyCode: document.verifiedByAgencyCode,
    verifiedByAgencyName: document.verifiedByAgencyName,
    verifiedAt: document.verifiedAt?.toISOString() ?? null,
    validUntil: document.validUntil?.toISOString() ?? null,
    attachedAt: document.attachedAt.toISOString(),
  };
}

function toReusedView(document: DossierDocument): ReusedDocumentView {
  return {
    documentTypeCode: document.documentTypeCode,
    documentId: document.documentId,
    // A reused document is verified by construction (the schema checks it too).
    verifiedByAgencyCode: document.verifiedByAgencyCode!,
    verifiedByAgencyName: document.verifiedByAgencyName!,
    verifiedAt: document.verifiedAt!.toISOString(),
    validUntil: document.validUntil?.toISOString() ?? null,
  };
}
