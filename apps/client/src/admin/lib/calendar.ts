// The working calendar of a year as the console draws it: each day's kind (an admin's override
// wins over the built-in chinese-days data, which wins over the plain weekend rule) and whether an
// override set it.
import type { CalendarYearResponse } from '@hotline/core';

export type DayKind = 'holiday' | 'workday' | 'weekend' | 'plain';

export interface CalendarDay {
  date: string;
  day: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  kind: DayKind;
  overridden: boolean;
  note: string | null;
  /** The override's version (0: none), named by an edit so that someone else's change is not overwritten. */
  version: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function monthDays(calendar: CalendarYearResponse, month: number): CalendarDay[] {
  const overrides = new Map(calendar.overrides.map((o) => [o.date, o]));
  const library = new Map(calendar.library.map((d) => [d.date, d.kind]));
  const days: CalendarDay[] = [];
  const count = new Date(Date.UTC(calendar.year, month, 0)).getUTCDate();
  for (let day = 1; day <= count; day++) {
    const date = `${calendar.year}-${pad(month)}-${pad(day)}`;
    const weekday = (new Date(Date.UTC(calendar.year, month - 1, day)).getUTCDay() + 6) % 7;
    const override = overrides.get(date);
    const listed = library.get(date);
    const kind: DayKind = override?.kind ?? listed ?? (weekday >= 5 ? 'weekend' : 'plain');
    days.push({
      date,
      day,
      weekday,
      kind,
      overridden: !!override,
      note: override?.note ?? null,
      version: override?.version ?? 0,
    });
  }
  return days;
}
