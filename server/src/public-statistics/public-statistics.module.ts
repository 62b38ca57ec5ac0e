import { Module } from '@nestjs/common';
import { MeasuresModule } from '../measures/measures.module';
import { PublicStatisticsController } from './public-statistics.controller';
import { PublicStatisticsRepository } from './public-statistics.repository';
import { PublicStatisticsService } from './public-statistics.service';

/** Figures anyone may read: volume, top categories and the units' monthly ranking. */
@Module({
  imports: [MeasuresModule],
  controllers: [PublicStatisticsController],
  providers: [PublicStatisticsRepository, PublicStatisticsService],
})
export class PublicStatisticsModule {}
