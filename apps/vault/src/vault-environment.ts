import { ServiceEnvironment } from '@app/platform';

export class VaultEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3001;
}
