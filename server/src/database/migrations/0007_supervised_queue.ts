// The 督办件 tab: open cases the centre supervises, sorted by deadline. Few cases are supervised,
// so a partial index keeps the tab and its count cheap at any table size.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_supervised_due_idx on cases (status, due_at, id) where supervised = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_supervised_due_idx`.execute(db);
}
