// 每月一题: the matter (category + township) the centre takes up each month, one per month.
import type { Kysely } from 'kysely';
import { autoIdColumn, autoIdType } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monthly_topics')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('month', 'varchar(7)', (c) => c.notNull().unique())
    .addColumn('category_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('township_code', 'varchar(32)')
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('monthly_topics').execute();
}
