// Additions to shared counter rows (the queue counts, the analytics roll-ups), gathered through a
// case transaction and written just before it commits: one upsert per table, rows merged by key.
//
// Every filing adds one to the same few rows (the county's queue count, the day's roll-up buckets
// and sums); written as each case action happens, a group commit of ten filings ran ten upserts
// on each. Gathered, the group runs one per table, and on PostgreSQL all of them travel as one
// statement (executeTogether). Written last, the rows' locks hold other transactions only through the commit, and
// written in one order (table, then key), two transactions never wait on each other's rows.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../config/config';
import type { DB } from './schema';
import { executeTogether } from './statements-together';

export interface CounterAddition {
  table: string;
  /** The row's key columns (the upsert's conflict target), in the table's key order. */
  key: Readonly<Record<string, string | number>>;
  /** What to add to each counter column; zeros are dropped. */
  add: Readonly<Record<string, number>>;
}

interface Row {
  table: string;
  keyColumns: string[];
  keyValues: Array<string | number>;
  sortKey: string;
  add: Record<string, number>;
}

export class CounterAdditions {
  private readonly rows = new Map<string, Row>();

  add(addition: CounterAddition): void {
    const keyColumns = Object.keys(addition.key);
    const keyValues = Object.values(addition.key);
    const sortKey = `${addition.table}\u0001${keyValues.join('\u0000')}`;
    let row = this.rows.get(sortKey);
    if (!row) this.rows.set(sortKey, (row = { table: addition.table, keyColumns, keyValues, sortKey, add: {} }));
    for (const [column, n] of Object.entries(addition.add)) row.add[column] = (row.add[column] ?? 0) + n;
  }

  /** Adds everything `other` gathered (a group commit's members, once each has succeeded). */
  merge(other: CounterAdditions): void {
    for (const [sortKey, row] of other.rows) {
      const mine = this.rows.get(sortKey);
      if (!mine) this.rows.set(sortKey, { ...row, add: { ...row.add } });
      else for (const [column, n] of Object.entries(row.add)) mine.add[column] = (mine.add[column] ?? 0) + n;
    }
  }

  /** Writes the additions: one multi-row upsert per table and set of moved columns. */
  async write(db: Kysely<DB>, kind: DatabaseKind): Promise<void> {
    const statements = new Map<string, { table: string; keyColumns: string[]; moved: string[]; rows: Row[] }>();
    for (const row of [...this.rows.values()].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))) {
      const moved = Object.keys(row.add)
        .filter((c) => row.add[c] !== 0)
        .sort();
      if (moved.length === 0) continue;
      const shape = `${row.table}|${row.keyColumns.join(',')}|${moved.join(',')}`;
      let statement = statements.get(shape);
      if (!statement) statements.set(shape, (statement = { table: row.table, keyColumns: row.keyColumns, moved, rows: [] }));
      statement.rows.push(row);
    }
    await executeTogether(
      db,
      kind,
      [...statements.values()].map(({ table, keyColumns, moved, rows }) => ({
        text: upsertText(table, keyColumns, moved, rows.length),
        params: rows.flatMap((row) => [...row.keyValues, ...moved.map((c) => row.add[c]!)]),
      })),
    );
  }
}

const upsertTexts = new Map<string, string>();

function upsertText(table: string, keyColumns: string[], moved: string[], rowCount: number): string {
  const cacheKey = `${table}|${keyColumns.join(',')}|${moved.join(',')}|${rowCount}`;
  let text = upsertTexts.get(cacheKey);
  if (!text) {
    const columns = [...keyColumns, ...moved];
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    text =
      `insert into ${table} (${columns.join(', ')}) values ${Array(rowCount).fill(tuple).join(', ')} ` +
      `on conflict (${keyColumns.join(', ')}) do update set ${moved.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
    // Bounded: the shapes are few (tables × moved columns × group sizes up to the group commit's cap).
    if (upsertTexts.size < 5000) upsertTexts.set(cacheKey, text);
  }
  return text;
}
