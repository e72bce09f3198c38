/**
 * Vault HTTP responses that other services read (the intake forwards a citizen's upload and
 * resolves the citizen's opaque reference). Kept here so both sides share one shape.
 */
export interface CitizenRefResponse {
  readonly citizenRef: string;
}

export interface StoredDocumentResponse {
  readonly documentId: string;
  readonly citizenRef: string;
  readonly documentTypeCode: string;
  readonly mimeType: 'application/pdf' | 'image/jpeg' | 'image/png';
  readonly sizeBytes: number;
  readonly sha256: string;
  /** Null until the agency's intake has said, signed, for which of its dossiers it was provided (DocumentProvided). */
  readonly providedToAgencyCode: string | null;
  readonly dossierId: string | null;
  readonly status: 'provided' | 'verified' | 'revoked';
}

/** What the intake reads of the vault's directory (an agency, a governing body) to print its name on slips and results. */
export interface DirectoryName {
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string;
  /** An agency's: the body it answers to. */
  readonly governingBodyCode?: string;
}
