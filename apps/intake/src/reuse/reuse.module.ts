import { Module } from '@nestjs/common';
import { AvailabilityHandlers } from './availability.handlers';
import { ReuseIndex } from './reuse-index.service';

@Module({
  controllers: [AvailabilityHandlers],
  providers: [ReuseIndex],
  exports: [ReuseIndex],
})
export class ReuseModule {}
