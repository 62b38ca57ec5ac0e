// The analytics roll-ups (per day × unit × category × township × channel) and each case's tally.
// Filled by the case-event hook from now on; the server rebuilds them from the event log on the
// first start after this migration (analytics/rollups.rebuild.ts).
import type { Kysely } from 'kysely';

const COUNTERS = [
  'filed',
  'accepted',
  'dispatched',
  'signed_in_time',
  'replied',
  'replied_on_time',
  'reply_minutes',
  'returned',
  'reviewed',
  'sent_back',
  'rated',
  'solved',
  'satisfied',
  'reopened',
  'closed',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('case_rollups')
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('category_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('township_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull());
  for (const column of COUNTERS) {
    table = table.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await table
    .addPrimaryKeyConstraint('case_rollups_pk', ['day', 'unit_id', 'category_code', 'township_code', 'channel'])
    .execute();
  await db.schema.createIndex('case_rollups_unit_day_idx').on('case_rollups').columns(['unit_id', 'day']).execute();

  await db.schema
    .createTable('case_tallies')
    .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tally_json', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_tallies').execute();
  await db.schema.dropTable('case_rollups').execute();
}
