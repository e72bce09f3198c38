import { Module } from '@nestjs/common';
import { DocumentUploadModule } from '@app/platform';
import { IntakeSettings } from '../intake-settings';
import { ProceduresModule } from '../procedures/procedures.module';
import { ReuseModule } from '../reuse/reuse.module';
import { VaultModule } from '../vault/vault.module';
import { DossierService } from './dossier.service';
import { DossiersController } from './dossiers.controller';

@Module({
  imports: [
    ProceduresModule,
    ReuseModule,
    VaultModule,
    DocumentUploadModule.registerAsync({ inject: [IntakeSettings], maxBytes: (settings: IntakeSettings) => settings.maxUploadBytes }),
  ],
  controllers: [DossiersController],
  providers: [DossierService],
})
export class DossiersModule {}
