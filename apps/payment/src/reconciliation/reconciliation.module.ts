import { Module } from '@nestjs/common';
import { ReconciliationsController } from './reconciliations.controller';
import { ReconciliationsService } from './reconciliations.service';

/** Settlement files against orders, and the officers' order reports. */
@Module({
  controllers: [ReconciliationsController],
  providers: [ReconciliationsService],
})
export class ReconciliationModule {}
