import { Module } from '@nestjs/common';
import { ProcedureCatalog } from './procedure-catalog.service';
import { ProcedureSeeder } from './procedure.seeder';
import { ProceduresController } from './procedures.controller';

@Module({
  controllers: [ProceduresController],
  providers: [ProcedureCatalog, ProcedureSeeder],
  exports: [ProcedureCatalog],
})
export class ProceduresModule {}
