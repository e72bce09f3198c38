import { DossierDocument } from './dossiers/dossier-document.entity';
import { Dossier } from './dossiers/dossier.entity';
import { SupplementRequest } from './dossiers/supplement-request.entity';
import { DossierApology } from './lifecycle/dossier-apology.entity';
import { DossierTransition } from './lifecycle/dossier-transition.entity';
import { KnownDocumentType, Procedure, ProcedureVersion } from './procedures/procedure.entity';
import { DossierRating } from './ratings/dossier-rating.entity';
import { DossierResult } from './results/dossier-result.entity';
import { ReusableDocument } from './reuse/reusable-document.entity';

export const INTAKE_ENTITIES = [
  Procedure,
  ProcedureVersion,
  KnownDocumentType,
  Dossier,
  DossierDocument,
  SupplementRequest,
  DossierTransition,
  DossierApology,
  DossierRating,
  DossierResult,
  ReusableDocument,
];
