// Query templates: a query built once by Kysely and run again with new values must answer exactly
// as the same query built each time, on the database the suite runs on.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/database/database';
import { QueryTemplate, definedColumns, insertRowsTemplate, insertTemplate, rowValues } from '../src/database/query-template';
import { createPgDatabase, testDbKind } from './harness';

interface T {
  t: { id: number; name: string; n: number };
}

async function open(): Promise<{ db: Kysely<T>; close(): Promise<void> }> {
  if (testDbKind === 'postgres') {
    const database = await createPgDatabase();
    const db = new Kysely<T>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
    });
    return { db, close: async () => (await db.destroy(), await database.drop()) };
  }
  // The API's own set-up (its statement cache).
  const database = openDatabase({ database: { kind: 'sqlite', file: ':memory:' } });
  return { db: database.db as unknown as Kysely<T>, close: () => database.close() };
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

const addRow = insertTemplate<never, T>((db, values) => db.insertInto('t').values(values as never));

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

  it('answers inside a transaction as the query built by Kysely does, and rolls back with it', async () => {
    const insertOne = new QueryTemplate<never, T>((db, slot) =>
      db.insertInto('t').values({ id: slot('id'), name: slot('name'), n: slot('n') }),
    );
    const kyselyBuilt = (trx: Kysely<T>, name: string) =>
      trx.selectFrom('t').select(['id', 'n']).where('name', '=', name).orderBy('id').execute();
    await db.transaction().execute(async (trx) => {
      const inserted = await insertOne.execute(trx, { id: 10, name: 'c', n: 7 });
      expect(inserted.numAffectedRows).toBe(1n);
      expect(await byName.rows(trx, { name: 'c' })).toEqual(await kyselyBuilt(trx, 'c'));
      expect(await byName.rows(trx, { name: 'c' })).toEqual([{ id: 10, n: 7 }]);
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await insertOne.execute(trx, { id: 11, name: 'd', n: 1 });
        expect(await byName.rows(trx, { name: 'd' })).toEqual([{ id: 11, n: 1 }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await byName.rows(db, { name: 'd' })).toEqual([]);
    expect(await byName.rows(db, { name: 'c' })).toEqual([{ id: 10, n: 7 }]);
  });

  it('inserts the columns each row carries, when rows alternate between column lists', async () => {
    const rows: Array<Partial<T['t']>> = [
      { id: 20, name: 'x', n: 1 },
      { id: 21, name: 'y', n: undefined },
      { id: 22, name: 'z', n: 3 },
      { name: 'w', n: 4, id: 23 },
    ];
    await sql`alter table t add column m integer not null default 7`.execute(db);
    try {
      for (const row of rows) {
        const values = { ...row, ...(row.n === undefined ? { n: 0, m: 9 } : {}) };
        await addRow(definedColumns(values)).execute(db, values);
      }
      const stored = await sql<{ id: number; name: string; n: number; m: number }>`select id, name, n, m from t where id >= 20 order by id`.execute(db);
      expect(stored.rows).toEqual([
        { id: 20, name: 'x', n: 1, m: 7 },
        { id: 21, name: 'y', n: 0, m: 9 },
        { id: 22, name: 'z', n: 3, m: 7 },
        { id: 23, name: 'w', n: 4, m: 7 },
      ]);
    } finally {
      await sql`delete from t where id >= 20`.execute(db);
      await sql`alter table t drop column m`.execute(db);
    }
  });

  it('refuses to run without a value for one of its slots, instead of sending the placeholder', async () => {
    await expect(byName.rows(db, {})).rejects.toThrow(/no value for slot name/);
  });
});
