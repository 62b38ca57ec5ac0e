// SQL for the case queues: one tab = one WHERE, always sorted by deadline with keyset paging
// (due_at, id); cases without a running clock come after all others, by id. The benchmark
// (bench/queues.bench.mjs) runs this very class from the compiled server.
import { Injectable } from '@nestjs/common';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import { isTrackingNumber, openStatuses, type QueueTab } from '@hotline/core';
import { KyselyRepository } from '../database/repository';
import type { DB } from '../database/schema';
import { fillQueueCounts } from '../database/migrations/0019_queue_counts';
import { COUNTY } from '../cases/queue-counts';

/** Open statuses, from the domain core: the one definition of what is still being handled. */
const OPEN_STATUSES: string[] = [...openStatuses];

export const QUEUE_COLUMNS = [
  'id',
  'tracking_number',
  'status',
  'deadline_state',
  'supervised',
  'problem',
  'extension_pending',
  'demand_type',
  'urgency',
  'channel',
  'category_code',
  'description',
  'address',
  'township_code',
  'village_code',
  'lead_unit_id',
  'assignee_unit_id',
  'step',
  'warn_at',
  'due_at',
  'created_at',
  'anonymous',
  'contact_name',
  'contact_phone_enc',
] as const;

export type QueueRow = Pick<DB['cases'], (typeof QUEUE_COLUMNS)[number]>;

/**
 * Which cases a caller may see: everything, or those a unit may open (CaseWorkflowService.canSee):
 * held by it, forwarded on by it as the responsible township, or assisted by it. A case dispatched
 * straight to one of a township's villages is the village's alone.
 */
export type QueueScope = { kind: 'all' } | { kind: 'unit'; unitId: string };

export interface QueueCriteria {
  status?: string;
  deadlineState?: string;
  unitId?: string;
  categoryCode?: string;
  townshipCode?: string;
  channel?: string;
  /** ISO instants, created_at in [from, to). */
  from?: string;
  to?: string;
  q?: string;
}

export interface Keyset {
  dueAt: string | null;
  id: string;
}

type Eb = ExpressionBuilder<DB, 'cases'>;
type CaseQuery = SelectQueryBuilder<DB, 'cases', object>;

export function tabCondition(eb: Eb, tab: QueueTab): Expression<SqlBool> {
  switch (tab) {
    case 'to_accept':
      return eb('status', '=', 'submitted');
    case 'to_dispatch':
      return eb('status', '=', 'accepted');
    case 'to_sign':
      return eb('status', '=', 'dispatched');
    case 'in_progress':
      return eb('status', '=', 'signed');
    case 'returned':
      return eb('status', '=', 'returned');
    case 'replies_to_review':
      return eb('status', '=', 'replied');
    case 'callbacks_due':
      return eb('status', '=', 'callback');
    // The deadline flags are reset when a step's clock stops, so only open cases carry them.
    case 'warning':
      return eb('deadline_state', '=', 'warning');
    case 'overdue':
      return eb('deadline_state', '=', 'overdue');
    case 'extension_requests':
      return eb('extension_pending', '=', 1);
    case 'reopen_requests':
      return eb('reopen_pending', '=', 1);
    case 'problem':
      return eb.and([eb('problem', '=', 1), eb('status', 'in', OPEN_STATUSES)]);
    case 'supervised':
      return eb.and([eb('supervised', '=', 1), eb('status', 'in', OPEN_STATUSES)]);
  }
}

/** tabCondition() in JavaScript, for grouped rows and counters; keep the two in step. */
function inTab(
  tab: QueueTab,
  c: {
    status: string;
    deadline_state: string;
    extension_pending: number;
    problem: number;
    supervised: number;
    reopen_pending?: number;
  },
): boolean {
  switch (tab) {
    case 'to_accept':
      return c.status === 'submitted';
    case 'to_dispatch':
      return c.status === 'accepted';
    case 'to_sign':
      return c.status === 'dispatched';
    case 'in_progress':
      return c.status === 'signed';
    case 'returned':
      return c.status === 'returned';
    case 'replies_to_review':
      return c.status === 'replied';
    case 'callbacks_due':
      return c.status === 'callback';
    case 'warning':
      return c.deadline_state === 'warning';
    case 'overdue':
      return c.deadline_state === 'overdue';
    case 'extension_requests':
      return Number(c.extension_pending) === 1;
    case 'reopen_requests':
      return Number(c.reopen_pending) === 1;
    case 'problem':
      return Number(c.problem) === 1 && OPEN_STATUSES.includes(c.status);
    case 'supervised':
      return Number(c.supervised) === 1 && OPEN_STATUSES.includes(c.status);
  }
}

function scopeCondition(eb: Eb, scope: QueueScope): Expression<SqlBool> | null {
  if (scope.kind === 'all') return null;
  return eb.or([
    eb('assignee_unit_id', '=', scope.unitId),
    eb('responsible_township_unit_id', '=', scope.unitId),
    eb(
      'id',
      'in',
      eb
        .selectFrom('case_unit_links')
        .select('case_unit_links.case_id')
        .where('case_unit_links.unit_id', '=', scope.unitId)
        .where('case_unit_links.role', '=', 'assist'),
    ),
  ]);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function like(eb: Eb, column: 'category_code' | 'description', pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${eb.ref(column)} like ${pattern} escape '\\'`;
}

function criteriaConditions(eb: Eb, c: QueueCriteria): Expression<SqlBool>[] {
  const all: Expression<SqlBool>[] = [];
  if (c.status) all.push(eb('status', '=', c.status));
  if (c.deadlineState) all.push(eb('deadline_state', '=', c.deadlineState));
  if (c.unitId) all.push(eb('assignee_unit_id', '=', c.unitId));
  if (c.categoryCode) all.push(like(eb, 'category_code', `${escapeLike(c.categoryCode)}%`));
  if (c.townshipCode) all.push(eb('township_code', '=', c.townshipCode));
  if (c.channel) all.push(eb('channel', '=', c.channel));
  if (c.from) all.push(eb('created_at', '>=', c.from));
  if (c.to) all.push(eb('created_at', '<', c.to));
  if (c.q) {
    // A whole tracking number is looked up by its unique index; anything else searches descriptions.
    const upper = c.q.toUpperCase();
    all.push(
      isTrackingNumber(upper) ? eb('tracking_number', '=', upper) : like(eb, 'description', `%${escapeLike(c.q)}%`),
    );
  }
  return all;
}

@Injectable()
export class QueuesRepository extends KyselyRepository {
  private base(tab: QueueTab, scope: QueueScope, criteria: QueueCriteria): CaseQuery {
    return this.db.selectFrom('cases').where((eb) => {
      // Rulings on reopen requests are the centre's; a unit's closed cases wait there for nobody in the unit.
      if (tab === 'reopen_requests' && scope.kind !== 'all') return sql<SqlBool>`1 = 0`;
      const scoped = scopeCondition(eb, scope);
      return eb.and([tabCondition(eb, tab), ...(scoped ? [scoped] : []), ...criteriaConditions(eb, criteria)]);
    });
  }

  /**
   * One page of a tab, `limit + 1` rows at most (the extra row tells there is a next page).
   * Cases with a deadline come first by (due_at, id); then those without one, by id.
   */
  async page(
    tab: QueueTab,
    scope: QueueScope,
    criteria: QueueCriteria,
    after: Keyset | null,
    limit: number,
  ): Promise<QueueRow[]> {
    const want = limit + 1;
    let rows: QueueRow[] = [];
    if (!after || after.dueAt !== null) {
      let q = this.base(tab, scope, criteria).select(QUEUE_COLUMNS).where('due_at', 'is not', null);
      if (after?.dueAt) {
        const { dueAt, id } = after;
        // A row-value comparison is one index range on both dialects (an OR made PostgreSQL sort).
        q = q.where((eb) => eb(eb.refTuple('due_at', 'id'), '>', eb.tuple(dueAt, id)));
      }
      rows = await q.orderBy('due_at').orderBy('id').limit(want).execute();
      if (rows.length === want) return rows;
    }
    let q = this.base(tab, scope, criteria).select(QUEUE_COLUMNS).where('due_at', 'is', null);
    if (after && after.dueAt === null) q = q.where('id', '>', after.id);
    const tail = await q
      .orderBy('id')
      .limit(want - rows.length)
      .execute();
    return rows.concat(tail);
  }

  /**
   * Counts of every tab. Unfiltered, from the counters (countsKept). Filtered: the whole county
   * counts each tab on its own index; a unit's cases are fetched once, grouped by the flags the
   * tabs are defined on.
   */
  async counts(
    tabs: readonly QueueTab[],
    scope: QueueScope,
    criteria: QueueCriteria,
  ): Promise<Record<QueueTab, number>> {
    if (!Object.values(criteria).some((v) => v !== undefined && v !== '')) return this.countsKept(tabs, scope);
    return this.countsQueried(tabs, scope, criteria);
  }

  /** Counts from the cases themselves: for filtered counts (and to check the counters against). */
  async countsQueried(
    tabs: readonly QueueTab[],
    scope: QueueScope,
    criteria: QueueCriteria,
  ): Promise<Record<QueueTab, number>> {
    if (scope.kind === 'all') {
      const counts = await Promise.all(tabs.map((tab) => this.count(tab, scope, criteria)));
      return Object.fromEntries(tabs.map((tab, i) => [tab, counts[i] ?? 0])) as Record<QueueTab, number>;
    }
    // The unit's open cases, one index per way a unit holds a case; UNION drops the doubles.
    // (An OR made SQLite scan every open case, an IN (ids) made PostgreSQL scan the table.)
    const groups = await this.db
      .selectFrom(this.openCasesOf(scope, criteria).as('c'))
      .select([
        'c.status',
        'c.deadline_state',
        'c.extension_pending',
        'c.problem',
        'c.supervised',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .groupBy(['c.status', 'c.deadline_state', 'c.extension_pending', 'c.problem', 'c.supervised'])
      .execute();
    const result = Object.fromEntries(tabs.map((tab) => [tab, 0])) as Record<QueueTab, number>;
    for (const g of groups) {
      // Closed cases a unit assisted come through the links; no tab shows them.
      if (!OPEN_STATUSES.includes(g.status)) continue;
      for (const tab of tabs) if (inTab(tab, g)) result[tab] += Number(g.n);
    }
    return result;
  }

  /**
   * Unfiltered counts from the counters every case write keeps (queue_counts): a few dozen rows
   * per unit whatever the number of cases. The same tabs and scopes as the queries above.
   */
  private async countsKept(tabs: readonly QueueTab[], scope: QueueScope): Promise<Record<QueueTab, number>> {
    const rows = await this.db
      .selectFrom('queue_counts')
      .select(['status', 'deadline_state', 'extension_pending', 'problem', 'supervised', 'reopen_pending', 'n'])
      .where('unit_id', '=', scope.kind === 'all' ? COUNTY : scope.unitId)
      .where('n', '>', 0)
      .execute();
    const result = Object.fromEntries(tabs.map((tab) => [tab, 0])) as Record<QueueTab, number>;
    for (const row of rows) {
      // A unit's tabs show open cases only, and no reopen requests (the centre rules on those).
      if (scope.kind === 'unit' && !OPEN_STATUSES.includes(row.status)) continue;
      for (const tab of tabs) {
        if (scope.kind === 'unit' && tab === 'reopen_requests') continue;
        if (inTab(tab, row)) result[tab] += Number(row.n);
      }
    }
    return result;
  }

  /** Recounts the counters from the cases (after a bulk load that bypassed the case writes). */
  async recount(): Promise<void> {
    await fillQueueCounts(this.db as unknown as Kysely<unknown>);
  }

  private openCasesOf(scope: Extract<QueueScope, { kind: 'unit' }>, criteria: QueueCriteria) {
    const held = this.db
      .selectFrom('cases')
      .select(['id', 'status', 'deadline_state', 'extension_pending', 'problem', 'supervised'])
      .where('status', 'in', OPEN_STATUSES)
      .where((eb) => eb.and(criteriaConditions(eb, criteria)));
    const assisted = this.db
      .selectFrom('case_unit_links')
      .innerJoin('cases', 'cases.id', 'case_unit_links.case_id')
      .select([
        'cases.id',
        'cases.status',
        'cases.deadline_state',
        'cases.extension_pending',
        'cases.problem',
        'cases.supervised',
      ])
      .where('case_unit_links.unit_id', '=', scope.unitId)
      .where('case_unit_links.role', '=', 'assist')
      .where('cases.status', 'in', OPEN_STATUSES)
      // The criteria name only columns of cases, which the join does not make ambiguous.
      .where((eb) => eb.and(criteriaConditions(eb as unknown as Eb, criteria)));
    return held
      .where('assignee_unit_id', '=', scope.unitId)
      .union(held.where('responsible_township_unit_id', '=', scope.unitId))
      .union(assisted);
  }

  async count(tab: QueueTab, scope: QueueScope, criteria: QueueCriteria): Promise<number> {
    const row = await this.base(tab, scope, criteria)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
