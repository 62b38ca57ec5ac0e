// The pages that filter the full roll-up buckets by a category AND a township (a 每月一题's
// months before and after, a trend or ranking with both filters) walked every bucket of the
// category and dropped the other townships' rows: the busiest category is about a seventh of a
// city-year's million buckets. With the township beside the category in one index, such a query
// reads that pair's rows only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('case_rollups_category_township_day_idx')
    .on('case_rollups')
    .columns(['category_code', 'township_code', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_rollups_category_township_day_idx').execute();
}
