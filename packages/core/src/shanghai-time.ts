// Asia/Shanghai wall-clock arithmetic (UTC+8, no DST) done by offset, so results
// never depend on the host's time zone. Instants are Dates or ISO strings in UTC.

export type InstantInput = Date | string;

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

export function toInstant(value: InstantInput): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid instant: ${String(value)}`);
  return date;
}

/** Milliseconds of the Shanghai wall clock, counted as if it were UTC. */
export function toShanghaiWallMs(value: InstantInput): number {
  return toInstant(value).getTime() + SHANGHAI_OFFSET_MS;
}

export function fromShanghaiWallMs(wallMs: number): Date {
  return new Date(wallMs - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(value: InstantInput): string {
  return new Date(toShanghaiWallMs(value)).toISOString().slice(0, 10);
}

/** Minutes since Shanghai midnight. */
export function shanghaiMinuteOfDay(value: InstantInput): number {
  const wall = toShanghaiWallMs(value);
  return Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS);
}

/** '2026-10-01T09:00' (Shanghai wall clock) → the UTC instant. */
export function fromShanghaiLocal(local: string): Date {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) throw new RangeError(`Expected 'YYYY-MM-DDTHH:MM[:SS]', got ${local}`);
  const [, y, mo, d, h, mi, s] = m;
  return fromShanghaiWallMs(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)));
}

/** The instant as Shanghai wall clock, 'YYYY-MM-DDTHH:MM'. */
export function toShanghaiLocal(value: InstantInput): string {
  return new Date(toShanghaiWallMs(value)).toISOString().slice(0, 16);
}

/** Day of week of a calendar date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  return new Date(parseIsoDateToUtcMs(isoDate)).getUTCDay();
}

export function parseIsoDateToUtcMs(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`Expected 'YYYY-MM-DD', got ${isoDate}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== isoDate) throw new RangeError(`No such date: ${isoDate}`);
  return ms;
}

export function isIsoDate(value: string): boolean {
  try {
    parseIsoDateToUtcMs(value);
    return true;
  } catch {
    return false;
  }
}
