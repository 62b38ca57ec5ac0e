// The only SQL of the roll-ups: adding deltas to day buckets, the per-case tallies, reading the
// event log to rebuild, and summing buckets for the measures and trends.
import { Injectable } from '@nestjs/common';
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
import type { CounterAddition } from '../database/counter-additions';
import { KyselyRepository } from '../database/repository';
import { type RawStatement, executeTogether } from '../database/statements-together';
import type { CaseCellsTable, CaseRollupsTable, DB } from '../database/schema';
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
/** The counter columns in one fixed order (an addition's columns name its upsert's statement). */
const COUNTER_COLUMNS: readonly string[] = Object.values(rollupColumns);

type Dimension = 'unit' | 'category' | 'township' | 'channel';
type SumTable = 'unit_day_rollups' | 'area_day_rollups' | 'category_day_rollups';
export interface RollupSumTable {
  table: SumTable;
  key: readonly string[];
  /** The dimensions a query may filter or group by and still read this table. */
  dims: readonly Dimension[];
}

/**
 * Narrow sums of the buckets, kept beside them in the same transaction. The buckets hold about two
 * rows per case (a case's unit, category, township and channel rarely repeat on a day); a query
 * that needs fewer dimensions reads the smallest sum that has them all, in this order.
 */
export const rollupSums: readonly RollupSumTable[] = [
  { table: 'unit_day_rollups', key: ['day', 'unit_id'], dims: ['unit'] },
  { table: 'area_day_rollups', key: ['day', 'township_code', 'channel'], dims: ['township', 'channel'] },
  { table: 'category_day_rollups', key: ['day', 'category_code', 'channel'], dims: ['category', 'channel'] },
];

@Injectable()
export class RollupsRepository extends KyselyRepository {
  async tallyOf(trx: Tx, caseId: string): Promise<CaseTally | null> {
    const { rows } = await trx.executeQuery<{ tally_json: string }>(
      CompiledQuery.raw(`select tally_json from case_tallies where case_id = ${this.placeholder(1)}`, [caseId]),
    );
    return rows[0] ? (JSON.parse(rows[0].tally_json) as CaseTally) : null;
  }

  /**
   * What one case event adds to the day's buckets and their sums, for the case transaction to
   * write as it commits (CasesRepository.addToCounters: merged with the rest of its group's, one
   * upsert per table, so concurrent cases never collide). Only the counters the event moves.
   */
  bucketAdditions(dims: CaseDimensions, deltas: readonly RollupDelta[]): CounterAddition[] {
    // Each delta's counts go straight to the row they land in, in the buckets and in every sum
    // table; a counter that nets to zero in a row is left out, and a row left with none too.
    // (Building whole bucket rows of every counter and summing them again was ~2 % of a filing.)
    const sums = new Map<string, { table: string; key: Record<string, string>; sum: Record<string, number> }>();
    const land = (table: string, columns: readonly string[], bucket: Record<string, string>, counts: RollupDelta['counts']) => {
      const id = `${table}\u0000${columns.map((c) => bucket[c]).join('\u0000')}`;
      let row = sums.get(id);
      if (!row) sums.set(id, (row = { table, key: Object.fromEntries(columns.map((c) => [c, bucket[c]!])), sum: {} }));
      for (const counter of Object.keys(counts) as Array<keyof RollupCounts>) {
        const column = rollupColumns[counter];
        row.sum[column] = (row.sum[column] ?? 0) + Number(counts[counter] ?? 0);
      }
    };
    for (const delta of deltas) {
      const bucket: Record<string, string> = {
        day: delta.day,
        unit_id: delta.unitId,
        category_code: dims.categoryCode ?? '',
        township_code: dims.townshipCode ?? '',
        channel: dims.channel,
      };
      land('case_rollups', BUCKET_KEY, bucket, delta.counts);
      for (const { table, key } of rollupSums) land(table, key, bucket, delta.counts);
    }
    const additions: CounterAddition[] = [];
    for (const { table, key, sum } of sums.values()) {
      const add: Record<string, number> = {};
      for (const column of COUNTER_COLUMNS) if (sum[column]) add[column] = sum[column];
      if (Object.keys(add).length > 0) additions.push({ table, key, add });
    }
    return additions;
  }

  /**
   * Writes a case's own rows of an event: its hot-spot cell on filing, its changed tally. Inside
   * every case action's transaction, so on PostgreSQL both travel as one statement.
   */
  async writeCaseRows(
    trx: Tx,
    write: { cell: CaseCellsTable | null; tally: { caseId: string; tally: CaseTally } | null },
  ): Promise<void> {
    const statements: RawStatement[] = [];
    const cell = write.cell;
    if (cell) {
      statements.push({
        text: 'insert into case_cells (case_id, cell, day, category_code, township_code) values (?, ?, ?, ?, ?) on conflict (case_id) do nothing',
        params: [cell.case_id, cell.cell, cell.day, cell.category_code, cell.township_code],
      });
    }
    if (write.tally) {
      statements.push({
        text: 'insert into case_tallies (case_id, tally_json) values (?, ?) on conflict (case_id) do update set tally_json = excluded.tally_json',
        params: [write.tally.caseId, JSON.stringify(write.tally.tally)],
      });
    }
    await executeTogether(trx, this.kind, statements);
  }

  private placeholder(n: number): string {
    return this.kind === 'postgres' ? `$${n}` : '?';
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
    if (f.categoryCodes) q = q.where('category_code', 'in', await this.withDescendants(f.categoryCodes));
    if (f.townshipCodes) q = q.where('township_code', 'in', f.townshipCodes.length ? f.townshipCodes : ['-']);
    const rows = await q.groupBy('cell').orderBy('cell').execute();
    return rows.map((r) => ({ cell: r.cell, cases: Number(r.cases) }));
  }

  /** The cases of one cell in a period, newest first. */
  async casesInCell(cell: string, f: Pick<RollupFilter, 'from' | 'to' | 'categoryCodes'>, limit: number) {
    let q = this.db
      .selectFrom('case_cells as cc')
      .innerJoin('cases as c', 'c.id', 'cc.case_id')
      .select(['c.id', 'c.tracking_number', 'c.status', 'c.category_code', 'c.created_at', 'c.description'])
      .where('cc.cell', '=', cell)
      .where('cc.day', '>=', f.from)
      .where('cc.day', '<=', f.to);
    if (f.categoryCodes) q = q.where('cc.category_code', 'in', await this.withDescendants(f.categoryCodes));
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
    for (const { table } of rollupSums) await trx.deleteFrom(table).execute();
    await trx.deleteFrom('case_tallies').execute();
    await trx.deleteFrom('case_cells').execute();
  }

  async insertBuckets(trx: Tx, rows: Insertable<CaseRollupsTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 400) await trx.insertInto('case_rollups').values(rows.slice(i, i + 400)).execute();
    for (const { table, key } of rollupSums) {
      const sums = sumBy(rows, key) as Array<Insertable<CaseRollupsTable>>;
      for (let i = 0; i < sums.length; i += 400) await trx.insertInto(table as 'case_rollups').values(sums.slice(i, i + 400)).execute();
    }
  }

  /** Every row of one sum table that counts anything, sorted (the property test checks them against the buckets). */
  async allSums({ table, key }: RollupSumTable): Promise<Array<Record<string, string | number>>> {
    const rows = await this.db.selectFrom(table).selectAll().execute();
    return sortRows(
      rows.map((r) => normaliseSum(r as Record<string, unknown>, key)).filter((row) => !isEmptyBucket(row as unknown as Insertable<CaseRollupsTable>)),
    );
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
  async sums(query: RollupFilter, group: RollupGroup): Promise<RollupSum[]> {
    const key = this.groupKey(group);
    const filter = query.categoryCodes ? { ...query, categoryCodes: await this.withDescendants(query.categoryCodes) } : query;
    const needs = new Set<Dimension>();
    if (filter.unitIds) needs.add('unit');
    if (filter.categoryCodes) needs.add('category');
    if (filter.townshipCodes) needs.add('township');
    if (filter.channels) needs.add('channel');
    if (group !== 'day' && group !== 'month') needs.add(group);
    const narrowest = rollupSums.find((sum) => [...needs].every((d) => sum.dims.includes(d)));
    const table = (narrowest?.table ?? 'case_rollups') as 'case_rollups';
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

  /**
   * The categories chosen and all below them (codes nest by prefix: 01 ⊃ 0101 ⊃ 010101), from the
   * catalogue. An empty choice stays empty (matches nothing).
   */
  private async withDescendants(codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.db
      .selectFrom('categories')
      .select('code')
      .where((eb) => eb.or(codes.map((code) => eb('code', 'like', `${code}%`))))
      .execute();
    return [...new Set([...codes, ...rows.map((r) => r.code)])];
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
    const oneOf = (column: 'unit_id' | 'category_code' | 'township_code' | 'channel', values: readonly string[]) =>
      values.length ? eb(column, 'in', values) : eb('day', '<', ''); // an empty list matches nothing
    if (f.unitIds) conditions.push(oneOf('unit_id', f.unitIds));
    // Already the chosen categories with all their descendants (withDescendants): a list, not a
    // LIKE prefix, so both databases walk the category index instead of every bucket.
    if (f.categoryCodes) conditions.push(oneOf('category_code', f.categoryCodes));
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

/** Sums of bucket rows by a narrower key (key columns, then the counters), rows that count nothing left out, sorted. */
export function sumBy(rows: readonly Insertable<CaseRollupsTable>[], key: readonly string[]): Array<Record<string, string | number>> {
  const byKey = new Map<string, Record<string, string | number>>();
  for (const row of rows) {
    const source = row as unknown as Record<string, string | number>;
    const k = key.map((column) => source[column]).join('|');
    let target = byKey.get(k);
    if (!target) {
      target = {};
      for (const column of key) target[column] = source[column]!;
      for (const column of Object.values(rollupColumns)) target[column] = 0;
      byKey.set(k, target);
    }
    for (const column of Object.values(rollupColumns)) (target[column] as number) += Number(source[column] ?? 0);
  }
  return sortRows([...byKey.values()].filter((row) => !isEmptyBucket(row as unknown as Insertable<CaseRollupsTable>)));
}

function sortRows<T>(rows: T[]): T[] {
  return rows.sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function normaliseSum(row: Record<string, unknown>, key: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const column of key) out[column] = String(row[column]);
  for (const column of Object.values(rollupColumns)) out[column] = Number(row[column]);
  return out;
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
