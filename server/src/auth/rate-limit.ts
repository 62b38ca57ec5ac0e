// Fixed-window rate limits kept in the database, so several API instances share one count.
// A hit past the limit answers 429 RATE_LIMITED with Retry-After.
import { Inject, Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../common/app-error';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { DB } from '../database/schema';

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
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  /** Counts one hit against each rule (one statement for all); the first rule over its limit throws. */
  async hit(rules: RateRule[], now = new Date()): Promise<void> {
    if (rules.length === 0) return;
    const counted = await this.increment(rules, now);
    for (const [i, rule] of rules.entries()) {
      const { count, resetAt } = counted.get(rule.bucket)!;
      if (count > rule.limit) {
        // A hit refused by this rule was never one for the rules after it.
        const later = rules.slice(i + 1).map((r) => r.bucket);
        if (later.length)
          await this.db
            .updateTable('rate_counters')
            .set({ count: sql<number>`count - 1` })
            .where('bucket', 'in', later)
            .execute();
        throw new RateLimitedError((Date.parse(resetAt) - now.getTime()) / 1000, rule.message);
      }
    }
  }

  /** Like hit, but only looks: for limits counted elsewhere (e.g. failed attempts). */
  async check(rule: RateRule, now = new Date()): Promise<void> {
    const row = await this.db
      .selectFrom('rate_counters')
      .selectAll()
      .where('bucket', '=', rule.bucket)
      .executeTakeFirst();
    if (row && row.reset_at > now.toISOString() && row.count >= rule.limit) {
      throw new RateLimitedError((Date.parse(row.reset_at) - now.getTime()) / 1000, rule.message);
    }
  }

  private async increment(rules: RateRule[], now: Date): Promise<Map<string, { count: number; resetAt: string }>> {
    const nowIso = now.toISOString();
    // One statement, so concurrent hits on either dialect never lose a count; the new window of
    // each row is the one it inserts (excluded.reset_at).
    const rows = await this.db
      .insertInto('rate_counters')
      .values(
        rules.map((rule) => ({
          bucket: rule.bucket,
          count: 1,
          reset_at: new Date(now.getTime() + rule.windowSeconds * 1000).toISOString(),
        })),
      )
      .onConflict((oc) =>
        oc.column('bucket').doUpdateSet({
          count: sql<number>`case when rate_counters.reset_at <= ${nowIso} then 1 else rate_counters.count + 1 end`,
          reset_at: sql<string>`case when rate_counters.reset_at <= ${nowIso} then excluded.reset_at else rate_counters.reset_at end`,
        }),
      )
      .returning(['bucket', 'count', 'reset_at'])
      .execute();
    return new Map(rows.map((r) => [r.bucket, { count: Number(r.count), resetAt: r.reset_at }]));
  }
}
