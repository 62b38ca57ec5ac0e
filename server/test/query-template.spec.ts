// Query templates: a query built once by Kysely and run again with new values must answer exactly
// as the same query built each time, on the database the suite runs on.
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { QueryTemplate, insertRowsTemplate, rowValues } from '../src/database/query-template';
import { createPgDatabase, testDbKind } from './harness';

interface T {
  t: { id: number; name: string; n: number };
}

async function open(): Promise<{ db: Kysely<T>; close(): Promise<void> }> {
  if (testDbKind === 'postgres') {
    const database = await createPgDatabase();
    const db = new Kysely<T>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
    return { db, close: async () => (await db.destroy(), await database.drop()) };
  }
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  return { db, close: () => db.destroy() };
}

const byName = new QueryTemplate<{ id: number; n: number }, T>((db, slot) =>
  db.selectFrom('t').select(['id', 'n']).where('name', '=', slot('name')).orderBy('id'),
);
const addRows = insertRowsTemplate<unknown, T>((db, rows, slot) =>
  db
    .insertInto('t')
    .values(rows as never)
    .onConflict((oc) => oc.column('id').doUpdateSet({ n: sql<number>`t.n + ${slot<number>('step')}` })),
);

describe(`query templates (${testDbKind})`, () => {
  let db: Kysely<T>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    await sql`create table t (id integer primary key, name text not null, n integer not null)`.execute(db);
  });
  afterAll(() => close());

  it('answers each run with that run’s values, and upserts as often as it runs', async () => {
    const columns = ['id', 'name', 'n'] as const;
    const rows = [
      { id: 1, name: 'a', n: 1 },
      { id: 2, name: 'b', n: 1 },
    ];
    await addRows(columns, 2).execute(db, { ...rowValues(rows, columns), step: 10 });
    await addRows(columns, 1).execute(db, { ...rowValues([{ id: 3, name: 'a', n: 5 }], columns), step: 10 });
    await addRows(columns, 2).execute(db, { ...rowValues(rows, columns), step: 100 });
    expect(await byName.rows(db, { name: 'a' })).toEqual([
      { id: 1, n: 101 },
      { id: 3, n: 5 },
    ]);
    expect(await byName.rows(db, { name: 'b' })).toEqual([{ id: 2, n: 101 }]);
    expect(await byName.first(db, { name: 'none' })).toBeUndefined();
  });

  it('refuses to run without a value for one of its slots, instead of sending the placeholder', async () => {
    await expect(byName.rows(db, {})).rejects.toThrow(/no value for slot name/);
  });
});
