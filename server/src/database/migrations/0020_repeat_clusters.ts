// Repeated demands: clusters of same-category cases close together within 30 days, their member
// cases, and the cases already looked at (each new located case is compared once with the earlier).
import type { Kysely } from 'kysely';
import { autoIdColumn, autoIdType } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('repeat_clusters')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('category_code', 'varchar(32)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)')
    .addColumn('township_code', 'varchar(32)')
    .addColumn('radius_m', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('first_filed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_filed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repeat_clusters_last_idx').on('repeat_clusters').columns(['last_filed_at']).execute();
  await db.schema
    .createTable('repeat_members')
    .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('cluster_id', 'bigint', (c) => c.notNull())
    .addColumn('joined_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repeat_members_cluster_idx').on('repeat_members').columns(['cluster_id']).execute();
  await db.schema
    .createTable('repeat_scanned')
    .addColumn('case_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('scanned_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['repeat_scanned', 'repeat_members', 'repeat_clusters']) await db.schema.dropTable(table).execute();
}
