// The admin area: edits of the county's rules and directory, with the time-rule providers
// (CalendarService, PolicyService) that the rest of the server computes deadlines with.
import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { AdminController } from './admin.controller';
import { AdminRepository } from './admin.repository';
import { AdminService } from './admin.service';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';
import { TimeRulesModule } from './time-rules.module';

@Module({
  imports: [TimeRulesModule, PrivacyModule],
  controllers: [AdminController, IntegrationsController],
  providers: [AdminService, AdminRepository, IntegrationsService],
})
export class AdminModule {}
