// What deadlines are computed with: the time-limit policy and the working-time calendar.
// The admin area binds the real, editable ones; this default serves until then and in tests.
import { createWorkCalendar, defaultTimeLimitPolicy, type TimeLimitPolicy, type WorkCalendar } from '@hotline/core';

export abstract class WorkRules {
  abstract policy(): Promise<TimeLimitPolicy>;
  abstract calendar(): Promise<WorkCalendar>;
}

export class DefaultWorkRules extends WorkRules {
  private readonly cal = createWorkCalendar();
  policy(): Promise<TimeLimitPolicy> {
    return Promise.resolve(defaultTimeLimitPolicy);
  }
  calendar(): Promise<WorkCalendar> {
    return Promise.resolve(this.cal);
  }
}
