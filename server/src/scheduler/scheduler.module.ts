// The deadline scheduler, started with the app (HOTLINE_SCHEDULER_INTERVAL_MS, 0 = off).
import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { MeasuresModule } from '../measures/measures.module';
import { MediaModule } from '../media/media.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { SchedulerController } from './scheduler.controller';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [NotificationsModule, MediaModule, PrivacyModule, AnalyticsModule, MeasuresModule],
  controllers: [SchedulerController],
  providers: [SchedulerService, SchedulerRepository],
  exports: [SchedulerService],
})
export class SchedulerModule {}
