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

@Injectable()
export class RateLimiter {
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
   * is over the limit is turned away before any work is done.
   */
  async check(rules: RateRule[], now = new Date()): Promise<void> {
    if (rules.length === 0) return;
    const counters = await this.counters.findMany(rules.map((rule) => rule.bucket));
    for (const rule of rules) {
      const row = counters.get(rule.bucket);
      if (row && row.reset_at > now.toISOString() && row.count >= rule.limit) {
        throw new RateLimitedError((Date.parse(row.reset_at) - now.getTime()) / 1000, rule.message);
      }
    }
  }
}
