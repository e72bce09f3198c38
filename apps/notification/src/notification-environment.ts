import { ServiceEnvironment } from '@app/platform';

export class NotificationEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3004;
}
