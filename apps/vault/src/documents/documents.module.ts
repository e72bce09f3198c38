import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AccessLogModule } from '../access-log/access-log.module';
import { AvailabilityModule } from '../availability/availability.module';
import { CitizensModule } from '../citizens/citizens.module';
import { VaultEnvironment } from '../vault-environment';
import { DocumentEventsHandlers } from './document-events.handlers';
import { DocumentVerificationService } from './document-verification.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

@Module({
  imports: [
    AccessLogModule,
    AvailabilityModule,
    CitizensModule,
    // In memory (no storage engine): the bytes are hashed, sniffed and stored in one transaction.
    MulterModule.registerAsync({
      inject: [VaultEnvironment],
      useFactory: (env: VaultEnvironment) => ({ limits: { fileSize: env.MAX_UPLOAD_BYTES, files: 1 } }),
    }),
  ],
  controllers: [DocumentsController, DocumentEventsHandlers],
  providers: [DocumentsService, DocumentVerificationService, UploadErrorsInterceptor],
})
export class DocumentsModule {}
