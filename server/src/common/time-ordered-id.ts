// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter, then 62 random
// bits. Case ids are keys of many indexes (the case itself, its events, its hot-spot cell, and the
// queue indexes, where cases filed outside working hours share one deadline and the id breaks the
// tie). Random ids put every new case on a random page of each of those b-trees, so a commit wrote
// one 4 KB page per index per filing; ids that grow with time append to the same few pages
// (docs/benchmarks.md, "time-ordered ids"). They still carry 62 random bits: nobody can guess one,
// and nobody needs to, since every read checks who asks.
import { randomUUID } from 'node:crypto';

const MAX_COUNTER = 0xfff;
const CLOCK_SLACK_MS = 1000;

let lastMs = -1;
let counter = 0;

/** A UUIDv7 for `at`; ids made in one process for the same or later times sort in the order made. */
export function timeOrderedUuid(at: Date = new Date()): string {
  // The random part comes from a version 4 UUID: Node draws those from a buffered pool, many
  // times cheaper than randomBytes(16) per id. Its variant and last 62 bits are kept as they are.
  const random = randomUUID();
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
    // A random start below half the range leaves room to count on within the millisecond.
    counter = parseInt(random.slice(15, 18), 16) & 0x7ff;
  }
  lastMs = ms;
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${counter.toString(16).padStart(3, '0')}-${random.slice(19)}`;
}
