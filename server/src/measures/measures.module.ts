// Measures (三率 and the rest), rankings, trends and the public month statistics, from the roll-ups.
import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { MeasuresController } from './measures.controller';
import { MeasuresRepository } from './measures.repository';
import { MeasuresService } from './measures.service';

@Module({
  imports: [AnalyticsModule],
  controllers: [MeasuresController],
  providers: [MeasuresService, MeasuresRepository],
  // The public statistics (open311) call MeasuresService.publicMonthStatistics.
  exports: [MeasuresService],
})
export class MeasuresModule {}
