// What deadlines are computed with: the time-limit policy and the working-time calendar.
// The admin area binds the editable ones (admin/time-rules.service.ts).
import type { TimeLimitPolicy, WorkCalendar } from '@hotline/core';

export abstract class WorkRules {
  abstract policy(): Promise<TimeLimitPolicy>;
  abstract calendar(): Promise<WorkCalendar>;
}
