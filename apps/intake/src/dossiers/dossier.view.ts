import { requiredDocumentTypes } from '../procedures/procedure-rules';
import type { PublishedProcedure } from '../procedures/procedure.view';
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
}

/** No personal identification number here: the citizen knows theirs, and the id names the dossier. */
export interface DossierView {
  readonly id: string;
  readonly procedureCode: string;
  readonly status: DossierStatus;
  readonly createdAt: string;
  readonly submittedAt: string | null;
  readonly documents: DossierDocumentView[];
  /** What the citizen was not asked for, and who verified it. */
  readonly reused: ReusedDocumentView[];
  readonly stillRequired: string[];
  readonly supplementRequests: SupplementRequestView[];
}

export function missingDocumentTypes(procedure: PublishedProcedure, documents: readonly DossierDocument[]): string[] {
  const attached = new Set(documents.map((document) => document.documentTypeCode));
  return requiredDocumentTypes(procedure.information).filter((type) => !attached.has(type));
}

export function toDossierView(
  dossier: Dossier,
  procedure: PublishedProcedure,
  documents: readonly DossierDocument[],
  supplementRequests: readonly SupplementRequest[],
): DossierView {
  const order = new Map(requiredDocumentTypes(procedure.information).map((type, index) => [type, index]));
  const sorted = [...documents].sort(
    (a, b) => (order.get(a.documentTypeCode) ?? order.size) - (order.get(b.documentTypeCode) ?? order.size) || a.documentTypeCode.localeCompare(b.documentTypeCode),
  );
  return {
    id: dossier.id,
    procedureCode: dossier.procedureCode,
    status: dossier.status,
    createdAt: dossier.createdAt.toISOString(),
    submittedAt: dossier.submittedAt?.toISOString() ?? null,
    documents: sorted.map(toDocumentView),
    reused: sorted.filter((document) => document.source === 'reused').map(toReusedView),
    stillRequired: missingDocumentTypes(procedure, documents),
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
