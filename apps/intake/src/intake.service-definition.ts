import { availabilityTopic, DocumentAvailability, DocumentProvided, DocumentReused, DocumentVerified } from '@app/contracts';
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
import { ProcedureSeeder } from './procedures/procedure.seeder';
import { ProceduresModule } from './procedures/procedures.module';
import { ReuseModule } from './reuse/reuse.module';

export const intakeService: ServiceSpec<IntakeEnvironment> = {
  title: 'Intake',
  description: "One agency's one-stop dossier desk: procedures, dossiers, officer review, results and ratings, with once-only document reuse.",
  environment: IntakeEnvironment,
  infrastructure: (env) => ({
    env,
    name: intakeDeploymentName(env),
    owner: 'intake',
    entities: INTAKE_ENTITIES,
    migrations: [CreateIntakeTables1764600000000, AddReusableDocumentVersion1764700000000, AddDossierLifecycle1764900000000, CreateProcedureVersions1764905000000],
    events: [DocumentAvailability, DocumentProvided, DocumentVerified, DocumentReused],
    // Only its own governing body's availability: the reuse scope never crosses bodies.
    subscriptions: [availabilityTopic(intakeGoverningBodyCode(env))],
    // Availability records count only when the vault signed them, checked against the keys it publishes.
    keyResolver: () => new RemoteJwksKeyResolver(env.VAULT_URL, ['/vault']),
  }),
  features: (env) => [IntakeSettingsModule.forRoot(env), ProceduresModule, FormsModule, ReuseModule, DossiersModule],
  seeder: ProcedureSeeder,
};
