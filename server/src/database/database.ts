// Opens the one Kysely instance of the process, on the dialect that DATABASE_URL chooses:
// absent → an embedded SQLite file under the data directory; postgres:// → PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { AppConfig, DatabaseKind } from '../config/config';
import type { DB } from './schema';
import { registerDirectStatements } from './direct-statements';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer';

// node-postgres returns int8/numeric as strings; our counters and ids fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /**
   * SQLite only: a number that moves whenever another connection (another process) commits to
   * the file, and not for this connection's own commits (PRAGMA data_version). Null on PostgreSQL.
   */
  dataVersion: (() => number) | null;
  /** SQLite file with `walCheckpointer` asked for: the worker that checkpoints the WAL. */
  checkpointer: WalCheckpointer | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * SQLite: checkpoint the WAL on a worker thread (wal-checkpointer.ts). For the long-running API;
   * short commands leave it to SQLite's autocheckpoint.
   */
  walCheckpointer?: boolean;
  /** Told when the checkpoint worker fails (the autocheckpoint then does its work). */
  onCheckpointError?: (message: string) => void;
}

export function openDatabase(config: Pick<AppConfig, 'database'>, options: OpenOptions = {}): Database {
  if (config.database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.database.url, max: 10 });
    // An idle connection the server drops (restart, failover, admin command) must not take the
    // API down: the pool discards it and the next query opens a new one.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', dataVersion: null, checkpointer: null, close: () => db.destroy() };
  }
  const file = config.database.file;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while one writer commits; NORMAL sync is durable across app crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Each case transaction of a group commit runs in a savepoint, whose journal of the pages it
  // changed went to a temporary file: in memory, a filing's SQLite time fell by a fifth.
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoint every 16 MB of WAL instead of every 4 MB: pages the filings write again and again
  // (the day's counters, the ends of the indexes) are copied back once per checkpoint, not four times.
  sqlite.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  const statements = withStatementCache(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) });
  registerDirectStatements(db, statements);
  const dataVersion = sqlite.prepare('pragma data_version');
  const checkpointer =
    options.walCheckpointer && file !== ':memory:' ? startWalCheckpointer(file, { onError: options.onCheckpointError }) : null;
  return {
    db,
    kind: 'sqlite',
    dataVersion: () => Number((dataVersion.get() as { data_version: number }).data_version),
    checkpointer,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** WAL pages (4 KB) between automatic checkpoints; SQLite's default is 1 000. */
export const WAL_CHECKPOINT_PAGES = 4000;

/** How many distinct SQL texts keep their prepared statement (the API issues a few hundred). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query again; preparing costs more than running most of
 * ours. This keeps the prepared statement of each SQL text. When full it drops an old statement
 * that was not used since the cache last passed over it (a second chance, as in a CLOCK cache):
 * every statement of every request comes through here, and keeping a strict least-recently-used
 * order (moving the entry on every hit) was ~1 % of a filing's CPU. Safe because one statement
 * runs at a time on the one connection (Kysely's mutex, or a transaction that holds it), so a
 * statement is never in use twice; SQLite re-prepares a cached statement itself when the schema
 * changes.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, { statement: SQLite.Statement; used: boolean }>();
  return {
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached) {
        cached.used = true;
        return cached.statement;
      }
      const statement = sqlite.prepare(sql);
      // Each pass clears the flag it finds, so this ends within size + 1 steps.
      while (statements.size >= size) {
        const [oldest, entry] = statements.entries().next().value!;
        statements.delete(oldest);
        if (entry.used) {
          entry.used = false;
          statements.set(oldest, entry);
        }
      }
      statements.set(sql, { statement, used: false });
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}
