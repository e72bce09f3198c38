import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { RatingReports } from './rating-reports.service';
import { RatingStatistics } from './rating-statistics.service';
import { RatingService } from './rating.service';
import { RatingsController } from './ratings.controller';

@Module({
  controllers: [RatingsController, OpenDataController],
  providers: [RatingService, RatingStatistics, RatingReports],
})
export class RatingsModule {}
