import { ServiceEnvironment } from '@app/platform';

export class PaymentEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3003;
}
