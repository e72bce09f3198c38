import { Module } from '@nestjs/common';
import { AvailabilityPublisher } from './availability.publisher';
import { ExpirySweepService } from './expiry-sweep.service';

@Module({
  providers: [AvailabilityPublisher, ExpirySweepService],
  exports: [AvailabilityPublisher, ExpirySweepService],
})
export class AvailabilityModule {}
