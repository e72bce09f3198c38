import {
  DocumentReused,
  DOSSIER_LIFECYCLE_TOPIC,
  DossierApologyIssued,
  DossierStatusChanged,
  GoverningBodyChanged,
  PAYMENT_OUTCOME_TOPIC,
  PAYMENT_REQUESTED_TOPIC,
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  PaymentRefundRequested,
  PaymentRequested,
  ResultIssued,
} from '@app/contracts';
import { RemoteJwksKeyResolver } from '@app/messaging';
import type { ServiceSpec } from '@app/platform';
import { AgencyContactsSeeder } from './agencies/agency-contacts.seeder';
import { CreateNotificationTables1766000000000 } from './migrations/1766000000000-create-notification-tables';
import { NOTIFICATION_ENTITIES } from './notification-entities';
import { NotificationEnvironment } from './notification-environment';
import { NotificationModule } from './notification.module';
import { NotificationSettingsModule } from './notification-settings';

export const notificationService: ServiceSpec<NotificationEnvironment> = {
  title: 'Notification',
  description: 'Templates and delivery of email, SMS and in-app messages about dossiers and payments.',
  environment: NotificationEnvironment,
  infrastructure: (env) => ({
    env,
    name: 'notification',
    owner: 'notification',
    entities: NOTIFICATION_ENTITIES,
    migrations: [CreateNotificationTables1766000000000],
    events: [DossierStatusChanged, DossierApologyIssued, ResultIssued, PaymentRequested, PaymentRefundRequested, PaymentCompleted, PaymentFailed, PaymentRefunded, DocumentReused, GoverningBodyChanged],
    subscriptions: [DOSSIER_LIFECYCLE_TOPIC, PAYMENT_REQUESTED_TOPIC, PAYMENT_OUTCOME_TOPIC, 'intake.document-reused.v1', 'vault.directory-changed.v1'],
    // Agencies' intakes tell of dossiers, the payment service of payments, the vault of its directory.
    keyResolver: () => new RemoteJwksKeyResolver(env.VAULT_URL, (signer) => signer.kind === 'agency' || ['payment', 'vault'].includes(signer.name)),
    // Told by the lifecycle (result_issued) and by nothing at all, respectively; an unhandled type would be dead-lettered.
    messaging: { ignoredEventTypes: [ResultIssued.type, PaymentRefundRequested.type, PaymentFailed.type] },
  }),
  features: (env) => [NotificationSettingsModule.forRoot(env), NotificationModule],
  seeder: AgencyContactsSeeder,
};
