import type { ProcedureInformation } from './procedure-information';
import { levelPromises, requiredDocumentTypes, type Classification } from './procedure-rules';
import type { Procedure, ProcedureVersion } from './procedure.entity';

/** One published version, as the dossier lifecycle reads it. */
export interface PublishedProcedure {
  readonly code: string;
  readonly version: number;
  readonly information: ProcedureInformation;
  readonly classification: Classification;
}

/** What a level promises the citizen, next to the Decree 42 classification. */
export interface LevelPromises {
  readonly acceptsOnlineDossiers: boolean;
  readonly acceptsOnlinePayment: boolean;
  readonly returnsResultsOnline: boolean;
}

/** One line of the public catalog. */
export interface ProcedureSummaryView extends LevelPromises {
  readonly code: string;
  readonly version: number;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly level: number;
  readonly classification: Classification;
  readonly requiredDocumentTypes: string[];
}

/** A published version with every Level 1 field. */
export interface PublishedProcedureView extends LevelPromises {
  readonly code: string;
  readonly version: number;
  readonly publishedAt: string;
  readonly classification: Classification;
  readonly requiredDocumentTypes: string[];
  readonly information: ProcedureInformation;
  /** Only for a version converted from the old flat catalog: the Level 1 fields it has no data for. */
  readonly migratedWithout?: string[];
}

export interface ProcedureVersionSummaryView {
  readonly version: number;
  readonly publishedAt: string;
  readonly level: number;
  readonly classification: Classification;
}

/** This agency's working draft, for its officers. */
export interface ProcedureDraftView {
  readonly code: string;
  readonly draft: Partial<ProcedureInformation>;
  readonly publishedVersion: number | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function toPublished(row: ProcedureVersion): PublishedProcedure {
  return { code: row.code, version: row.version, information: row.information, classification: row.classification };
}

export function toSummaryView(row: ProcedureVersion): ProcedureSummaryView {
  const info = row.information;
  return {
    code: row.code,
    version: row.version,
    nameVi: info.nameVi,
    nameEn: info.nameEn,
    level: info.level,
    classification: row.classification,
    ...levelPromises(info),
    requiredDocumentTypes: requiredDocumentTypes(info),
  };
}

export function toPublishedView(row: ProcedureVersion): PublishedProcedureView {
  return {
    code: row.code,
    version: row.version,
    publishedAt: row.publishedAt.toISOString(),
    classification: row.classification,
    ...levelPromises(row.information),
    requiredDocumentTypes: requiredDocumentTypes(row.information),
    information: row.information,
    ...(row.migratedWithout ? { migratedWithout: row.migratedWithout } : {}),
  };
}

export function toVersionSummaryView(row: ProcedureVersion): ProcedureVersionSummaryView {
  return { version: row.version, publishedAt: row.publishedAt.toISOString(), level: row.information.level, classification: row.classification };
}

export function toDraftView(row: Procedure): ProcedureDraftView {
  return { code: row.code, draft: row.draft, publishedVersion: row.publishedVersion, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

