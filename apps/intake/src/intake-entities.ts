import { DossierDocument } from './dossiers/dossier-document.entity';
import { Dossier } from './dossiers/dossier.entity';
import { SupplementRequest } from './dossiers/supplement-request.entity';
import { KnownDocumentType, Procedure, ProcedureVersion } from './procedures/procedure.entity';
import { ReusableDocument } from './reuse/reusable-document.entity';

export const INTAKE_ENTITIES = [Procedure, ProcedureVersion, KnownDocumentType, Dossier, DossierDocument, SupplementRequest, ReusableDocument];
