// The few places where SQLite and PostgreSQL DDL differ, so migrations stay one file each.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key: `bigserial` on PostgreSQL, ROWID alias on SQLite. */
export function autoIdType(db: Kysely<unknown>): 'bigserial' | 'integer' {
  return isPostgres(db) ? 'bigserial' : 'integer';
}

export function autoIdColumn(db: Kysely<unknown>) {
  return (c: ColumnDefinitionBuilder) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement());
}
