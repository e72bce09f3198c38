import type { ServiceSpec } from '@app/platform';
import { VaultEnvironment } from './vault-environment';

export const vaultService: ServiceSpec<VaultEnvironment> = {
  title: 'Vault',
  description: 'Citizen identity and document vault: verified documents stored once, their validity, reuse scope, the agency directory and the access log.',
  environment: VaultEnvironment,
  infrastructure: (env) => ({
    env,
    name: 'vault',
    owner: 'vault',
    entities: [],
    migrations: [],
    events: [],
    subscriptions: [],
  }),
  features: () => [],
};
