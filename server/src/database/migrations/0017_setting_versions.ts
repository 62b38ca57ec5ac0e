// The time rules two admins may edit at once get a version like the directory's rows (0013): the
// settings (time-limit policy, office hours, retention) and each declared calendar day. An edit
// names the version it saw; a stale one is refused with CONFLICT instead of being applied.
import type { Kysely } from 'kysely';

const versioned = ['settings', 'calendar_overrides'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of versioned) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of versioned) await db.schema.alterTable(table).dropColumn('version').execute();
}
