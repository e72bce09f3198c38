import { Module } from '@nestjs/common';
import { ProcedureCatalog } from './procedure-catalog.service';
import { ProcedureDrafts } from './procedure-drafts.service';
import { ProcedureSeeder } from './procedure.seeder';
import { ProceduresController } from './procedures.controller';

@Module({
  controllers: [ProceduresController],
  providers: [ProcedureCatalog, ProcedureDrafts, ProcedureSeeder],
  exports: [ProcedureCatalog],
})
export class ProceduresModule {}
