// Group commit for SQLite: case transactions that start in the same turn of the event loop run
// one after another inside one SQLite transaction and commit together.
//
// Why: SQLite has one writer, so case transactions already run one at a time; what each one pays
// on its own is the commit, a WAL write of every page it touched (the case row and its index
// entries, the event, the inbox, the idempotency key, the counters and roll-ups). Measured on a
// filing, the commit was about half of all the time spent in SQLite. Filings that arrive together
// share most of those pages (the same counters, roll-up rows and index leaves), so one commit
// writes them once.
//
// What stays as it was: each transaction runs in its own savepoint, so one that fails is rolled
// back alone and its caller gets its error while the others commit; no caller hears of success
// before the commit that holds its writes (so nothing answered is lost), and if that commit fails
// every caller of the group gets the failure. A transaction sees the writes of those before it in
// its group, as it would if they had committed just before it, which on one writer they would have.
//
// PostgreSQL commits concurrent transactions on their own connections and groups WAL flushes
// itself, so this is for SQLite only.
import { type Kysely, sql, type Transaction } from 'kysely';
import { runDirect } from './direct-statements';

type Work<T, DB> = (trx: Transaction<DB>) => Promise<T>;

interface Waiting<DB> {
  work: Work<unknown, DB>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** How many transactions one commit holds at most: a long group would keep readers waiting. */
export const GROUP_COMMIT_MAX = 64;

export interface GroupCommitOptions<DB> {
  /** At most this many transactions per commit. */
  max?: number;
  /**
   * Runs in the transaction after its members, before the commit, with the values of the members
   * that succeeded (for writes they share, like counter additions, written once for all).
   */
  beforeCommit?: (trx: Transaction<DB>, values: unknown[]) => Promise<void>;
}

export class GroupCommit<DB> {
  private waiting: Waiting<DB>[] = [];
  /** Commits so far and the transactions they held (for tests and benchmarks). */
  readonly stats = { commits: 0, transactions: 0 };
  private readonly max: number;
  private readonly beforeCommit: GroupCommitOptions<DB>['beforeCommit'];

  constructor(
    private readonly db: Kysely<DB>,
    options: GroupCommitOptions<DB> = {},
  ) {
    this.max = options.max ?? GROUP_COMMIT_MAX;
    this.beforeCommit = options.beforeCommit;
  }

  /** Runs `work` in a transaction; resolves once its writes are committed. */
  run<T>(work: Work<T, DB>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // The first waiter of a turn schedules the group; later ones in the same turn join it.
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting.splice(0, this.max);
    if (this.waiting.length > 0) setImmediate(() => void this.flush());
    if (group.length === 0) return;
    this.stats.commits += 1;
    this.stats.transactions += group.length;
    if (group.length === 1) {
      const [only] = group;
      await this.db
        .transaction()
        .execute(async (trx) => {
          const value = await only!.work(trx);
          await this.beforeCommit?.(trx, [value]);
          return value;
        })
        .then(only!.resolve, only!.reject);
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const { work } of group) outcomes.push(await this.inSavepoint(trx, work));
        await this.beforeCommit?.(
          trx,
          outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : [])),
        );
      });
    } catch (error) {
      // The commit (or a rollback to a savepoint) failed: none of the group's writes stand.
      for (const { reject } of group) reject(error);
      return;
    }
    group.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }

  private async inSavepoint(trx: Transaction<DB>, work: Work<unknown, DB>): Promise<Outcome> {
    await this.statement(trx, 'savepoint grouped');
    try {
      const value = await work(trx);
      await this.statement(trx, 'release grouped');
      return { ok: true, value };
    } catch (error) {
      await this.statement(trx, 'rollback to grouped');
      await this.statement(trx, 'release grouped');
      return { ok: false, error };
    }
  }

  /** Straight on the connection where it is registered (direct-statements.ts), else through Kysely. */
  private async statement(trx: Transaction<DB>, text: string): Promise<void> {
    if (!runDirect(trx, text, [])) await sql.raw(text).execute(trx);
  }
}
