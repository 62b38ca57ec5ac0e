// The only SQL of the roll-ups: adding deltas to day buckets, the per-case tallies, reading the
// event log to rebuild, and summing buckets for the measures and trends.
import { Inject, Injectable } from '@nestjs/common';
import {
  type CaseTally,
  type RollupCounts,
  type RollupDelta,
  emptyRollupCounts,
  rollupCounters,
} from '@hotline/core';
import {
  CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { CaseCellsTable, CaseRollupsTable, DB, UnitDayRollupsTable } from '../database/schema';
import type { Tx } from '../cases/cases.repository';
import { rollupColumns } from './rollup-columns';

/** The dimensions a case's counts are filed under (fixed for the case's life). */
export interface CaseDimensions {
  categoryCode: string | null;
  townshipCode: string | null;
  channel: string;
}

export interface StoredRollupEvent {
  case_id: string;
  type: string;
  at: string;
  from_status: string | null;
  to_status: string;
  actor_unit_id: string | null;
  payload_json: string;
}

export interface CaseForRollup {
  id: string;
  lat: number | null;
  lng: number | null;
  created_at: string;
  category_code: string | null;
  township_code: string | null;
  channel: string;
  demand_type: string;
  urgency: string;
}

/** Filters on the roll-up dimensions; days are Shanghai dates, both ends inclusive. */
export interface RollupFilter {
  from: string;
  to: string;
  unitIds?: readonly string[];
  categoryCodes?: readonly string[];
  townshipCodes?: readonly string[];
  channels?: readonly string[];
}

export type RollupGroup = 'unit' | 'category' | 'township' | 'channel' | 'day' | 'month';

export interface RollupSum {
  key: string;
  counts: RollupCounts;
}

/** Settings row written by each rebuild: a database without it has never been rolled up. */
export const ROLLUPS_BUILT_SETTING = 'analytics_rollups_built_at';

const BUCKET_KEY = ['day', 'unit_id', 'category_code', 'township_code', 'channel'] as const;
const UNIT_DAY_KEY = ['day', 'unit_id'] as const;

@Injectable()
export class RollupsRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) private readonly database: Database) {
    this.db = database.db;
  }

  async tallyOf(trx: Tx, caseId: string): Promise<CaseTally | null> {
    const { rows } = await trx.executeQuery<{ tally_json: string }>(
      CompiledQuery.raw(`select tally_json from case_tallies where case_id = ${this.placeholder(1)}`, [caseId]),
    );
    return rows[0] ? (JSON.parse(rows[0].tally_json) as CaseTally) : null;
  }

  /**
   * Writes what one case event adds: its buckets and day × unit rows (upserts that add, so
   * concurrent cases never collide), the case's hot-spot cell on filing, and its changed tally.
   * This runs inside every case action's transaction, so the statements name only the counters the
   * event moves, are built once per shape, and on PostgreSQL travel as one statement (data-modifying
   * CTEs) instead of one round trip each.
   */
  async writeEvent(
    trx: Tx,
    write: {
      dims: CaseDimensions;
      deltas: readonly RollupDelta[];
      cell: CaseCellsTable | null;
      tally: { caseId: string; tally: CaseTally } | null;
    },
  ): Promise<void> {
    const statements: Array<[string, unknown[]]> = [];
    for (const row of mergeDeltas(write.dims, write.deltas)) {
      const values = row as unknown as Record<string, string | number>;
      const moved = Object.values(rollupColumns).filter((column) => values[column] !== 0);
      if (moved.length === 0) continue;
      const counts = moved.map((column) => values[column]!);
      statements.push([
        this.upsertText('case_rollups', BUCKET_KEY, moved),
        [row.day, row.unit_id, row.category_code, row.township_code, row.channel, ...counts],
      ]);
      statements.push([this.upsertText('unit_day_rollups', UNIT_DAY_KEY, moved), [row.day, row.unit_id, ...counts]]);
    }
    const cell = write.cell;
    if (cell) {
      statements.push([
        'insert into case_cells (case_id, cell, day, category_code, township_code) values (?, ?, ?, ?, ?) on conflict (case_id) do nothing',
        [cell.case_id, cell.cell, cell.day, cell.category_code, cell.township_code],
      ]);
    }
    if (write.tally) {
      statements.push([
        'insert into case_tallies (case_id, tally_json) values (?, ?) on conflict (case_id) do update set tally_json = excluded.tally_json',
        [write.tally.caseId, JSON.stringify(write.tally.tally)],
      ]);
    }
    if (statements.length === 0) return;
    if (this.database.kind !== 'postgres') {
      for (const [text, params] of statements) await trx.executeQuery(CompiledQuery.raw(text, params));
      return;
    }
    const joined =
      statements.length === 1
        ? statements[0]![0]
        : `with ${statements.map(([text], i) => `w${i} as (${text})`).join(', ')} select 1`;
    await trx.executeQuery(CompiledQuery.raw(this.numbered(joined), statements.flatMap(([, params]) => params)));
  }

  private readonly upserts = new Map<string, string>();

  private upsertText(table: 'case_rollups' | 'unit_day_rollups', key: readonly string[], moved: readonly string[]): string {
    const cacheKey = `${table}|${moved.join(',')}`;
    let text = this.upserts.get(cacheKey);
    if (!text) {
      const columns = [...key, ...moved];
      const set = moved.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
      text =
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
        `on conflict (${key.join(', ')}) do update set ${set}`;
      this.upserts.set(cacheKey, text);
    }
    return text;
  }

  private readonly numberedTexts = new Map<string, string>();

  /** PostgreSQL numbers its parameters: `?` → `$1`, `$2`, … (our texts carry no other `?`). */
  private numbered(text: string): string {
    let out = this.numberedTexts.get(text);
    if (!out) {
      let n = 0;
      out = text.replace(/\?/g, () => `$${++n}`);
      this.numberedTexts.set(text, out);
    }
    return out;
  }

  private placeholder(n: number): string {
    return this.database.kind === 'postgres' ? `$${n}` : '?';
  }

  async insertCells(trx: Tx, rows: CaseCellsTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('case_cells').values(rows.slice(i, i + 1000)).execute();
  }

  /** Located cases per cell in a period (the hot-spot map). */
  async cellCounts(f: Pick<RollupFilter, 'from' | 'to' | 'categoryCodes' | 'townshipCodes'>): Promise<Array<{ cell: string; cases: number }>> {
    let q = this.db
      .selectFrom('case_cells')
      .select((eb) => ['cell', eb.fn.countAll<number>().as('cases')])
      .where('day', '>=', f.from)
      .where('day', '<=', f.to);
    if (f.categoryCodes) {
      const codes = f.categoryCodes;
      q = q.where((eb) => eb.or(codes.map((code) => eb('category_code', 'like', `${code}%`))));
    }
    if (f.townshipCodes) q = q.where('township_code', 'in', f.townshipCodes.length ? f.townshipCodes : ['-']);
    const rows = await q.groupBy('cell').orderBy('cell').execute();
    return rows.map((r) => ({ cell: r.cell, cases: Number(r.cases) }));
  }

  /** The cases of one cell in a period, newest first. */
  casesInCell(cell: string, f: Pick<RollupFilter, 'from' | 'to' | 'categoryCodes'>, limit: number) {
    let q = this.db
      .selectFrom('case_cells as cc')
      .innerJoin('cases as c', 'c.id', 'cc.case_id')
      .select(['c.id', 'c.tracking_number', 'c.status', 'c.category_code', 'c.created_at', 'c.description'])
      .where('cc.cell', '=', cell)
      .where('cc.day', '>=', f.from)
      .where('cc.day', '<=', f.to);
    if (f.categoryCodes) {
      const codes = f.categoryCodes;
      q = q.where((eb) => eb.or(codes.map((code) => eb('cc.category_code', 'like', `${code}%`))));
    }
    return q.orderBy('c.created_at', 'desc').limit(limit).execute();
  }

  async builtAt(db: Kysely<DB> = this.db): Promise<string | null> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', ROLLUPS_BUILT_SETTING).executeTakeFirst();
    return row?.value ?? null;
  }

  async markBuilt(trx: Tx, at: string): Promise<void> {
    await trx
      .insertInto('settings')
      .values({ key: ROLLUPS_BUILT_SETTING, value: at, updated_at: at, updated_by: null })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: at, updated_at: at }))
      .execute();
  }

  /** Replaces every bucket and tally, inside the caller's transaction (the rebuild). */
  async clear(trx: Tx): Promise<void> {
    await trx.deleteFrom('case_rollups').execute();
    await trx.deleteFrom('unit_day_rollups').execute();
    await trx.deleteFrom('case_tallies').execute();
    await trx.deleteFrom('case_cells').execute();
  }

  async insertBuckets(trx: Tx, rows: Insertable<CaseRollupsTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 400) await trx.insertInto('case_rollups').values(rows.slice(i, i + 400)).execute();
    const unitDays = sumUnitDays(rows);
    for (let i = 0; i < unitDays.length; i += 400)
      await trx.insertInto('unit_day_rollups').values(unitDays.slice(i, i + 400)).execute();
  }

  /** Every day × unit row, sorted (the property test checks it against the buckets). */
  async allUnitDays(): Promise<Array<Insertable<UnitDayRollupsTable>>> {
    const rows = await this.db.selectFrom('unit_day_rollups').selectAll().execute();
    return sortRows(rows.map((r) => normaliseUnitDay(r)).filter((row) => !isEmptyBucket(row as Insertable<CaseRollupsTable>)));
  }

  async insertTallies(trx: Tx, rows: { case_id: string; tally_json: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('case_tallies').values(rows.slice(i, i + 1000)).execute();
  }

  /** Cases in id order after `afterId`, a page at a time (the rebuild walks them all). */
  casesAfter(db: Kysely<DB>, afterId: string | null, limit: number): Promise<CaseForRollup[]> {
    let q = db
      .selectFrom('cases')
      .select(['id', 'category_code', 'township_code', 'channel', 'demand_type', 'urgency', 'lat', 'lng', 'created_at'])
      .orderBy('id')
      .limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  /** The events of these cases, each case's in order. */
  eventsOf(db: Kysely<DB>, caseIds: readonly string[]): Promise<StoredRollupEvent[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('case_events')
      .select(['case_id', 'type', 'at', 'from_status', 'to_status', 'actor_unit_id', 'payload_json'])
      .where('case_id', 'in', caseIds)
      .orderBy('case_id')
      .orderBy('seq')
      .execute();
  }

  /** Every bucket (what the rebuild must reproduce) (what the rebuild must reproduce). */
  async allBuckets(db: Kysely<DB> = this.db): Promise<Array<Insertable<CaseRollupsTable>>> {
    const rows = await db
      .selectFrom('case_rollups')
      .selectAll()
      .orderBy('day')
      .orderBy('unit_id')
      .orderBy('category_code')
      .orderBy('township_code')
      .orderBy('channel')
      .execute();
    return rows.map((r) => normaliseBucket(r)).filter((row) => !isEmptyBucket(row));
  }

  /** Sums of the counters over the filter, grouped by one dimension. */
  async sums(filter: RollupFilter, group: RollupGroup): Promise<RollupSum[]> {
    const key = this.groupKey(group);
    // Without a category, township or channel in play the day × unit table answers with ~1/100 of the rows.
    const narrow =
      ['unit', 'day', 'month'].includes(group) && !filter.categoryCodes && !filter.townshipCodes && !filter.channels;
    const table = (narrow ? 'unit_day_rollups' : 'case_rollups') as 'case_rollups';
    const rows = await this.db
      .selectFrom(table)
      .select((eb) => [
        key.as('key'),
        ...Object.values(rollupColumns).map((column) => eb.fn.sum<number>(column).as(column)),
      ])
      .where((eb) => this.where(eb, filter))
      .groupBy(key)
      .orderBy(key)
      .execute();
    return rows.map((row) => {
      const counts = emptyRollupCounts();
      const values = row as unknown as Record<string, unknown>;
      for (const counter of rollupCounters) counts[counter] = Number(values[rollupColumns[counter]] ?? 0);
      return { key: String(row.key), counts };
    });
  }

  /** The first and last day with any count (what periods are checked against). */
  async dayRange(): Promise<{ first: string | null; last: string | null }> {
    const row = await this.db
      .selectFrom('case_rollups')
      .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
      .executeTakeFirst();
    return { first: (row?.first as string | null) ?? null, last: (row?.last as string | null) ?? null };
  }

  private groupKey(group: RollupGroup): RawBuilder<string> {
    switch (group) {
      case 'unit':
        return sql.ref<string>('unit_id');
      case 'category':
        return sql.ref<string>('category_code');
      case 'township':
        return sql.ref<string>('township_code');
      case 'channel':
        return sql.ref<string>('channel');
      case 'day':
        return sql.ref<string>('day');
      case 'month':
        return sql<string>`substr(day, 1, 7)`;
    }
  }

  private where(eb: ExpressionBuilder<DB, 'case_rollups'>, f: RollupFilter): Expression<SqlBool> {
    const conditions: Expression<SqlBool>[] = [eb('day', '>=', f.from), eb('day', '<=', f.to)];
    const oneOf = (column: 'unit_id' | 'township_code' | 'channel', values: readonly string[]) =>
      values.length ? eb(column, 'in', values) : eb('day', '<', ''); // an empty list matches nothing
    if (f.unitIds) conditions.push(oneOf('unit_id', f.unitIds));
    // Category codes nest by prefix (01 ⊃ 0101 ⊃ 010101): a parent takes in all of its leaves.
    if (f.categoryCodes) conditions.push(eb.or(f.categoryCodes.map((code) => eb('category_code', 'like', `${code}%`))));
    if (f.townshipCodes) conditions.push(oneOf('township_code', f.townshipCodes));
    if (f.channels) conditions.push(oneOf('channel', f.channels));
    return eb.and(conditions);
  }
}

/** One row per bucket of a case's deltas, counts summed. */
export function mergeDeltas(dims: CaseDimensions, deltas: readonly RollupDelta[]): Insertable<CaseRollupsTable>[] {
  const byBucket = new Map<string, Insertable<CaseRollupsTable>>();
  for (const delta of deltas) {
    const k = `${delta.day}|${delta.unitId}`;
    let row = byBucket.get(k);
    if (!row) byBucket.set(k, (row = bucketRow(delta.day, delta.unitId, dims)));
    const target = row as unknown as Record<string, number>;
    for (const [counter, n] of Object.entries(delta.counts)) target[rollupColumns[counter as keyof RollupCounts]]! += n!;
  }
  return [...byBucket.values()];
}

export function bucketRow(day: string, unitId: string, dims: CaseDimensions): Insertable<CaseRollupsTable> {
  const row: Record<string, string | number> = {
    day,
    unit_id: unitId,
    category_code: dims.categoryCode ?? '',
    township_code: dims.townshipCode ?? '',
    channel: dims.channel,
  };
  for (const column of Object.values(rollupColumns)) row[column] = 0;
  return row as unknown as Insertable<CaseRollupsTable>;
}

function toUnitDay(row: Insertable<CaseRollupsTable>): Insertable<UnitDayRollupsTable> {
  const { category_code: _c, township_code: _t, channel: _ch, ...rest } = row;
  return rest;
}

/** The day × unit sums of some buckets. */
export function sumUnitDays(rows: readonly Insertable<CaseRollupsTable>[]): Array<Insertable<UnitDayRollupsTable>> {
  const byKey = new Map<string, Record<string, string | number>>();
  for (const row of rows) {
    const k = `${row.day}|${row.unit_id}`;
    const target = byKey.get(k);
    const source = toUnitDay(row) as unknown as Record<string, number>;
    if (!target) byKey.set(k, { ...source });
    else for (const column of Object.values(rollupColumns)) (target[column] as number) += source[column]!;
  }
  return sortRows([...byKey.values()] as unknown as Array<Insertable<UnitDayRollupsTable>>);
}

function sortRows<T>(rows: T[]): T[] {
  return rows.sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function normaliseUnitDay(row: Record<string, unknown>): Insertable<UnitDayRollupsTable> {
  const out: Record<string, string | number> = { day: String(row.day), unit_id: String(row.unit_id) };
  for (const column of Object.values(rollupColumns)) out[column] = Number(row[column]);
  return out as unknown as Insertable<UnitDayRollupsTable>;
}

/** A bucket whose counts all cancelled out (a replaced rating) is the same as no bucket. */
export function isEmptyBucket(row: Insertable<CaseRollupsTable>): boolean {
  const source = row as unknown as Record<string, number>;
  return Object.values(rollupColumns).every((column) => source[column] === 0);
}

function normaliseBucket(row: Record<string, unknown>): Insertable<CaseRollupsTable> {
  const out: Record<string, string | number> = {};
  for (const k of BUCKET_KEY) out[k] = String(row[k]);
  for (const column of Object.values(rollupColumns)) out[column] = Number(row[column]);
  return out as unknown as Insertable<CaseRollupsTable>;
}
