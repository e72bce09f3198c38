import { Module } from '@nestjs/common';
import { CitizensModule } from '../citizens/citizens.module';
import { AccessLogController } from './access-log.controller';
import { AccessLogService } from './access-log.service';

@Module({
  imports: [CitizensModule],
  controllers: [AccessLogController],
  providers: [AccessLogService],
  exports: [AccessLogService],
})
export class AccessLogModule {}
