// The SQLite statement cache: each SQL text is prepared once, the cache stays bounded, and answers
// stay right when a statement is reused, evicted, or the schema changes under it.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from '../src/database/database';

function openCounted(size: number) {
  const sqlite = new SQLite(':memory:');
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof sqlite.prepare;
  const db = new Kysely<{ t: { id: number; name: string } }>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, size) }),
  });
  return { db, prepared };
}

describe('the SQLite statement cache', () => {
  it('prepares a query once however often it runs, with different parameters each time', async () => {
    const { db, prepared } = openCounted(10);
    await sql`create table t (id integer primary key, name text)`.execute(db);
    for (let i = 1; i <= 5; i++)
      await db
        .insertInto('t')
        .values({ id: i, name: `n${i}` })
        .execute();
    const names = [];
    for (let i = 1; i <= 5; i++) {
      names.push((await db.selectFrom('t').select('name').where('id', '=', i).executeTakeFirst())?.name);
    }
    expect(names).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(prepared.filter((s) => s.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(1);
    await db.destroy();
  });

  it('keeps at most its size and prepares an evicted query again, answering right', async () => {
    const { db, prepared } = openCounted(2);
    await sql`create table t (id integer primary key, name text)`.execute(db);
    await db.insertInto('t').values({ id: 1, name: 'a' }).execute();
    const byId = () => db.selectFrom('t').select('name').where('id', '=', 1).executeTakeFirst();
    await byId();
    await db.selectFrom('t').select('id').execute();
    await db.selectFrom('t').select(['id', 'name']).execute();
    expect((await byId())?.name).toBe('a');
    expect(prepared.filter((s) => s === 'select "name" from "t" where "id" = ?')).toHaveLength(2);
    await db.destroy();
  });

  it('keeps a statement used since it was cached when a new one needs room, dropping one that was not', async () => {
    const { db, prepared } = openCounted(2);
    await sql`create table t (id integer primary key, name text)`.execute(db);
    await db.insertInto('t').values({ id: 1, name: 'a' }).execute();
    const hot = () => db.selectFrom('t').select('name').where('id', '=', 1).executeTakeFirst();
    const cold = () => db.selectFrom('t').select('id').execute();
    await hot();
    await cold();
    await hot(); // used again: it keeps its place
    await db.selectFrom('t').select(['id', 'name']).execute(); // needs room
    expect((await hot())?.name).toBe('a');
    await cold();
    expect(prepared.filter((s) => s === 'select "name" from "t" where "id" = ?')).toHaveLength(1);
    expect(prepared.filter((s) => s === 'select "id" from "t"')).toHaveLength(2);
    await db.destroy();
  });

  it('answers with the new columns after the table changes', async () => {
    const { db } = openCounted(10);
    await sql`create table t (id integer primary key, name text)`.execute(db);
    await db.insertInto('t').values({ id: 1, name: 'a' }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, name: 'a' }]);
    await sql`alter table t add column extra text default 'x'`.execute(db);
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, name: 'a', extra: 'x' }]);
    await db.destroy();
  });
});
