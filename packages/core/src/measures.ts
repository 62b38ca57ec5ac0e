// The rates of DOMAIN.md (三率 and the rest) from roll-up counts, and the score units are ranked by.
import type { RollupCounts } from './rollups';

export const measureRates = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate', 'returnRate', 'sentBackRate'] as const;
export type MeasureRate = (typeof measureRates)[number];
export type Rates = Record<MeasureRate, number | null>;

const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

export function ratesOf(c: RollupCounts): Rates {
  return {
    responseRate: ratio(c.signedInTime, c.dispatched),
    resolutionRate: ratio(c.solved, c.rated),
    satisfactionRate: ratio(c.satisfied, c.rated),
    onTimeRate: ratio(c.repliedOnTime, c.replied),
    returnRate: ratio(c.returned, c.dispatched),
    sentBackRate: ratio(c.sentBack, c.reviewed),
  };
}

/** Mean hours from the centre's dispatch to the reply; null without replies. */
export function averageReplyHours(c: RollupCounts): number | null {
  return c.replied > 0 ? Math.round((c.replyMinutes / c.replied / 60) * 10) / 10 : null;
}

/** What rankings sort by: the mean of the 三率 and the on-time rate that have data. */
export function compositeScore(r: Rates): number | null {
  const values = [r.responseRate, r.resolutionRate, r.satisfactionRate, r.onTimeRate].filter(
    (v): v is number => v !== null,
  );
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 10_000 : null;
}

/** Change of each rate from the previous period (null when either side has no data). */
export function rateChanges(now: Rates, before: Rates): Rates {
  const out = {} as Rates;
  for (const k of measureRates) {
    const a = now[k];
    const b = before[k];
    out[k] = a === null || b === null ? null : Math.round((a - b) * 10_000) / 10_000;
  }
  return out;
}

/** 1-based ranks by score, highest first; rows without a score get null. Ties share a rank. */
export function rankByScore<T extends { score: number | null }>(rows: readonly T[]): Array<number | null> {
  const scores = rows.map((r) => r.score).filter((s): s is number => s !== null).sort((a, b) => b - a);
  return rows.map((r) => (r.score === null ? null : scores.indexOf(r.score) + 1));
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isMonthEnd = (iso: string) => isoDay(Date.parse(`${iso}T00:00:00Z`) + DAY_MS).endsWith('-01');

/**
 * The period before: for whole calendar months the same number of months before (March → February),
 * otherwise the same number of days ending the day before `from`.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const f = Date.parse(`${from}T00:00:00Z`);
  if (from.endsWith('-01') && isMonthEnd(to)) {
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    const start = new Date(f);
    start.setUTCMonth(start.getUTCMonth() - months);
    return { from: isoDay(start.getTime()), to: isoDay(f - DAY_MS) };
  }
  const length = Math.round((Date.parse(`${to}T00:00:00Z`) - f) / DAY_MS) + 1;
  return { from: isoDay(f - length * DAY_MS), to: isoDay(f - DAY_MS) };
}

/** The Monday starting the ISO week of a date. */
export function weekStart(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return isoDay(d.getTime() - back * DAY_MS);
}
