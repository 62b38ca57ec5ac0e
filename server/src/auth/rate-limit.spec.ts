import type { RateLimitRepository } from './rate-limit.repository';
import { RateLimitedError, RateLimiter } from './rate-limit';

/** Counters in a map, as the repository keeps them in its table; counts the looks. */
function counters() {
  const rows = new Map<string, { count: number; reset_at: string }>();
  const repo = {
    looks: 0,
    async increment(buckets: Array<{ bucket: string; resetAt: string }>, now: Date) {
      const out = new Map<string, { count: number; resetAt: string }>();
      for (const b of buckets) {
        const row = rows.get(b.bucket);
        const next = row && row.reset_at > now.toISOString() ? { ...row, count: row.count + 1 } : { count: 1, reset_at: b.resetAt };
        rows.set(b.bucket, next);
        out.set(b.bucket, { count: next.count, resetAt: next.reset_at });
      }
      return out;
    },
    async decrement() {},
    async findMany(buckets: string[]) {
      repo.looks += 1;
      return new Map(buckets.flatMap((b) => (rows.has(b) ? [[b, rows.get(b)!] as const] : [])));
    },
  };
  return { rows, repo, limiter: new RateLimiter(repo as unknown as RateLimitRepository) };
}

const rule = { bucket: 'filing:user:u1:2026-12-01', limit: 3, windowSeconds: 86_400 };
const now = new Date('2026-12-01T02:00:00Z');

describe('RateLimiter.check', () => {
  it('looks at the counters only while a bucket may be at its limit', async () => {
    const { repo, limiter } = counters();
    await limiter.check([rule], now); // never seen: looks
    expect(repo.looks).toBe(1);
    await limiter.hit([rule], now);
    await limiter.hit([rule], now);
    await limiter.check([rule], now); // 2 of 3 seen by this process: no look
    expect(repo.looks).toBe(1);
    await limiter.hit([rule], now);
    await expect(limiter.check([rule], now)).rejects.toBeInstanceOf(RateLimitedError);
    expect(repo.looks).toBe(2);
  });

  it('still refuses a bucket another instance counted up to the limit, once it has looked', async () => {
    const { rows, repo, limiter } = counters();
    await limiter.hit([rule], now);
    rows.set(rule.bucket, { count: 3, reset_at: '2026-12-02T02:00:00.000Z' });
    // Seen at 1: this look is skipped, and the hit taken with the work refuses.
    await limiter.check([rule], now);
    await expect(limiter.hit([rule], now)).rejects.toBeInstanceOf(RateLimitedError);
    // Now seen over the limit: the early look refuses before any work.
    await expect(limiter.check([rule], now)).rejects.toBeInstanceOf(RateLimitedError);
    expect(repo.looks).toBe(1);
  });

  it('lets a bucket whose window has passed through without looking', async () => {
    const { repo, limiter } = counters();
    for (let i = 0; i < 3; i++) await limiter.hit([rule], now);
    await limiter.check([rule], new Date('2026-12-02T02:00:01Z'));
    expect(repo.looks).toBe(0);
  });
});
