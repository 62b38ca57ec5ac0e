// Live-update streams: the one-time ticket an EventSource URL carries instead of an access token,
// and, once redeemed, the open stream it became, so that every API instance counts a person's
// streams against one limit.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('live_streams')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('session_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('opened_at', 'varchar(30)')
    .addColumn('seen_at', 'varchar(30)')
    .addColumn('closed_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('live_streams_user_idx').on('live_streams').columns(['user_id', 'closed_at']).execute();
  await db.schema.createIndex('live_streams_expiry_idx').on('live_streams').columns(['expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_streams').execute();
}
