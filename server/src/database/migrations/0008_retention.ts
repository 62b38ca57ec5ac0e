// Retention: when a closed case's personal data was anonymised (null until then).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('anonymised_at', 'text').execute();
  // Partial: only closed cases still holding personal data, so the daily look-up stays small.
  await sql`create index cases_retention_idx on cases (closed_at) where closed_at is not null and anonymised_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_retention_idx').execute();
  await db.schema.alterTable('cases').dropColumn('anonymised_at').execute();
}
