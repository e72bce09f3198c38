import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { PrintingModule } from '../printing/printing.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { VaultModule } from '../vault/vault.module';
import { ResultSigner } from './result-signer';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

@Module({
  imports: [DossiersModule, LifecycleModule, PrintingModule, ProceduresModule, VaultModule],
  controllers: [ResultsController],
  providers: [ResultSigner, ResultsService],
})
export class ResultsModule {}
