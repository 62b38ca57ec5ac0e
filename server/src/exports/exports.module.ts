// Exports of cases and measures as CSV and XLSX files.
import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { MeasuresModule } from '../measures/measures.module';
import { QueuesModule } from '../queues/queues.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [QueuesModule, MeasuresModule, AnalyticsModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
