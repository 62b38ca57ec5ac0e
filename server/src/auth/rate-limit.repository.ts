// SQL for the fixed-window rate counters (shared by every API instance on the database).
import { Injectable } from '@nestjs/common';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../database/schema';
import { KyselyRepository } from '../database/repository';
import { insertRowsTemplate, rowValues } from '../database/query-template';

const COUNTER_COLUMNS = ['bucket', 'count', 'reset_at'] as const;
// Every filing counts its buckets: one template per number of buckets, compiled once (see query-template.ts).
const countHits = insertRowsTemplate<{ bucket: string; count: number; reset_at: string }>((db, rows, slot) =>
  db
    .insertInto('rate_counters')
    .values(rows as never)
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet({
        count: sql<number>`case when rate_counters.reset_at <= ${slot<string>('now')} then 1 else rate_counters.count + 1 end`,
        reset_at: sql<string>`case when rate_counters.reset_at <= ${slot<string>('now')} then excluded.reset_at else rate_counters.reset_at end`,
      }),
    )
    .returning(['bucket', 'count', 'reset_at']),
);

@Injectable()
export class RateLimitRepository extends KyselyRepository {
  /**
   * Counts one hit in each bucket, in one statement, so concurrent hits on either dialect never
   * lose a count; a bucket whose window has passed starts again at 1 with the window it inserts.
   */
  async increment(
    buckets: Array<{ bucket: string; resetAt: string }>,
    now: Date,
    db: Kysely<DB> = this.db,
  ): Promise<Map<string, { count: number; resetAt: string }>> {
    const counters = buckets.map((b) => ({ bucket: b.bucket, count: 1, reset_at: b.resetAt }));
    const rows = await countHits(COUNTER_COLUMNS, counters.length).rows(db, {
      ...rowValues(counters, COUNTER_COLUMNS),
      now: now.toISOString(),
    });
    return new Map(rows.map((r) => [r.bucket, { count: Number(r.count), resetAt: r.reset_at }]));
  }

  /** Takes back one hit from each bucket. */
  async decrement(buckets: string[], db: Kysely<DB> = this.db): Promise<void> {
    if (buckets.length === 0) return;
    await db
      .updateTable('rate_counters')
      .set({ count: sql<number>`count - 1` })
      .where('bucket', 'in', buckets)
      .execute();
  }

  async findMany(buckets: string[]): Promise<Map<string, { count: number; reset_at: string }>> {
    const rows = await this.db
      .selectFrom('rate_counters')
      .select(['bucket', 'count', 'reset_at'])
      .where('bucket', 'in', buckets)
      .execute();
    return new Map(rows.map((r) => [r.bucket, { count: Number(r.count), reset_at: r.reset_at }]));
  }
}
