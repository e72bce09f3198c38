import { Module } from '@nestjs/common';
import { DocumentUploadModule } from '@app/platform';
import { AccessLogModule } from '../access-log/access-log.module';
import { AvailabilityModule } from '../availability/availability.module';
import { CitizensModule } from '../citizens/citizens.module';
import { VaultEnvironment } from '../vault-environment';
import { DocumentEventsHandlers } from './document-events.handlers';
import { DocumentVerificationService } from './document-verification.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { OrphanDocumentsRepository } from './orphan-documents.repository';
import { OrphanSweepService } from './orphan-sweep.service';
import { VerificationEvidenceService } from './verification-evidence.service';

@Module({
  imports: [
    AccessLogModule,
    AvailabilityModule,
    CitizensModule,
    DocumentUploadModule.registerAsync({ inject: [VaultEnvironment], maxBytes: (env: VaultEnvironment) => env.MAX_UPLOAD_BYTES }),
  ],
  controllers: [DocumentsController, DocumentEventsHandlers],
  providers: [DocumentsService, DocumentVerificationService, VerificationEvidenceService, OrphanDocumentsRepository, OrphanSweepService],
})
export class DocumentsModule {}
