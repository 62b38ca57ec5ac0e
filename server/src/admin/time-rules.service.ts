// The admin-edited rules behind the case core's WorkRules port: bind it with
// `{ provide: WorkRules, useExisting: TimeRulesService }` and every deadline uses them.
import { Injectable } from '@nestjs/common';
import type { TimeLimitPolicy, WorkCalendar } from '@hotline/core';
import { WorkRules } from '../cases/work-rules';
import { CalendarService } from './calendar.service';
import { PolicyService } from './policy.service';

@Injectable()
export class TimeRulesService extends WorkRules {
  constructor(
    private readonly calendars: CalendarService,
    private readonly policies: PolicyService,
  ) {
    super();
  }

  policy(): Promise<TimeLimitPolicy> {
    return this.policies.policy();
  }

  calendar(): Promise<WorkCalendar> {
    return this.calendars.calendar();
  }
}
