// Spike alerts: the CDC's EARS C2 rule over one category × township's daily counts. Today's count
// is a spike when it exceeds the mean + 3 standard deviations of the 7 days ending 2 days earlier
// (the two-day gap keeps the start of an outbreak out of its own baseline) and reaches a minimum
// count, so that 0 → 2 is not an alert.
export const EARS_C2 = {
  /** Days in the baseline. */
  baselineDays: 7,
  /** Days between the baseline's last day and the day tested. */
  lagDays: 2,
  /** Standard deviations above the baseline mean. */
  threshold: 3,
  /** The fewest cases in a day that may be a spike. */
  minCount: 3,
} as const;

export interface SpikeTest {
  spike: boolean;
  count: number;
  /** The baseline's mean (cases a day). */
  mean: number;
  /** The baseline's sample standard deviation. */
  sd: number;
  /** mean + 3 SD: the count must exceed this. */
  threshold: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** EARS C2 on one series: `baseline` is the 7 daily counts ending `lagDays` before the day of `count`. */
export function earsC2(count: number, baseline: readonly number[], minCount: number = EARS_C2.minCount): SpikeTest {
  const n = baseline.length;
  const mean = n ? baseline.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n > 1 ? Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const threshold = mean + EARS_C2.threshold * sd;
  return { spike: count >= minCount && count > threshold, count, mean: round(mean), sd: round(sd), threshold: round(threshold) };
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The baseline days of a day under EARS C2, oldest first (for 2026-12-10: 12-01 … 12-07). */
export function earsBaselineDays(day: string): string[] {
  const d = Date.parse(`${day}T00:00:00Z`);
  const last = d - (EARS_C2.lagDays + 1) * DAY_MS;
  return Array.from({ length: EARS_C2.baselineDays }, (_, i) => isoDay(last - (EARS_C2.baselineDays - 1 - i) * DAY_MS));
}
