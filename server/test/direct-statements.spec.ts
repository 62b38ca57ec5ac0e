// Statements a SQLite transaction runs straight on the connection (direct-statements.ts): they
// belong to that transaction (rolled back with it, seen by it), answer as Kysely's driver does,
// and the same statements outside a transaction (reads, writes, writes returning rows) still wait
// for the connection, so nothing runs inside, or sees the rows of, another caller's open transaction.
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { openDatabase, type Database } from '../src/database/database';
import { QueryTemplate } from '../src/database/query-template';
import { executeTogether } from '../src/database/statements-together';

interface T {
  notes: { id: number; text: string };
}

const insert = new QueryTemplate<never, T>((db, slot) =>
  db.insertInto('notes').values({ id: slot('id'), text: slot('text') }),
);
const byId = new QueryTemplate<{ text: string }, T>((db, slot) =>
  db.selectFrom('notes').select('text').where('id', '=', slot('id')),
);
const insertReturning = new QueryTemplate<{ id: number }, T>((db, slot) =>
  db.insertInto('notes').values({ id: slot('id'), text: slot('text') }).returning('id'),
);
const rename = new QueryTemplate<never, T>((db, slot) =>
  db.updateTable('notes').set({ text: slot('text') }).where('id', '>=', slot('from')),
);

describe('statements run directly inside a SQLite transaction', () => {
  let database: Database;
  let db: Kysely<T>;
  const texts = async () => (await db.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text);

  beforeEach(async () => {
    database = openDatabase({ database: { kind: 'sqlite', file: ':memory:' } });
    db = database.db as unknown as Kysely<T>;
    await sql`create table notes (id integer primary key, text text not null)`.execute(db);
  });
  afterEach(() => database.close());

  it('are part of the transaction: seen in it, rolled back with it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await insert.execute(trx, { id: 1, text: 'a' });
        await executeTogether(trx as never, 'sqlite', [{ text: 'insert into notes (id, text) values (?, ?)', params: [2, 'b'] }]);
        expect((await byId.first(trx, { id: 2 }))?.text).toBe('b');
        expect(await trx.selectFrom('notes').select('text').orderBy('id').execute()).toEqual([{ text: 'a' }, { text: 'b' }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await texts()).toEqual([]);
  });

  it('answer as Kysely does: rows of a read, the count of rows a write changed', async () => {
    await insert.execute(db, { id: 1, text: 'a' });
    await insert.execute(db, { id: 2, text: 'b' });
    const outside = await rename.execute(db, { text: 'x', from: 1 });
    const inside = await db.transaction().execute(async (trx) => ({
      write: await rename.execute(trx, { text: 'y', from: 2 }),
      read: await byId.execute(trx, { id: 1 }),
    }));
    expect(outside.numAffectedRows).toBe(2n);
    expect(inside.write.numAffectedRows).toBe(1n);
    expect(inside.read.rows).toEqual([{ text: 'x' }]);
    expect(await texts()).toEqual(['x', 'y']);
  });

  it('outside a transaction wait for an open one instead of running inside it', async () => {
    let outsideDone = false;
    const open = db.transaction().execute(async (trx) => {
      await insert.execute(trx, { id: 1, text: 'in the transaction' });
      const outside = insert.execute(db, { id: 2, text: 'outside' }).then(() => {
        outsideDone = true;
      });
      await sleep(20);
      // Still waiting for the connection: had it run now, it would be rolled back below.
      expect(outsideDone).toBe(false);
      void outside;
      throw new Error('roll back');
    });
    await expect(open).rejects.toThrow('roll back');
    await sleep(0);
    expect(await texts()).toEqual(['outside']);
  });

  it('outside a transaction read what is committed, and while one is open wait instead of seeing its rows', async () => {
    await insert.execute(db, { id: 1, text: 'committed' });
    expect((await byId.first(db, { id: 1 }))?.text).toBe('committed');
    let read: { text: string } | undefined | 'pending' = 'pending';
    const open = db.transaction().execute(async (trx) => {
      await insert.execute(trx, { id: 2, text: 'uncommitted' });
      void byId.first(db, { id: 2 }).then((row) => {
        read = row;
      });
      await sleep(20);
      expect(read).toBe('pending');
      throw new Error('roll back');
    });
    await expect(open).rejects.toThrow('roll back');
    await sleep(0);
    expect(read).toBeUndefined();
  });

  it('outside a transaction wait with a write that returns rows too', async () => {
    let outsideDone = false;
    const open = db.transaction().execute(async (trx) => {
      await insert.execute(trx, { id: 1, text: 'in the transaction' });
      void insertReturning.execute(db, { id: 2, text: 'outside' }).then(() => {
        outsideDone = true;
      });
      await sleep(20);
      expect(outsideDone).toBe(false);
      throw new Error('roll back');
    });
    await expect(open).rejects.toThrow('roll back');
    await sleep(0);
    expect(await texts()).toEqual(['outside']);
  });
});
