// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter, then 62 random
// bits. Case ids are keys of many indexes (the case itself, its events, its hot-spot cell, and the
// queue indexes, where cases filed outside working hours share one deadline and the id breaks the
// tie). Random ids put every new case on a random page of each of those b-trees, so a commit wrote
// one 4 KB page per index per filing; ids that grow with time append to the same few pages
// (docs/benchmarks.md, "time-ordered ids"). They still carry 74 random bits: nobody can guess one,
// and nobody needs to, since every read checks who asks.
import { randomBytes } from 'node:crypto';

const MAX_COUNTER = 0xfff;
const CLOCK_SLACK_MS = 1000;

let lastMs = -1;
let counter = 0;

/** A UUIDv7 for `at`; ids made in one process for the same or later times sort in the order made. */
export function timeOrderedUuid(at: Date = new Date()): string {
  const bytes = randomBytes(16);
  let ms = at.getTime();
  if (ms <= lastMs && lastMs - ms < CLOCK_SLACK_MS) {
    // The same millisecond (or the clock stepped back a little, or an earlier id borrowed one):
    // count on from the last id, borrowing the next millisecond when the counter runs out, so the
    // order made is the order sorted. A time far in the past (a back-dated filing) keeps its own.
    ms = lastMs;
    counter += 1;
    if (counter > MAX_COUNTER) {
      ms += 1;
      counter = 0;
    }
  } else {
    // A random start leaves room to count on within the millisecond.
    counter = bytes[6]! & 0x3ff;
  }
  lastMs = ms;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
