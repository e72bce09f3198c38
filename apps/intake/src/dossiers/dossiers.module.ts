import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { IntakeSettings } from '../intake-settings';
import { ProceduresModule } from '../procedures/procedures.module';
import { ReuseModule } from '../reuse/reuse.module';
import { VaultModule } from '../vault/vault.module';
import { DossierService } from './dossier.service';
import { DossiersController } from './dossiers.controller';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

@Module({
  imports: [
    ProceduresModule,
    ReuseModule,
    VaultModule,
    // In memory: the file only passes through on its way to the vault.
    MulterModule.registerAsync({
      inject: [IntakeSettings],
      useFactory: (settings: IntakeSettings) => ({ limits: { fileSize: settings.maxUploadBytes, files: 1, fields: 10, parts: 12 } }),
    }),
  ],
  controllers: [DossiersController],
  providers: [DossierService, UploadErrorsInterceptor],
})
export class DossiersModule {}
