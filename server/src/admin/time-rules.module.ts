// Global providers of the rules deadlines are computed with: CalendarService.calendar() and
// PolicyService.policy(), and TimeRulesService for the case core's WorkRules. Any module may inject them without importing this module.
import { Global, Module } from '@nestjs/common';
import { AdminAuditRepository } from './admin-audit.repository';
import { CalendarService } from './calendar.service';
import { PolicyService } from './policy.service';
import { TimeRulesRepository } from './time-rules.repository';
import { TimeRulesService } from './time-rules.service';

@Global()
@Module({
  providers: [AdminAuditRepository, TimeRulesRepository, CalendarService, PolicyService, TimeRulesService],
  exports: [AdminAuditRepository, TimeRulesRepository, CalendarService, PolicyService, TimeRulesService],
})
export class TimeRulesModule {}
