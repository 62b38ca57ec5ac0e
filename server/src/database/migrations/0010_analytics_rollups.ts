// The analytics roll-ups (per day × unit × category × township × channel, and the same counts per
// day × unit alone for the unfiltered unit measures and trends), each case's tally, and each
// located case's hexagon cell for the hot-spot map.
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
  await db.schema.createIndex('case_rollups_category_day_idx').on('case_rollups').columns(['category_code', 'day']).execute();
  await db.schema.createIndex('case_rollups_township_day_idx').on('case_rollups').columns(['township_code', 'day']).execute();

  let unitDays = db.schema
    .createTable('unit_day_rollups')
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull());
  for (const column of COUNTERS) {
    unitDays = unitDays.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await unitDays.addPrimaryKeyConstraint('unit_day_rollups_pk', ['day', 'unit_id']).execute();

  await db.schema
    .createTable('case_cells')
    .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('cell', 'varchar(16)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('category_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('township_code', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_cells_day_cell_idx').on('case_cells').columns(['day', 'cell']).execute();
  await db.schema.createIndex('case_cells_cell_day_idx').on('case_cells').columns(['cell', 'day']).execute();

  await db.schema
    .createTable('case_tallies')
    .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tally_json', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_cells').execute();
  await db.schema.dropTable('unit_day_rollups').execute();
  await db.schema.dropTable('case_tallies').execute();
  await db.schema.dropTable('case_rollups').execute();
}
