// Query templates: a query built once by Kysely and run again with new values must answer exactly
// as the same query built each time, on the database the suite runs on.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/database/database';
import { QueryTemplate, insertRowsTemplate, rowValues } from '../src/database/query-template';
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

  it('refuses to run without a value for one of its slots, instead of sending the placeholder', async () => {
    await expect(byName.rows(db, {})).rejects.toThrow(/no value for slot name/);
  });
});
