import { Module } from '@nestjs/common';
import { AvailabilityRepublisher } from './availability-republisher.service';
import { AvailabilityTopicAudit } from './availability-topic-audit.service';
import { AvailabilityPublisher } from './availability.publisher';
import { ExpirySweepService } from './expiry-sweep.service';

@Module({
  providers: [AvailabilityPublisher, ExpirySweepService, AvailabilityRepublisher, AvailabilityTopicAudit],
  exports: [AvailabilityPublisher, ExpirySweepService, AvailabilityRepublisher, AvailabilityTopicAudit],
})
export class AvailabilityModule {}
