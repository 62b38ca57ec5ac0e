// Group commit on a real SQLite file: transactions of one turn commit together, nobody hears of
// success before the commit that holds its writes, a member that fails is rolled back alone, and a
// failed commit fails the whole group.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { CounterAdditions } from '../src/database/counter-additions';
import { withStatementCache } from '../src/database/database';
import { registerDirectStatements } from '../src/database/direct-statements';
import { GROUP_COMMIT_MAX, GroupCommit } from '../src/database/group-commit';

interface Schema {
  notes: { id: number; text: string };
  owners: { id: number };
  pets: { id: number; owner_id: number };
}

// The API's set-up runs the savepoints straight on the connection (direct-statements.ts); a plain
// Kysely runs them through its executor. Both must behave the same.
describe.each(['the API\'s direct statements', 'Kysely\'s executor'])('group commit on SQLite, through %s', (through) => {
  let dir: string;
  let file: string;
  let db: Kysely<Schema>;
  let group: GroupCommit<Schema>;
  /** Another connection to the same file: it sees only what is committed. */
  let outside: SQLite.Database;

  const committedNotes = () => (outside.prepare('select text from notes order by id').all() as { text: string }[]).map((r) => r.text);
  const addNote = (text: string) => (trx: Kysely<Schema>) => trx.insertInto('notes').values({ id: undefined as never, text }).execute();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
    file = path.join(dir, 'db.sqlite');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    if (through.startsWith('Kysely')) {
      db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
    } else {
      const statements = withStatementCache(sqlite);
      db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: statements }) });
      registerDirectStatements(db, statements);
    }
    await sql`create table notes (id integer primary key, text text not null unique)`.execute(db);
    await sql`create table owners (id integer primary key)`.execute(db);
    await sql`create table pets (id integer primary key, owner_id integer not null references owners (id) deferrable initially deferred)`.execute(db);
    group = new GroupCommit(db);
    outside = new SQLite(file, { readonly: true });
  });
  afterEach(async () => {
    outside.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('commits the transactions of one turn together, and answers only after the commit', async () => {
    const seenInside: string[][] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        group.run(async (trx) => {
          await addNote(`n${i}`)(trx);
          seenInside.push(committedNotes());
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // While the group ran, none of it was committed: no caller could have been told "done" early.
    expect(seenInside.every((seen) => seen.length === 0)).toBe(true);
    expect(committedNotes()).toHaveLength(10);
    expect(group.stats).toEqual({ commits: 1, transactions: 10 });
  });

  it('gives a transaction of a later turn a commit of its own', async () => {
    await group.run(addNote('first'));
    await group.run(addNote('second'));
    expect(committedNotes()).toEqual(['first', 'second']);
    expect(group.stats).toEqual({ commits: 2, transactions: 2 });
  });

  it('rolls back a member that throws, alone: its caller gets its error, the others commit', async () => {
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((text) =>
        group.run(async (trx) => {
          await addNote(text)(trx);
          if (text === 'b') throw new Error('b changed its mind');
          return text;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('b changed its mind');
    expect(committedNotes()).toEqual(['a', 'c', 'd']);
    expect(group.stats.commits).toBe(1);
  });

  it('rolls back a member whose statement fails, and later members still see the earlier ones', async () => {
    const outcomes = await Promise.allSettled([
      group.run(addNote('same')),
      group.run(async (trx) => {
        await addNote('other')(trx);
        await addNote('same')(trx); // unique violation: the whole member goes, 'other' too
      }),
      group.run(async (trx) => (await trx.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseFulfilledResult<string[]>).value).toEqual(['same']);
    expect(committedNotes()).toEqual(['same']);
  });

  it('fails every member when the commit fails, and keeps none of their writes', async () => {
    const outcomes = await Promise.allSettled([
      group.run(addNote('would be lost')),
      // A deferred foreign key is checked at the commit: the commit fails.
      group.run((trx) => trx.insertInto('pets').values({ id: 1, owner_id: 42 }).execute()),
      group.run(addNote('also lost')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(committedNotes()).toEqual([]);
    // The connection is usable again.
    await group.run(addNote('after'));
    expect(committedNotes()).toEqual(['after']);
  });

  it('holds at most GROUP_COMMIT_MAX transactions in one commit', async () => {
    const count = GROUP_COMMIT_MAX + 6;
    await Promise.all(Array.from({ length: count }, (_, i) => group.run(addNote(`m${i}`))));
    expect(committedNotes()).toHaveLength(count);
    expect(group.stats).toEqual({ commits: 2, transactions: count });
  });
});

// Shared counters added to by the members of a group: gathered, merged by row, written once as the
// group commits; a member that fails adds nothing.
describe('counter additions through a group commit', () => {
  let db: Kysely<Schema & { tallies: { day: string; unit: string; filed: number; closed: number } }>;
  let statements: string[];

  beforeEach(async () => {
    const sqlite = new SQLite(':memory:');
    statements = [];
    db = new Kysely({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    await sql`create table tallies (day text not null, unit text not null, filed integer not null default 0, closed integer not null default 0, primary key (day, unit))`.execute(db);
    await sql`insert into tallies values ('2026-12-01', 'u1', 5, 1)`.execute(db);
  });

  const tally = async () => (await sql<{ day: string; unit: string; filed: number; closed: number }>`select * from tallies order by day, unit`.execute(db)).rows;

  it('adds every successful member once, in one upsert, and leaves out a member that failed', async () => {
    const group = new GroupCommit(db, {
      beforeCommit: async (trx, members) => {
        const all = new CounterAdditions();
        for (const member of members as CounterAdditions[]) all.merge(member);
        await all.write(trx as never, 'sqlite');
      },
    });
    const member = (unit: string, filed: number, closed = 0, fail = false) =>
      group.run(async () => {
        const additions = new CounterAdditions();
        additions.add({ table: 'tallies', key: { day: '2026-12-01', unit }, add: { filed, closed } });
        if (fail) throw new Error('refused');
        return additions;
      });
    statements.length = 0;
    const results = await Promise.allSettled([member('u1', 1), member('u2', 2), member('u1', 3, 0, true), member('u1', 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await tally()).toEqual([
      { day: '2026-12-01', unit: 'u1', filed: 7, closed: 1 },
      { day: '2026-12-01', unit: 'u2', filed: 2, closed: 0 },
    ]);
    // Both rows move the same column ('closed' adds nothing and is left out): one statement.
    expect(statements.filter((s) => s.startsWith('insert into tallies'))).toHaveLength(1);
  });
});
