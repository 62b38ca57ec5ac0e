// Statements a SQLite transaction runs straight on the connection's prepared statements, without
// Kysely's executor around each one. That executor exists to hand out the one connection: every
// statement passes through a connection provider, a mutex and a chain of async functions (about
// 2.5 KB of promises and closures per statement, bench/filing-allocations.mjs, a quarter
// of what a filing allocates). Inside a transaction the connection is already ours until it ends,
// so the hot statements of a case transaction (query templates, `executeTogether`, the group
// commit's savepoints) skip it. Outside a transaction they still go through Kysely: there the
// mutex is what keeps a statement from running inside another request's open transaction. (Kysely
// plugins do not see these statements; the API uses none.)
import type { Kysely, QueryResult, SqliteDatabase } from 'kysely';

/** Any Kysely instance or transaction, whatever its tables. */
type AnyKysely = Pick<Kysely<unknown>, 'getExecutor' | 'isTransaction'>;

type Prepare = SqliteDatabase['prepare'];

// Keyed by the dialect's adapter, which a Kysely instance shares with its transactions.
const byAdapter = new WeakMap<object, Prepare>();

export function registerDirectStatements(db: AnyKysely, statements: SqliteDatabase): void {
  byAdapter.set(db.getExecutor().adapter, (sql) => statements.prepare(sql));
}

/**
 * Runs `sql` at once on the SQLite connection when `db` is a transaction on a registered
 * database, answering as Kysely's SQLite driver would; undefined otherwise (the caller then runs
 * it through Kysely).
 */
export function runDirect<R>(db: AnyKysely, sql: string, parameters: readonly unknown[]): QueryResult<R> | undefined {
  if (!db.isTransaction) return undefined;
  const prepare = byAdapter.get(db.getExecutor().adapter);
  if (!prepare) return undefined;
  const statement = prepare(sql);
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
