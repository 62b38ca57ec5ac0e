// Events written before 0011 carry the unkeyed hashes of the releases before it (sha256 over the
// same fields), which 0011 left in place. This records, once, the last of them: verification
// checks events up to it by the old rule and every later one by the keyed rule, so an upgraded
// database verifies, and an unkeyed hash on a later event still fails. The boundary row is
// append-only like the events. The events before it stay bound by the keyed event that follows
// them in their case (its HMAC covers their head's hash) and by the signed checkpoints.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect';
import { installRowGuards } from './0011_keyed_audit';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_legacy_boundary')
    .addColumn('through_event_id', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // Kysely records when each migration ran; events stamped before 0011 ran were written unkeyed.
  const keyedSince = await sql<{ timestamp: string }>`select timestamp from kysely_migration where name = '0011_keyed_audit'`.execute(db);
  const since = keyedSince.rows[0]?.timestamp ?? new Date().toISOString();
  const last = await sql<{ id: number | string | null }>`select max(id) as id from case_events where at <= ${since}`.execute(db);
  await sql`insert into audit_legacy_boundary (through_event_id, recorded_at) values (${Number(last.rows[0]?.id ?? 0)}, ${new Date().toISOString()})`.execute(db);
  if (isPostgres(db)) {
    await sql`create function audit_legacy_boundary_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_legacy_boundary is append-only'; end $$`.execute(db);
  }
  await installRowGuards(db, 'audit_legacy_boundary');
  if (isPostgres(db)) {
    await sql`create trigger audit_legacy_boundary_no_truncate before truncate on audit_legacy_boundary
      for each statement execute function audit_legacy_boundary_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_legacy_boundary').execute();
  if (isPostgres(db)) await sql`drop function audit_legacy_boundary_append_only()`.execute(db);
}
