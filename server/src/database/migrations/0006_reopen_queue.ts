// The centre's queue of reopen requests: closed cases whose resident asked to reopen them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Partial: only the handful of closed cases waiting for a ruling, never the closed archive.
  await sql`create index cases_reopen_pending_idx on cases (reopen_pending, due_at, id) where reopen_pending = 1`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_reopen_pending_idx').execute();
}
