// Spike alerts (EARS C2 per category × township and day): one row per spike, so the scheduler
// raises each once however often it looks, with the baseline it was judged against.
import type { Kysely } from 'kysely';
import { autoIdColumn, autoIdType } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analytics_spikes')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('category_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('township_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('mean', 'double precision', (c) => c.notNull())
    .addColumn('sd', 'double precision', (c) => c.notNull())
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('detected_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('analytics_spikes_once_uq', ['day', 'category_code', 'township_code'])
    .execute();
  await db.schema.createIndex('analytics_spikes_day_idx').on('analytics_spikes').columns(['day']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('analytics_spikes').execute();
}
