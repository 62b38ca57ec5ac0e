// The admin audit trail (append-only: triggers refuse UPDATE and DELETE on both dialects) and the
// scheduler's lease row, which works the same on SQLite and PostgreSQL.
import { type Kysely, sql } from 'kysely';
import { autoIdColumn, autoIdType, isPostgres } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_audit')
    .addColumn('id', autoIdType(db), autoIdColumn(db))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('entity', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('action', 'varchar(8)', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('admin_audit_entity_idx').on('admin_audit').columns(['entity', 'id']).execute();

  if (isPostgres(db)) {
    await sql`create function admin_audit_append_only() returns trigger language plpgsql as $$
      begin raise exception 'admin_audit is append-only'; end $$`.execute(db);
    await sql`create trigger admin_audit_no_change before update or delete on admin_audit
      for each row execute function admin_audit_append_only()`.execute(db);
  } else {
    await sql`create trigger admin_audit_no_update before update on admin_audit
      begin select raise(abort, 'admin_audit is append-only'); end`.execute(db);
    await sql`create trigger admin_audit_no_delete before delete on admin_audit
      begin select raise(abort, 'admin_audit is append-only'); end`.execute(db);
  }

  await db.schema
    .createTable('scheduler_leases')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheduler_leases').execute();
  await db.schema.dropTable('admin_audit').execute();
  if (isPostgres(db)) await sql`drop function if exists admin_audit_append_only()`.execute(db);
}
