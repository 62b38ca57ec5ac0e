// Queue indexes that a new case never belongs in, made partial. A filing inserts its row into
// every index of `cases`, and on SQLite each index it touches costs pages in the commit (about
// three per group commit of ten filings): four of them only ever serve queries for cases that
// carry a flag (a problem case, a pending extension) or that a unit already holds, which a case
// just filed is not. As partial indexes they hold only such cases, so a filing skips them, and
// the tabs that read them read smaller indexes.
//
// Every query that should use them compares the column with `=`: `problem = ?` bound to 1 (SQLite
// plans a statement again once a parameter its partial-index choice depends on is bound;
// node-postgres plans its unnamed statements with the values) and `assignee_unit_id = ?`, which
// implies `is not null` on both databases.
import { type Kysely, sql } from 'kysely';

/** The indexes as 0004 and 0002 made them, over every case. */
const WHOLE: Record<string, string[]> = {
  cases_problem_due_idx: ['problem', 'status', 'due_at', 'id'],
  cases_extension_due_idx: ['extension_pending', 'due_at', 'id'],
  cases_assignee_due_idx: ['assignee_unit_id', 'status', 'due_at', 'id'],
  cases_responsible_due_idx: ['responsible_township_unit_id', 'status', 'due_at', 'id'],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of Object.keys(WHOLE)) await db.schema.dropIndex(name).execute();
  await sql`create index cases_problem_due_idx on cases (status, due_at, id) where problem = 1`.execute(db);
  await sql`create index cases_extension_due_idx on cases (due_at, id) where extension_pending = 1`.execute(db);
  await sql`create index cases_assignee_due_idx on cases (assignee_unit_id, status, due_at, id)
    where assignee_unit_id is not null`.execute(db);
  await sql`create index cases_responsible_due_idx on cases (responsible_township_unit_id, status, due_at, id)
    where responsible_township_unit_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, columns] of Object.entries(WHOLE)) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('cases').columns(columns).execute();
  }
}
