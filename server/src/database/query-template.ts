// Queries on the hot paths (filing, case events) built and compiled by Kysely once per shape and
// dialect, then run with new values. Building a Kysely query tree and compiling it costs more CPU
// than SQLite takes to run most of our statements (a filing's profile: 16 % of the CPU in Kysely
// against 24 % in SQLite). The query is still written with Kysely's typed builder; only the
// values change between runs, so the SQL text is the same and SQLite's prepared statement (see
// `withStatementCache`) is reused too.
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { runDirect } from './direct-statements';
import type { DB } from './schema';

/** Stands for a value in a template: `slot('name')` is replaced by `values.name` at each run. */
export type Slot = <T = never>(name: string) => T;

type Param = { slot: string } | { value: unknown };

const MARK = '\u0000hotline-slot\u0000';

// Per dialect (one process may open both in tests), then per template.
const compiledByAdapter = new WeakMap<object, Map<object, { sql: string; params: Param[] }>>();

/**
 * A query with named slots. `build` must give the same query for every run (branches belong in
 * separate templates), with every changing value passed through `slot`: a value written into
 * the query itself would be kept from the first run.
 */
export class QueryTemplate<R, S = DB> {
  constructor(private readonly build: (db: Kysely<S>, slot: Slot) => Compilable<R>) {}

  async execute(db: Kysely<S>, values: Record<string, unknown>): Promise<QueryResult<R>> {
    const adapter = db.getExecutor().adapter;
    let compiled = compiledByAdapter.get(adapter);
    if (!compiled) compiledByAdapter.set(adapter, (compiled = new Map()));
    let entry = compiled.get(this);
    if (!entry) {
      const slot = ((name: string) => `${MARK}${name}`) as Slot;
      const query = this.build(db, slot).compile();
      entry = {
        sql: query.sql,
        params: query.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(MARK) ? { slot: p.slice(MARK.length) } : { value: p },
        ),
      };
      compiled.set(this, entry);
    }
    const parameters = entry.params.map((p) => {
      if (!('slot' in p)) return p.value;
      const v = values[p.slot];
      if (v === undefined) throw new Error(`query template: no value for slot ${p.slot}`);
      return v;
    });
    return runDirect<R>(db, entry.sql, parameters) ?? db.executeQuery<R>(CompiledQuery.raw(entry.sql, parameters) as CompiledQuery<R>);
  }

  async rows(db: Kysely<S>, values: Record<string, unknown>): Promise<R[]> {
    return (await this.execute(db, values)).rows;
  }

  async first(db: Kysely<S>, values: Record<string, unknown>): Promise<R | undefined> {
    return (await this.execute(db, values)).rows[0];
  }
}

/**
 * An insert of several rows of the given columns: one template per column list and row count.
 * Run it with `rowValues(rows, columns)`.
 */
export function insertRowsTemplate<R, S = DB>(
  build: (db: Kysely<S>, rows: Record<string, unknown>[], slot: Slot) => Compilable<R>,
): (columns: readonly string[], count: number) => QueryTemplate<R, S> {
  const byShape = new Map<string, QueryTemplate<R, S>>();
  return (columns, count) => {
    const key = `${count}:${columns.join(',')}`;
    let template = byShape.get(key);
    if (!template) {
      template = new QueryTemplate<R, S>((db, slot) =>
        build(
          db,
          Array.from({ length: count }, (_, i) => Object.fromEntries(columns.map((c) => [c, slot(`${i}:${c}`)]))),
          slot,
        ),
      );
      byShape.set(key, template);
    }
    return template;
  };
}

/** The values of `rows` for a template of `insertRowsTemplate`. */
export function rowValues(rows: readonly object[], columns: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const c of columns) values[`${i}:${c}`] = (row as Record<string, unknown>)[c] ?? null;
  });
  return values;
}

/** The columns of a row that carry a value (Kysely leaves undefined ones out of an insert). */
export const definedColumns = (row: object): string[] =>
  Object.entries(row)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);

/** An insert of the given columns: one template per column list. */
export function insertTemplate<R, S = DB>(
  build: (db: Kysely<S>, values: Record<string, unknown>) => Compilable<R>,
): (columns: readonly string[]) => QueryTemplate<R, S> {
  const byColumns = new Map<string, QueryTemplate<R, S>>();
  return (columns) => {
    const key = columns.join(',');
    let template = byColumns.get(key);
    if (!template) {
      template = new QueryTemplate<R, S>((db, slot) => build(db, Object.fromEntries(columns.map((c) => [c, slot(c)]))));
      byColumns.set(key, template);
    }
    return template;
  };
}
