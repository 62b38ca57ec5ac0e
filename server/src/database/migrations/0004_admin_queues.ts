// The admin audit trail (append-only: triggers refuse UPDATE and DELETE on both dialects), the
// scheduler's lease row (works the same on SQLite and PostgreSQL), and the indexes the queue tabs
// and the scheduler's scans need beyond those of 0002.
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

  // Scheduler: open cases whose warning point has passed while still 'normal'.
  await db.schema.createIndex('cases_deadline_warn_idx').on('cases').columns(['deadline_state', 'warn_at']).execute();
  // Tabs on flags, sorted by deadline.
  await db.schema
    .createIndex('cases_extension_due_idx')
    .on('cases')
    .columns(['extension_pending', 'due_at', 'id'])
    .execute();
  await db.schema
    .createIndex('cases_problem_due_idx')
    .on('cases')
    .columns(['problem', 'status', 'due_at', 'id'])
    .execute();
  // Cases without a running clock (returned, paused) close each tab, by id: without this PostgreSQL
  // walked the primary key past every closed case to find them.
  await sql`create index cases_unclocked_idx on cases (status, id) where due_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'cases_unclocked_idx',
    'cases_problem_due_idx',
    'cases_extension_due_idx',
    'cases_deadline_warn_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.dropTable('scheduler_leases').execute();
  await db.schema.dropTable('admin_audit').execute();
  if (isPostgres(db)) await sql`drop function if exists admin_audit_append_only()`.execute(db);
}
