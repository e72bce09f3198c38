/**
 * The shapes the portal reads from the services' JSON, as far as its pages use them. The
 * services own these (apps/intake/src/dossiers/dossier.view.ts and the others); the portal
 * never imports a service's code, only its published answers.
 */
export type Channel = 'in_person' | 'post' | 'online';

export interface FormTemplate {
  readonly code: string;
  readonly kind: 'application' | 'declaration' | 'result';
  readonly titleVi: string;
  readonly schema: JsonObjectSchema;
}

export interface JsonObjectSchema {
  readonly properties?: Record<string, JsonFieldSchema>;
  readonly required?: readonly string[];
}

export interface JsonFieldSchema {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean';
  readonly title?: string;
  readonly description?: string;
  readonly enum?: readonly (string | number)[];
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
}

export interface Fee {
  readonly code: string;
  readonly nameVi: string;
  readonly kind: 'fixed' | 'per_unit';
  readonly amountVnd?: number;
  readonly unitAmountVnd?: number;
}

export interface ProcedureView {
  readonly agencyCode: string;
  readonly code: string;
  readonly version: number;
  readonly acceptsOnlineDossiers: boolean;
  readonly acceptsOnlinePayment: boolean;
  readonly returnsResultsOnline: boolean;
  readonly requiredDocumentTypes: string[];
  readonly information: {
    readonly nationalCode: string;
    readonly nameVi: string;
    readonly nameEn: string;
    readonly level: 1 | 2 | 3 | 4;
    readonly steps: readonly { order: number; descriptionVi: string }[];
    readonly methodVi: string;
    readonly components: readonly { documentTypeCode: string; nameVi: string; originals: number; copies: number; required: boolean }[];
    readonly processingWorkingDays: number;
    readonly subjectsVi: readonly string[];
    readonly handlingAgencyVi: string;
    readonly result: { documentTypeCode: string; nameVi: string };
    readonly forms: readonly FormTemplate[];
    readonly requirementsVi: readonly string[];
    readonly fees: readonly Fee[];
    readonly receiving: readonly Channel[];
    readonly returning: readonly Channel[];
  };
}

export interface DossierDocumentView {
  readonly documentTypeCode: string;
  readonly documentId: string;
  readonly source: string;
  readonly verification: string;
  readonly verifiedByAgencyCode: string | null;
  /** Null when this desk verified it: an intake does not hold its own agency's name. */
  readonly verifiedByAgencyName: string | null;
  readonly verifiedAt: string | null;
  readonly validUntil: string | null;
}

export interface ReusedDocumentView {
  readonly documentTypeCode: string;
  readonly documentId: string;
  readonly verifiedByAgencyName: string;
  readonly verifiedAt: string;
  readonly validUntil: string | null;
}

export interface SupplementRequestView {
  readonly id: string;
  readonly documentTypeCodes: string[];
  readonly note: string;
  readonly requestedAt: string;
  readonly resolvedAt: string | null;
}

export interface DossierView {
  readonly id: string;
  readonly procedureCode: string;
  readonly level: number;
  readonly status: string;
  readonly createdAt: string;
  readonly submittedAt: string | null;
  readonly dossierCode: string | null;
  readonly appointmentDate: string | null;
  readonly returnChannel: Channel | null;
  readonly feeVnd: number | null;
  readonly paidAt: string | null;
  readonly formData: Record<string, string | number | boolean> | null;
  readonly documents: DossierDocumentView[];
  readonly reused: ReusedDocumentView[];
  readonly stillRequired: string[];
  readonly supplementRequests: SupplementRequestView[];
}

export interface TransitionView {
  readonly from: string;
  readonly to: string;
  readonly actorRole: string;
  readonly reason: string | null;
  readonly at: string;
}

export interface QueueItem {
  readonly dossier: DossierView;
  readonly dueDate: string;
  readonly workingDaysLeft: number | null;
  readonly overdue: boolean;
}

export interface ResultView {
  readonly verificationCode: string;
  readonly verificationUrl: string;
  readonly documentId: string | null;
  readonly signatureProfile: string | null;
}
