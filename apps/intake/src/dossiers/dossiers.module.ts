import { Module } from '@nestjs/common';
import { DocumentUploadModule } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { ProceduresModule } from '../procedures/procedures.module';
import { ReuseModule } from '../reuse/reuse.module';
import { VaultModule } from '../vault/vault.module';
import { FormsModule } from '../forms/forms.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { OfficerDeskController } from '../lifecycle/officer-desk.controller';
import { OfficerDesk } from '../lifecycle/officer-desk.service';
import { OfficerQueue } from '../lifecycle/officer-queue.service';
import { OverdueApologies } from '../lifecycle/overdue-apologies.service';
import { PaymentOutcomeHandlers } from '../lifecycle/payment-outcome.handlers';
import { DossierService } from './dossier.service';
import { DossiersController } from './dossiers.controller';

@Module({
  imports: [
    ProceduresModule,
    ReuseModule,
    VaultModule,
    LifecycleModule,
    FormsModule,
    DocumentUploadModule.registerAsync({ inject: [IntakeSettings], maxBytes: (settings: IntakeSettings) => settings.maxUploadBytes }),
  ],
  // Event handlers are controllers: Nest registers message patterns only on those.
  controllers: [DossiersController, OfficerDeskController, PaymentOutcomeHandlers],
  providers: [DossierService, OfficerDesk, OfficerQueue, OverdueApologies],
  exports: [DossierService],
})
export class DossiersModule {}
