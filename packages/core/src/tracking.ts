// Tracking numbers residents quote on the phone: HL + the Shanghai date the case
// was filed + a 6-digit sequence within that day, e.g. HL20261128-000123.
import { isIsoDate, shanghaiDate, type InstantInput } from './shanghai-time';

export const TRACKING_PREFIX = 'HL';
export const MAX_DAILY_SEQUENCE = 999_999;
const PATTERN = /^HL(\d{4})(\d{2})(\d{2})-(\d{6})$/;

/** 'HL20261128-', the part shared by every case filed that Shanghai day (for finding the day's last sequence). */
export function trackingNumberPrefix(filedAt: InstantInput): string {
  return `${TRACKING_PREFIX}${shanghaiDate(filedAt).replaceAll('-', '')}-`;
}

export function formatTrackingNumber(filedAt: InstantInput, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`Daily sequence must be 1…${MAX_DAILY_SEQUENCE}, got ${sequence}`);
  }
  return `${trackingNumberPrefix(filedAt)}${String(sequence).padStart(6, '0')}`;
}

export interface ParsedTrackingNumber {
  /** Shanghai date, 'YYYY-MM-DD' */
  date: string;
  sequence: number;
}

/** Reads a tracking number, forgiving case and surrounding spaces; undefined if it is not one. */
export function parseTrackingNumber(input: string): ParsedTrackingNumber | undefined {
  const m = PATTERN.exec(input.trim().toUpperCase());
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const sequence = Number(m[4]);
  if (!isIsoDate(date) || sequence < 1) return undefined;
  return { date, sequence };
}

export function isTrackingNumber(input: string): boolean {
  return PATTERN.test(input) && parseTrackingNumber(input) !== undefined;
}
