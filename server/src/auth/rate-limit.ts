// Fixed-window rate limits kept in the database, so several API instances share one count.
// A hit past the limit answers 429 RATE_LIMITED with Retry-After.
import { Injectable } from '@nestjs/common';
import type { Transaction } from 'kysely';
import type { DB } from '../database/schema';
import { AppError } from '../common/app-error';
import { RateLimitRepository } from './rate-limit.repository';

export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = '操作过于频繁，请稍后再试',
  ) {
    super('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}

export interface RateRule {
  bucket: string;
  limit: number;
  windowSeconds: number;
  message?: string;
}

/** How many buckets' last seen counts `check` remembers (a day's residents and networks). */
const SEEN_BUCKETS = 10_000;

@Injectable()
export class RateLimiter {
  /** Each bucket's count as this process last saw it (its own hits, its own looks). */
  private readonly seen = new Map<string, { count: number; resetAt: string }>();

  constructor(private readonly counters: RateLimitRepository) {}

  /**
   * Counts one hit against each rule (one statement for all); the first rule over its limit throws.
   * Given a transaction, the count is part of it: it stands only if the transaction commits.
   */
  async hit(rules: RateRule[], now = new Date(), trx?: Transaction<DB>): Promise<void> {
    if (rules.length === 0) return;
    const counted = await this.counters.increment(
      rules.map((rule) => ({ bucket: rule.bucket, resetAt: new Date(now.getTime() + rule.windowSeconds * 1000).toISOString() })),
      now,
      trx,
    );
    for (const [bucket, counter] of counted) this.remember(bucket, counter);
    for (const [i, rule] of rules.entries()) {
      const { count, resetAt } = counted.get(rule.bucket)!;
      if (count > rule.limit) {
        // A hit refused by this rule was never one for the rules after it.
        await this.counters.decrement(rules.slice(i + 1).map((r) => r.bucket), trx);
        throw new RateLimitedError((Date.parse(resetAt) - now.getTime()) / 1000, rule.message);
      }
    }
  }

  /**
   * Like hit, but only looks (one statement for all rules): refuses when a bucket has already
   * reached its limit in its window. For limits counted later or elsewhere, so that a caller who
   * is over the limit is turned away before any work is done. It reads the counters only when this
   * process last saw one of them at its limit (or never saw it): the count that refuses is always
   * the one taken with the work, so a look skipped costs at most the work of a refused request
   * (another instance may have counted the bucket up meanwhile), never a hit let through.
   */
  async check(rules: RateRule[], now = new Date()): Promise<void> {
    if (rules.length === 0) return;
    const at = now.toISOString();
    const belowLimit = (rule: RateRule) => {
      const seen = this.seen.get(rule.bucket);
      return seen !== undefined && (seen.resetAt <= at || seen.count < rule.limit);
    };
    if (rules.every(belowLimit)) return;
    const counters = await this.counters.findMany(rules.map((rule) => rule.bucket));
    for (const [bucket, row] of counters) this.remember(bucket, { count: row.count, resetAt: row.reset_at });
    for (const rule of rules) {
      const row = counters.get(rule.bucket);
      if (row && row.reset_at > now.toISOString() && row.count >= rule.limit) {
        throw new RateLimitedError((Date.parse(row.reset_at) - now.getTime()) / 1000, rule.message);
      }
    }
  }

  private remember(bucket: string, counter: { count: number; resetAt: string }): void {
    this.seen.delete(bucket);
    if (this.seen.size >= SEEN_BUCKETS) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(bucket, counter);
  }
}
