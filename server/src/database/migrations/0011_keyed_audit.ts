// The audit trail holds against the database: case events chain per case with a keyed hash (no
// running hash over all cases, so no global write lock), and triggers refuse UPDATE and DELETE on
// case events and admin audit rows on both dialects, and TRUNCATE on PostgreSQL. The tables'
// owner can still drop the triggers; the app runs as a role that is not the owner (docs/deploy.md).
import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect';

export const APPEND_ONLY_TABLES = ['case_events', 'admin_audit'] as const;

/** Installs the guards on case_events (admin_audit's row guards came with 0004). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_events').dropColumn('chain_hash').execute();
  if (isPostgres(db)) {
    await sql`create function case_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'case_events is append-only'; end $$`.execute(db);
  }
  await installRowGuards(db, 'case_events');
  if (isPostgres(db)) {
    for (const table of APPEND_ONLY_TABLES) {
      await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
        for each statement execute function ${sql.raw(`${table}_append_only`)}()`.execute(db);
    }
  }
}

/** Triggers refusing UPDATE and DELETE (on PostgreSQL through the function `<table>_append_only`). */
export async function installRowGuards(db: Kysely<unknown>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`create trigger ${sql.raw(`${table}_no_change`)} before update or delete on ${sql.table(table)}
      for each row execute function ${sql.raw(`${table}_append_only`)}()`.execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    }
  }
}

/**
 * For tests that play an attacker holding the owner's rights: lifts the row guards of a table,
 * runs the tampering, and puts them back.
 */
export async function withRowGuardsLifted<T>(db: Kysely<unknown>, table: string, work: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) {
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
    try {
      return await work();
    } finally {
      await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
    }
  }
  // The guards as they stand now (a later migration may have replaced one), put back as they were.
  const guards = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'trigger' and tbl_name = ${table} and name in (${sql.join([`${table}_no_update`, `${table}_no_delete`])})`.execute(db);
  for (const g of guards.rows) await sql`drop trigger ${sql.raw(g.name)}`.execute(db);
  try {
    return await work();
  } finally {
    for (const g of guards.rows) await sql.raw(g.sql).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of APPEND_ONLY_TABLES) await sql`drop trigger ${sql.raw(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger case_events_no_change on case_events`.execute(db);
    await sql`drop function case_events_append_only()`.execute(db);
  } else {
    for (const op of ['update', 'delete']) await sql`drop trigger ${sql.raw(`case_events_no_${op}`)}`.execute(db);
  }
  await db.schema.alterTable('case_events').addColumn('chain_hash', 'varchar(64)').execute();
}
