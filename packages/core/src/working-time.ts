// Working-time arithmetic for case deadlines: a calendar of Chinese working days
// (chinese-days plus admin overrides) and office hours, in Asia/Shanghai time.
//
// Definitions (all deadlines use them):
// - Working time is the time inside office hours on working days.
// - Adding N working minutes walks forward through working time only; a start
//   outside office hours counts from the next opening. A deadline that lands
//   exactly on the end of an office period stays there (12:00, not 13:30).
// - One working day = one full office day of working minutes (7 h by default).
//   So N working days after a start inside office hours is the same clock time
//   N working days later; a start outside office hours counts from the next
//   opening (Friday 18:00 + 1 working day = Monday 17:30).
import chineseDays from 'chinese-days/dist/chinese-days.json';
import {
  DAY_MS,
  MINUTE_MS,
  dayOfWeek,
  fromShanghaiWallMs,
  isIsoDate,
  toInstant,
  toShanghaiWallMs,
  type InstantInput,
} from './shanghai-time';

export interface OfficePeriod {
  /** 'HH:MM', Shanghai time */
  start: string;
  end: string;
}

export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday';
}

export const defaultOfficeHours: readonly OfficePeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

export interface WorkCalendar {
  isWorkday(isoDate: string): boolean;
  /** Office periods as minutes since midnight, sorted, not overlapping. */
  readonly periods: readonly { startMinute: number; endMinute: number }[];
  /** Working minutes in one full office day. */
  readonly minutesPerDay: number;
}

export interface WorkCalendarOptions {
  overrides?: readonly CalendarOverride[];
  officeHours?: readonly OfficePeriod[];
}

const libraryHolidays: Readonly<Record<string, string>> = chineseDays.holidays;
const libraryWorkdays: Readonly<Record<string, string>> = chineseDays.workdays;

/**
 * What chinese-days lists for a date: a public holiday, an adjusted working
 * day (调休), or undefined for an ordinary day. We read the library's prebuilt
 * data rather than call its functions: those compute dates in the host time
 * zone and shift by a day west of UTC.
 */
export function libraryDayKind(isoDate: string): 'holiday' | 'workday' | undefined {
  if (Object.prototype.hasOwnProperty.call(libraryWorkdays, isoDate)) return 'workday';
  if (Object.prototype.hasOwnProperty.call(libraryHolidays, isoDate)) return 'holiday';
  return undefined;
}

function parseClock(clock: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!m) throw new RangeError(`Expected 'HH:MM', got ${clock}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function createWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const overrides = new Map<string, CalendarOverride['kind']>();
  for (const o of options.overrides ?? []) {
    if (!isIsoDate(o.date)) throw new RangeError(`Invalid override date: ${o.date}`);
    overrides.set(o.date, o.kind);
  }
  const periods = (options.officeHours ?? defaultOfficeHours)
    .map((p) => ({ startMinute: parseClock(p.start), endMinute: parseClock(p.end) }))
    .sort((a, b) => a.startMinute - b.startMinute);
  if (periods.length === 0) throw new RangeError('Office hours must have at least one period');
  periods.forEach((p, i) => {
    const prev = periods[i - 1];
    if (p.endMinute <= p.startMinute || (prev && prev.endMinute > p.startMinute)) {
      throw new RangeError('Office periods must be non-empty and must not overlap');
    }
  });
  const minutesPerDay = periods.reduce((sum, p) => sum + p.endMinute - p.startMinute, 0);
  const cache = new Map<string, boolean>();

  return {
    periods,
    minutesPerDay,
    isWorkday(isoDate: string): boolean {
      const override = overrides.get(isoDate);
      if (override) return override === 'workday';
      let result = cache.get(isoDate);
      if (result === undefined) {
        const listed = libraryDayKind(isoDate);
        result = listed ? listed === 'workday' : ![0, 6].includes(dayOfWeek(isoDate));
        cache.set(isoDate, result);
      }
      return result;
    },
  };
}

/** Guards against a calendar without working days looping for ever. */
const MAX_DAYS_SCANNED = 3 * 366;

function isoDateOfWallDay(dayStartWallMs: number): string {
  return new Date(dayStartWallMs).toISOString().slice(0, 10);
}

/** Adds working minutes (≥ 0) to an instant. */
export function addWorkingMinutes(calendar: WorkCalendar, start: InstantInput, minutes: number): Date {
  if (!(minutes >= 0)) throw new RangeError(`Working minutes must be ≥ 0, got ${minutes}`);
  const startWall = toShanghaiWallMs(start);
  if (minutes === 0) return fromShanghaiWallMs(startWall);
  let remainingMs = minutes * MINUTE_MS;
  let cursor = startWall;
  let dayStart = Math.floor(startWall / DAY_MS) * DAY_MS;
  for (let i = 0; i < MAX_DAYS_SCANNED; i++, dayStart += DAY_MS, cursor = dayStart) {
    if (!calendar.isWorkday(isoDateOfWallDay(dayStart))) continue;
    for (const p of calendar.periods) {
      const from = Math.max(cursor, dayStart + p.startMinute * MINUTE_MS);
      const to = dayStart + p.endMinute * MINUTE_MS;
      if (from >= to) continue;
      if (remainingMs <= to - from) return fromShanghaiWallMs(from + remainingMs);
      remainingMs -= to - from;
    }
  }
  throw new RangeError('No working time found within three years: check the calendar overrides');
}

export function addWorkingHours(calendar: WorkCalendar, start: InstantInput, hours: number): Date {
  return addWorkingMinutes(calendar, start, hours * 60);
}

/** Adds N working days, each one full office day of working minutes (see the definitions above). */
export function addWorkingDays(calendar: WorkCalendar, start: InstantInput, days: number): Date {
  return addWorkingMinutes(calendar, start, days * calendar.minutesPerDay);
}

/** Plain clock time, for urgent cases (24 clock hours, weekends included). */
export function addClockHours(start: InstantInput, hours: number): Date {
  return new Date(toInstant(start).getTime() + hours * 60 * MINUTE_MS);
}

export function addClockMinutes(start: InstantInput, minutes: number): Date {
  return new Date(toInstant(start).getTime() + minutes * MINUTE_MS);
}

/** Working minutes from `from` to `to`; negative when `to` is earlier. */
export function workingMinutesBetween(calendar: WorkCalendar, from: InstantInput, to: InstantInput): number {
  const a = toShanghaiWallMs(from);
  const b = toShanghaiWallMs(to);
  if (b < a) return -workingMinutesBetween(calendar, to, from);
  let totalMs = 0;
  for (let dayStart = Math.floor(a / DAY_MS) * DAY_MS; dayStart < b; dayStart += DAY_MS) {
    if (!calendar.isWorkday(isoDateOfWallDay(dayStart))) continue;
    for (const p of calendar.periods) {
      const lo = Math.max(a, dayStart + p.startMinute * MINUTE_MS);
      const hi = Math.min(b, dayStart + p.endMinute * MINUTE_MS);
      if (hi > lo) totalMs += hi - lo;
    }
  }
  return totalMs / MINUTE_MS;
}

/** Whether a step counts working time or plain clock time (urgent replies). */
export type ClockMode = 'working' | 'clock';

/** Adds minutes of the given kind. */
export function addMinutes(calendar: WorkCalendar, mode: ClockMode, start: InstantInput, minutes: number): Date {
  return mode === 'working' ? addWorkingMinutes(calendar, start, minutes) : addClockMinutes(start, minutes);
}

/** Minutes of the given kind between two instants. */
export function minutesBetween(calendar: WorkCalendar, mode: ClockMode, from: InstantInput, to: InstantInput): number {
  return mode === 'working'
    ? workingMinutesBetween(calendar, from, to)
    : (toInstant(to).getTime() - toInstant(from).getTime()) / MINUTE_MS;
}

/** The instant when `ratio` (default 80 %) of a step's time from start to due is used. */
export function warningPoint(
  calendar: WorkCalendar,
  mode: ClockMode,
  startedAt: InstantInput,
  dueAt: InstantInput,
  ratio = 0.8,
): Date {
  const total = minutesBetween(calendar, mode, startedAt, dueAt);
  return addMinutes(calendar, mode, startedAt, Math.max(0, total * ratio));
}

/** A step clock frozen while the centre waits on the resident. */
export interface PausedClock {
  mode: ClockMode;
  pausedAt: string;
  /** Minutes left to the deadline at the pause; ≤ 0 when it was already overdue. */
  remainingMinutes: number;
}

export function pauseClock(
  calendar: WorkCalendar,
  mode: ClockMode,
  dueAt: InstantInput,
  pausedAt: InstantInput,
): PausedClock {
  return {
    mode,
    pausedAt: toInstant(pausedAt).toISOString(),
    remainingMinutes: minutesBetween(calendar, mode, pausedAt, dueAt),
  };
}

/**
 * The new deadline when the clock resumes: the minutes left at the pause,
 * counted from the resume. A step overdue before the pause is due at once.
 */
export function resumeClock(calendar: WorkCalendar, paused: PausedClock, resumedAt: InstantInput): Date {
  return addMinutes(calendar, paused.mode, resumedAt, Math.max(0, paused.remainingMinutes));
}
