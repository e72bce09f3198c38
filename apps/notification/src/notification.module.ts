import { Module } from '@nestjs/common';
import { VaultClient } from '@app/vault-client';
import { AgencyContactsController } from './agencies/agency-contacts.controller';
import { AgencyContactsSeeder } from './agencies/agency-contacts.seeder';
import { ChannelsModule } from './channels/channels.module';
import { DeliveryDispatcher } from './delivery/delivery-dispatcher';
import { DossierRecords } from './dossiers/dossier-records';
import { DueSoonSweep } from './dossiers/due-soon.sweep';
import { NotificationEventsHandlers } from './dossiers/notification-events.handlers';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { NotificationPlanner } from './messages/notification-planner';
import { NotificationSettings } from './notification-settings';
import { OperatorMessagesController } from './operator/operator-messages.controller';
import { OperatorMessagesService } from './operator/operator-messages.service';
import { PreferencesController } from './preferences/preferences.controller';
import { PreferencesService } from './preferences/preferences.service';
import { TemplateRenderer } from './templates/template-renderer';

@Module({
  imports: [ChannelsModule],
  // Event handlers are controllers: Nest registers message patterns only on those.
  controllers: [NotificationEventsHandlers, PreferencesController, InboxController, AgencyContactsController, OperatorMessagesController],
  providers: [
    // Compiled once at start-up, so a template that does not parse stops the service there.
    { provide: TemplateRenderer, useFactory: () => new TemplateRenderer() },
    NotificationPlanner,
    DossierRecords,
    DeliveryDispatcher,
    DueSoonSweep,
    PreferencesService,
    InboxService,
    OperatorMessagesService,
    AgencyContactsSeeder,
    { provide: VaultClient, inject: [NotificationSettings], useFactory: (settings: NotificationSettings) => new VaultClient(settings.vaultUrl) },
  ],
})
export class NotificationModule {}
