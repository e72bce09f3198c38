import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { PrintingModule } from '../printing/printing.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { SlipsController } from './slips.controller';
import { Slips } from './slips.service';

@Module({
  imports: [DossiersModule, PrintingModule, ProceduresModule],
  controllers: [SlipsController],
  providers: [Slips],
})
export class SlipsModule {}
