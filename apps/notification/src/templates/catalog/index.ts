import type { TemplateDefinition } from '../template-definition';
import { dossierReceived } from './dossier-received.v1';
import { supplementRequested } from './supplement-requested.v1';
import { dossierRefused } from './dossier-refused.v1';
import { paymentRequestedOnline } from './payment-requested-online.v1';
import { paymentRequestedDesk } from './payment-requested-desk.v1';
import { paymentCompleted } from './payment-completed.v1';
import { paymentRefunded } from './payment-refunded.v1';
import { resultReady } from './result-ready.v1';
import { resultDelivered } from './result-delivered.v1';
import { dossierOverdue } from './dossier-overdue.v1';
import { ratingInvitation } from './rating-invitation.v1';
import { documentAccessAlert } from './document-access-alert.v1';
import { officerNewDossier } from './officer-new-dossier.v1';
import { officerDueSoon } from './officer-due-soon.v1';
import { digest } from './digest.v1';

/** Every version of every template; the renderer uses the newest of each key. A new version is a new file, the old one kept for what it rendered. */
export const TEMPLATES: readonly TemplateDefinition[] = [dossierReceived, supplementRequested, dossierRefused, paymentRequestedOnline, paymentRequestedDesk, paymentCompleted, paymentRefunded, resultReady, resultDelivered, dossierOverdue, ratingInvitation, documentAccessAlert, officerNewDossier, officerDueSoon, digest];

export type { TemplateKey } from '../template-definition';
