import type { ServiceSpec } from '@app/platform';
import { IntakeEnvironment, intakeDeploymentName } from './intake-environment';

export const intakeService: ServiceSpec<IntakeEnvironment> = {
  title: 'Intake',
  description: "One agency's one-stop dossier desk: procedures, dossiers, officer review, results and ratings, with once-only document reuse.",
  environment: IntakeEnvironment,
  infrastructure: (env) => ({
    env,
    name: intakeDeploymentName(env),
    owner: 'intake',
    entities: [],
    migrations: [],
    events: [],
    subscriptions: [],
  }),
  features: () => [],
};
