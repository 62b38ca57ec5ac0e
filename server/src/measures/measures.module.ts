// Measures (三率 and the rest), rankings, trends, hot spots and the public month statistics, from the roll-ups.
import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { HotspotsController } from './hotspots.controller';
import { HotspotsService } from './hotspots.service';
import { MeasuresController } from './measures.controller';
import { MeasuresService } from './measures.service';
import { RepeatsController } from './repeats.controller';
import { SpikesController } from './spikes.controller';
import { TopicsController } from './topics.controller';
import { TopicsRepository } from './topics.repository';
import { TopicsService } from './topics.service';

@Module({
  imports: [AnalyticsModule],
  controllers: [MeasuresController, HotspotsController, SpikesController, RepeatsController, TopicsController],
  providers: [MeasuresService, HotspotsService, TopicsService, TopicsRepository],
  // The public statistics (open311) call MeasuresService.publicMonthStatistics.
  exports: [MeasuresService],
})
export class MeasuresModule {}
