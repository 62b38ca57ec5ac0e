// What the admin console needs from the directory: a version on every row two admins may edit at
// once (an edit names the version it saw; a stale one is refused, not applied), and when each
// account last signed in.
import type { Kysely } from 'kysely';

const versioned = ['units', 'categories', 'users'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of versioned) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'varchar(30)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
  for (const table of versioned) await db.schema.alterTable(table).dropColumn('version').execute();
}
