// The WAL checkpoint worker on a real SQLite file: it copies committed frames back into the
// database file off the event loop, the WAL stays bounded under a long run of commits (the API's
// autocheckpoint is the backstop), and closing the database stops it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { type Database, openDatabase, WAL_CHECKPOINT_PAGES } from '../src/database/database';

const PAGE = 4096;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

describe('WAL checkpoint worker', () => {
  let dir: string;
  let file: string;
  let database: Database;

  const open = () => openDatabase({ database: { kind: 'sqlite', file } }, { walCheckpointer: true });
  const walBytes = () => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
  /** One transaction that changes about `pages` pages: rows of one page each. */
  const writePages = (db: Database['db'], from: number, pages: number) =>
    db.transaction().execute(async (trx) => {
      for (let i = from; i < from + pages; i++)
        await sql`insert into notes (id, text) values (${i}, ${'x'.repeat(PAGE - 200)})`.execute(trx);
    });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-checkpointer-'));
    file = path.join(dir, 'db.sqlite');
    database = open();
    await sql`create table notes (id integer primary key, text text not null)`.execute(database.db);
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed frames into the database file without a checkpoint on the writing connection', async () => {
    // The writer never checkpoints by itself here: whatever reaches the file, the worker copied.
    await sql`pragma wal_autocheckpoint = 0`.execute(database.db);
    for (let t = 0; t < 10; t++) await writePages(database.db, t * 20, 20);
    const deadline = Date.now() + 5_000;
    let backfilled = await database.checkpointer!.backfilled();
    while (backfilled < 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      backfilled = await database.checkpointer!.backfilled();
    }
    expect(backfilled).toBeGreaterThanOrEqual(200);
    // The database file alone (a copy without its WAL) holds every committed row.
    const copy = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(file, copy);
    const alone = new SQLite(copy, { readonly: true });
    try {
      expect(alone.prepare('select count(*) as n from notes').get()).toEqual({ n: 200 });
    } finally {
      alone.close();
    }
  });

  it('keeps the WAL bounded through a long run of commits', async () => {
    let largest = 0;
    // Five times the autocheckpoint size, in commits of 50 pages: a WAL that never started over
    // would end with all of them.
    const total = 5 * WAL_CHECKPOINT_PAGES;
    for (let t = 0; t < total / 50; t++) {
      await writePages(database.db, t * 50, 50);
      largest = Math.max(largest, walBytes());
    }
    const frames = (largest - WAL_HEADER) / (PAGE + FRAME_HEADER);
    // The writer's autocheckpoint skips while the worker holds the checkpoint lock, and the WAL
    // starts over only once every frame is copied: it passes the autocheckpoint size by the
    // commits made during one worker checkpoint (its fsyncs are slow on a loaded disk; up to ~1.4×
    // seen here), and a WAL that never started over would hold all 5×.
    expect(frames).toBeLessThan(3 * WAL_CHECKPOINT_PAGES);
    const n = await sql<{ n: number }>`select count(*) as n from notes`.execute(database.db);
    expect(n.rows[0]!.n).toBe(total);
  });

  it('stops with the database: close waits for the worker, which then answers nothing more', async () => {
    const checkpointer = database.checkpointer!;
    await writePages(database.db, 0, 5);
    await database.close();
    await expect(checkpointer.backfilled()).resolves.toBe(0);
    // Reopened for afterEach's close: a second connection opens the same file cleanly.
    database = open();
    const n = await sql<{ n: number }>`select count(*) as n from notes`.execute(database.db);
    expect(n.rows[0]!.n).toBe(5);
  });

  it('is not started for an in-memory database or on request', async () => {
    const memory = openDatabase({ database: { kind: 'sqlite', file: ':memory:' } }, { walCheckpointer: true });
    const plain = openDatabase({ database: { kind: 'sqlite', file: path.join(dir, 'plain.sqlite') } });
    try {
      expect(memory.checkpointer).toBeNull();
      expect(plain.checkpointer).toBeNull();
    } finally {
      await memory.close();
      await plain.close();
    }
  });
});
