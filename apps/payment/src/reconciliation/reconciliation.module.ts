import { Module } from '@nestjs/common';
import { OrdersReportController } from './orders-report.controller';
import { OrdersReportService } from './orders-report.service';
import { ReconciliationsController } from './reconciliations.controller';
import { ReconciliationsService } from './reconciliations.service';

/** Settlement files against orders, and the officers' order reports. */
@Module({
  controllers: [ReconciliationsController, OrdersReportController],
  providers: [ReconciliationsService, OrdersReportService],
})
export class ReconciliationModule {}
