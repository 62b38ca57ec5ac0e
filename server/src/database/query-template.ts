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

/** A slot's name, or null for a value the query itself holds. */
type Param = { slot: string; value?: undefined } | { slot: null; value: unknown };

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
          typeof p === 'string' && p.startsWith(MARK) ? { slot: p.slice(MARK.length) } : { slot: null, value: p },
        ),
      };
      compiled.set(this, entry);
    }
    const parameters = new Array<unknown>(entry.params.length);
    for (let i = 0; i < entry.params.length; i++) {
      const p = entry.params[i]!;
      if (p.slot === null) {
        parameters[i] = p.value;
        continue;
      }
      const v = values[p.slot];
      if (v === undefined) throw new Error(`query template: no value for slot ${p.slot}`);
      parameters[i] = v;
    }
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

// The slot names of each row's columns ("0:user_id", …), made once per column list and row:
// building them on every run was the largest part of a filing's time in this file.
const slotNamesByColumns = new WeakMap<readonly string[], string[][]>();

function slotNamesOf(columns: readonly string[], row: number): string[] {
  let byRow = slotNamesByColumns.get(columns);
  if (!byRow) slotNamesByColumns.set(columns, (byRow = []));
  return (byRow[row] ??= columns.map((c) => `${row}:${c}`));
}

/** The values of `rows` for a template of `insertRowsTemplate` (`columns`: a list kept as a constant). */
export function rowValues(rows: readonly object[], columns: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>;
    const names = slotNamesOf(columns, i);
    for (let j = 0; j < columns.length; j++) values[names[j]!] = row[columns[j]!] ?? null;
  }
  return values;
}

/** The columns of a row that carry a value (Kysely leaves undefined ones out of an insert). */
export function definedColumns(row: object): string[] {
  const columns: string[] = [];
  for (const key in row) if ((row as Record<string, unknown>)[key] !== undefined) columns.push(key);
  return columns;
}

/** An insert of the given columns: one template per column list. */
export function insertTemplate<R, S = DB>(
  build: (db: Kysely<S>, values: Record<string, unknown>) => Compilable<R>,
): (columns: readonly string[]) => QueryTemplate<R, S> {
  const byColumns = new Map<string, QueryTemplate<R, S>>();
  // Rows of one table mostly come with the same columns: those of the last call are compared
  // first, which costs less than joining the names into a key.
  let last: { columns: readonly string[]; template: QueryTemplate<R, S> } | null = null;
  return (columns) => {
    if (last && sameColumns(last.columns, columns)) return last.template;
    const key = columns.join(',');
    let template = byColumns.get(key);
    if (!template) {
      template = new QueryTemplate<R, S>((db, slot) => build(db, Object.fromEntries(columns.map((c) => [c, slot(c)]))));
      byColumns.set(key, template);
    }
    last = { columns: [...columns], template };
    return template;
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
