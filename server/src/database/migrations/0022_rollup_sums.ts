// Two narrow sums of the roll-up buckets for the filtered analytics: per day × township × channel
// and per day × category × channel. The full buckets carry about two rows per case (a case's unit,
// category, township and channel rarely repeat on a day), so a city-year of a township's or a
// category's trend read hundreds of thousands of rows; these hold a few thousand per year and
// dimension value, whatever the volume. Filled here from the buckets, kept by the case-event hook
// from now on (analytics/rollups.repository.ts). Also an index that lets the hot-spot grid of one
// category read only that category's cells.
import { sql, type Kysely } from 'kysely';

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

const SUMS = [
  { table: 'area_day_rollups', key: ['day', 'township_code', 'channel'] },
  { table: 'category_day_rollups', key: ['day', 'category_code', 'channel'] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, key } of SUMS) {
    let create = db.schema.createTable(table);
    for (const column of key) create = create.addColumn(column, 'varchar(32)', (c) => c.notNull());
    for (const column of COUNTERS) create = create.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
    await create.addPrimaryKeyConstraint(`${table}_pk`, key as never).execute();
    const columns = [...key, ...COUNTERS].join(', ');
    const sums = COUNTERS.map((c) => `sum(${c})`).join(', ');
    await sql
      .raw(`insert into ${table} (${columns}) select ${key.join(', ')}, ${sums} from case_rollups group by ${key.join(', ')}`)
      .execute(db);
  }
  await db.schema.createIndex('case_cells_category_day_idx').on('case_cells').columns(['category_code', 'day', 'cell']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_cells_category_day_idx').execute();
  for (const { table } of SUMS) await db.schema.dropTable(table).execute();
}
