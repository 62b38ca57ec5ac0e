// Measures (三率 and the rest), rankings, trends, hot spots and the public month statistics, from the roll-ups.
import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { BulletinsController } from './bulletins.controller';
import { BulletinsRepository } from './bulletins.repository';
import { BulletinsService } from './bulletins.service';
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
  controllers: [MeasuresController, HotspotsController, SpikesController, RepeatsController, TopicsController, BulletinsController],
  providers: [MeasuresService, HotspotsService, TopicsService, TopicsRepository, BulletinsService, BulletinsRepository],
  // The public statistics (open311) call MeasuresService.publicMonthStatistics; the scheduler builds the bulletin.
  exports: [MeasuresService, BulletinsService],
})
export class MeasuresModule {}
