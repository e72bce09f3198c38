import type { ServiceSpec } from '@app/platform';
import { NotificationEnvironment } from './notification-environment';

export const notificationService: ServiceSpec<NotificationEnvironment> = {
  title: 'Notification',
  description: 'Templates and delivery of email, SMS and in-app messages about dossiers and payments.',
  environment: NotificationEnvironment,
  infrastructure: (env) => ({
    env,
    name: 'notification',
    owner: 'notification',
    entities: [],
    migrations: [],
    events: [],
    subscriptions: [],
  }),
  features: () => [],
};
