import {
  availabilityTopic,
  DocumentAvailability,
  DocumentProvided,
  DocumentReused,
  DocumentVerified,
  DossierApologyIssued,
  DossierRated,
  DossierStatusChanged,
  PAYMENT_OUTCOME_TOPIC,
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  PaymentRefundRequested,
  PaymentRequested,
  ResultIssued,
} from '@app/contracts';
import { RemoteJwksKeyResolver } from '@app/messaging';
import type { ServiceSpec } from '@app/platform';
import { DossiersModule } from './dossiers/dossiers.module';
import { FormsModule } from './forms/forms.module';
import { INTAKE_ENTITIES } from './intake-entities';
import { IntakeEnvironment, intakeDeploymentName, intakeGoverningBodyCode } from './intake-environment';
import { IntakeSettingsModule } from './intake-settings';
import { CreateIntakeTables1764600000000 } from './migrations/1764600000000-create-intake-tables';
import { AddReusableDocumentVersion1764700000000 } from './migrations/1764700000000-add-reusable-document-version';
import { AddDossierLifecycle1764900000000 } from './migrations/1764900000000-add-dossier-lifecycle';
import { CreateProcedureVersions1764905000000 } from './migrations/1764905000000-create-procedure-versions';
import { CreateDossierRatings1764910000000 } from './migrations/1764910000000-create-dossier-ratings';
import { CreateDossierResults1764920000000 } from './migrations/1764920000000-create-dossier-results';
import { ProcedureSeeder } from './procedures/procedure.seeder';
import { ProceduresModule } from './procedures/procedures.module';
import { RatingsModule } from './ratings/ratings.module';
import { ResultsModule } from './results/results.module';
import { ReuseModule } from './reuse/reuse.module';
import { SlipsModule } from './slips/slips.module';

export const intakeService: ServiceSpec<IntakeEnvironment> = {
  title: 'Intake',
  description: "One agency's one-stop dossier desk: procedures, dossiers, officer review, results and ratings, with once-only document reuse.",
  environment: IntakeEnvironment,
  infrastructure: (env) => ({
    env,
    name: intakeDeploymentName(env),
    owner: 'intake',
    entities: INTAKE_ENTITIES,
    migrations: [CreateIntakeTables1764600000000, AddReusableDocumentVersion1764700000000, AddDossierLifecycle1764900000000, CreateProcedureVersions1764905000000, CreateDossierRatings1764910000000, CreateDossierResults1764920000000],
    events: [
      DocumentAvailability,
      DocumentProvided,
      DocumentVerified,
      DocumentReused,
      DossierStatusChanged,
      DossierApologyIssued,
      ResultIssued,
      DossierRated,
      PaymentRequested,
      PaymentRefundRequested,
      PaymentCompleted,
      PaymentFailed,
    ],
    // Only its own governing body's availability: the reuse scope never crosses bodies. Payment
    // outcomes of every agency share one topic; the handlers keep this desk's.
    subscriptions: [availabilityTopic(intakeGoverningBodyCode(env)), PAYMENT_OUTCOME_TOPIC],
    // What it reads counts only when the vault or the payment service signed it, checked against the keys the vault publishes.
    keyResolver: () => new RemoteJwksKeyResolver(env.VAULT_URL, ['/vault', '/payment']),
    // Refunds share the outcome topic; the desk needs nothing from them yet, and an unhandled type would be dead-lettered.
    messaging: { ignoredEventTypes: [PaymentRefunded.type] },
  }),
  features: (env) => [IntakeSettingsModule.forRoot(env), ProceduresModule, FormsModule, ReuseModule, DossiersModule, SlipsModule, ResultsModule, RatingsModule],
  seeder: ProcedureSeeder,
};
