// The working calendar every deadline is computed with: chinese-days plus the admin's overrides.
// Cached per process; an edit here invalidates at once, other instances pick it up within the TTL.
import { Injectable } from '@nestjs/common';
import { createWorkCalendar, officeHoursSchema, type OfficePeriod, type WorkCalendar } from '@hotline/core';
import { OFFICE_HOURS_SETTING_KEY, TimeRulesRepository } from './time-rules.repository';

/** How long another API instance may compute with a calendar or policy edited elsewhere. */
export const TIME_RULES_CACHE_TTL_MS = 30_000;

@Injectable()
export class CalendarService {
  private cached: { at: number; calendar: Promise<WorkCalendar> } | null = null;

  constructor(private readonly repository: TimeRulesRepository) {}

  /** The current working calendar (holidays, adjusted workdays, office hours). */
  calendar(): Promise<WorkCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > TIME_RULES_CACHE_TTL_MS) {
      const calendar = this.load();
      this.cached = { at: now, calendar };
      // A failed load must not stick in the cache.
      calendar.catch(() => {
        if (this.cached?.calendar === calendar) this.cached = null;
      });
    }
    return this.cached.calendar;
  }

  invalidate(): void {
    this.cached = null;
  }

  /** The admin's office hours with the version they were saved as; periods null while the defaults apply. */
  async officeHours(): Promise<{ periods: OfficePeriod[] | null; version: number }> {
    const row = await this.repository.findSetting(OFFICE_HOURS_SETTING_KEY);
    return row
      ? { periods: officeHoursSchema.parse(JSON.parse(row.value)), version: row.version }
      : { periods: null, version: 0 };
  }

  private async load(): Promise<WorkCalendar> {
    const [rows, { periods }] = await Promise.all([this.repository.allOverrides(), this.officeHours()]);
    return createWorkCalendar({
      overrides: rows.map((r) => ({ date: r.date, kind: r.kind })),
      ...(periods ? { officeHours: periods } : {}),
    });
  }
}
