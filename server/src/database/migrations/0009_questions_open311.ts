// Questions per category with the answers kept on each case, and the API keys Open311 clients
// file with (only a hash of each key is stored).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('questions_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('cases').addColumn('answers_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema
    .createTable('open311_keys')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('requests_per_minute', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('open311_keys').execute();
  await db.schema.alterTable('cases').dropColumn('answers_json').execute();
  await db.schema.alterTable('categories').dropColumn('questions_json').execute();
}
