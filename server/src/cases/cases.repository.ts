// SQL for cases and their events. Every state change goes through saveTransition(), which bumps
// the version (stale writers lose with CONFLICT) and appends the event to the case's own keyed
// chain in the same transaction. Chains are per case, so writes to different cases never wait on
// each other.
import { Inject, Injectable } from '@nestjs/common';
import { type CaseState, DomainError, ErrorCode } from '@hotline/core';
import { type Insertable, type Kysely, type Selectable, type Transaction, type Updateable, sql } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import { type CounterAddition, CounterAdditions } from '../database/counter-additions';
import { GroupCommit } from '../database/group-commit';
import type { CaseEventsTable, CasesTable, DB } from '../database/schema';
import { QueryTemplate, definedColumns, insertTemplate } from '../database/query-template';
import { CaseChangeFeed } from './case-changes';
import { AuditChain, type StoredEvent } from './event-chain';
import { holdersOf, queueCountMoves, queueKeyOf } from './queue-counts';

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type Tx = Transaction<DB>;

export interface NewEvent {
  type: string;
  fromStatus: string | null;
  toStatus: string;
  actorKind: string;
  actorUserId: string | null;
  actorRole: string;
  actorUnitId: string | null;
  at: string;
  payload: Record<string, unknown>;
  visibility: 'public' | 'internal';
}

/** The columns that mirror the core CaseState, so queues can filter and sort on them. */
export function stateColumns(state: CaseState) {
  const clock = state.clock;
  const a = state.assignment;
  return {
    status: state.status,
    deadline_state: state.flags.deadlineState,
    supervised: state.flags.supervised ? 1 : 0,
    problem: state.flags.problem ? 1 : 0,
    extension_pending: state.flags.extensionPending ? 1 : 0,
    reopen_pending: state.flags.reopenPending ? 1 : 0,
    urgency: state.urgency,
    demand_type: state.demandType,
    lead_unit_id: a.leadUnitId,
    assignee_unit_id: a.assigneeUnitId,
    responsible_township_unit_id: a.responsibleTownshipUnitId,
    step: clock?.step ?? state.pausedClock?.step ?? null,
    step_started_at: clock?.startedAt ?? null,
    warn_at: clock?.warnAt ?? null,
    due_at: clock?.dueAt ?? null,
    parent_case_id: state.mergedIntoCaseId,
    closed_at: state.closedAt,
    state_json: JSON.stringify(state),
  } satisfies Partial<CasesTable>;
}

// The statements every filing and every case event runs, compiled once (see query-template.ts).
const insertCaseRow = insertTemplate((db, values) => db.insertInto('cases').values(values as never).returningAll());
const insertEventRow = insertTemplate((db, values) => db.insertInto('case_events').values(values as never).returning('id'));
const nextSequenceOf = new QueryTemplate<{ value: number }>((db, slot) =>
  db
    .insertInto('sequences')
    .values({ name: slot('name'), value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` }))
    .returning('value'),
);
// On PostgreSQL the case row's lock (writers of one case queue on it) and its chain head in one round trip.
const lockedChainHeadOf = new QueryTemplate<{ seq: number | null; hash: string | null }>((db, slot) =>
  db
    .selectFrom('cases as c')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('case_events')
          .select(['seq', 'hash'])
          .whereRef('case_events.case_id', '=', 'c.id')
          .orderBy('seq', 'desc')
          .limit(1)
          .as('head'),
      (join) => join.onTrue(),
    )
    .select(['head.seq', 'head.hash'])
    .where('c.id', '=', slot('caseId'))
    .forUpdate('c'),
);
const chainHeadOf = new QueryTemplate<{ seq: number; hash: string }>((db, slot) =>
  db.selectFrom('case_events').select(['seq', 'hash']).where('case_id', '=', slot('caseId')).orderBy('seq', 'desc').limit(1),
);

/** A case transaction's value, with what it adds to the shared counters. */
interface Member<T> {
  value: T;
  additions: CounterAdditions;
}

export const caseState = (row: Pick<CaseRow, 'state_json'>): CaseState => JSON.parse(row.state_json) as CaseState;

@Injectable()
export class CasesRepository {
  private readonly db: Kysely<DB>;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly chain: AuditChain,
    private readonly changes: CaseChangeFeed = new CaseChangeFeed(),
  ) {
    this.db = database.db;
    this.groupCommit =
      database.kind === 'sqlite'
        ? new GroupCommit(database.db, {
            // The members that succeeded add to the shared counters in one write for the group.
            beforeCommit: (trx, members) => this.writeAdditions(trx, (members as Member<unknown>[]).map((m) => m.additions)),
          })
        : null;
  }

  /** On SQLite, case transactions of the same turn of the event loop commit together. */
  readonly groupCommit: GroupCommit<DB> | null;

  /** What each open transaction changed, announced once it commits. */
  private readonly touched = new WeakMap<Tx, { caseIds: Set<string>; unitIds: Set<string> }>();
  /** Writes each open transaction runs last (see `lastInTransaction`). */
  private readonly lastWrites = new WeakMap<Tx, Array<() => Promise<void>>>();
  /** What each open transaction adds to the shared counters (see `addToCounters`). */
  private readonly additions = new WeakMap<Tx, CounterAdditions>();

  async transaction<T>(work: (trx: Tx) => Promise<T>): Promise<T> {
    let touched: { caseIds: Set<string>; unitIds: Set<string> } | undefined;
    // In a group the transaction object is shared, but its members run one after another, so
    // each sets its own bookkeeping when it starts.
    const run = async (trx: Tx): Promise<Member<T>> => {
      touched = { caseIds: new Set(), unitIds: new Set() };
      this.touched.set(trx, touched);
      const last: Array<() => Promise<void>> = [];
      this.lastWrites.set(trx, last);
      const additions = new CounterAdditions();
      this.additions.set(trx, additions);
      const value = await work(trx);
      for (const write of last) await write();
      return { value, additions };
    };
    const { value } = await (this.groupCommit
      ? this.groupCommit.run(run)
      : this.db.transaction().execute(async (trx) => {
          const member = await run(trx);
          await member.additions.write(trx, this.database.kind);
          return member;
        }));
    if (touched?.caseIds.size) this.changes.committed({ caseIds: [...touched.caseIds], unitIds: [...touched.unitIds] });
    return value;
  }

  /**
   * Adds to shared counter rows (queue counts, roll-ups) when the transaction is about to commit,
   * merged with the rest of its group's (at once outside a transaction of this repository).
   */
  async addToCounters(trx: Tx, additions: Iterable<CounterAddition>): Promise<void> {
    const gathered = this.additions.get(trx);
    const target = gathered ?? new CounterAdditions();
    for (const addition of additions) target.add(addition);
    if (!gathered) await target.write(trx, this.database.kind);
  }

  private async writeAdditions(trx: Tx, each: CounterAdditions[]): Promise<void> {
    const all = new CounterAdditions();
    for (const additions of each) all.merge(additions);
    await all.write(trx, this.database.kind);
  }

  /**
   * Runs `write` as the transaction's last statement (at once outside a transaction of this
   * repository). For rows every case action shares, like the roll-ups' buckets of a day: their
   * row locks then hold other actions, on every instance, only through the commit.
   */
  async lastInTransaction(trx: Tx, write: () => Promise<void>): Promise<void> {
    const queue = this.lastWrites.get(trx);
    if (queue) queue.push(write);
    else await write();
  }

  /**
   * For the rare job that must see the event log standing still (the analytics rebuild): case
   * writes wait until this transaction ends. Everyday writes take no such lock.
   */
  async holdOffCaseWrites(trx: Tx): Promise<void> {
    if (this.database.kind === 'postgres') await sql`lock table case_events in share mode`.execute(trx);
  }

  findById(id: string, db: Kysely<DB> = this.db): Promise<CaseRow | undefined> {
    return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByTrackingNumber(trackingNumber: string): Promise<CaseRow | undefined> {
    return this.db.selectFrom('cases').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirst();
  }

  /** Whether a unit is linked to the case now (lead, assisting, holding it, or responsible for it). */
  async isLinkedToUnit(caseId: string, unitId: string): Promise<boolean> {
    const link = await this.db
      .selectFrom('case_unit_links')
      .select('unit_id')
      .where('case_id', '=', caseId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    return link !== undefined;
  }

  async isFollower(caseId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('case_followers')
      .select('user_id')
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** True when the user was not following yet. */
  async addFollower(trx: Tx, caseId: string, userId: string, at: string): Promise<boolean> {
    const inserted = await trx
      .insertInto('case_followers')
      .values({ case_id: caseId, user_id: userId, created_at: at })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async countFollowers(trx: Tx, caseId: string): Promise<number> {
    const row = await trx
      .selectFrom('case_followers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The next tracking-number sequence of a day (prefix HLyyyymmdd), atomically. */
  async nextSequence(db: Kysely<DB>, name: string): Promise<number> {
    const row = await nextSequenceOf.first(db, { name });
    return Number(row!.value);
  }

  /**
   * On PostgreSQL, takes the counter's next value in its own statement, before the caller's
   * transaction: taken inside it, the counter row's lock would hold every other filing of the day,
   * on every instance, until that transaction commits. A filing that then fails leaves a gap in
   * the day's numbers. On SQLite (one writer anyway) answers null: take it inside the transaction.
   */
  async reserveSequence(name: string): Promise<number | null> {
    return this.numbersBeforeTransaction ? this.nextSequence(this.db, name) : null;
  }

  /** Whether a filing takes its tracking number before its transaction (`reserveSequence`), where a failure leaves a gap. */
  get numbersBeforeTransaction(): boolean {
    return this.database.kind === 'postgres';
  }

  /**
   * Writes a new case (its first event follows through `appendEvent` with `isNew`); answers the
   * stored row. `state` is the state the row's `state_json` holds, when the caller has it at hand.
   */
  async insertCase(trx: Tx, row: Insertable<CasesTable>, state: CaseState = caseState(row)): Promise<CaseRow> {
    const stored = (await insertCaseRow(definedColumns(row)).first(trx, row)) as CaseRow;
    await this.syncUnitLinks(trx, row.id, state, { isNew: true });
    // The county's counter rows are every filing's: added to as the transaction commits.
    await this.addToCounters(
      trx,
      queueCountMoves(null, {
        key: queueKeyOf(stored),
        units: holdersOf({
          assignee: stored.assignee_unit_id,
          responsible: stored.responsible_township_unit_id,
          assisting: state.assignment.assistingUnitIds,
        }),
      }),
    );
    return stored;
  }

  /** Writes the new state if nobody changed the case since `expectedVersion`; else CONFLICT. */
  async saveTransition(
    trx: Tx,
    caseId: string,
    expectedVersion: number,
    state: CaseState,
    event: NewEvent,
    extra: Updateable<CasesTable> = {},
  ): Promise<number> {
    // Where the case counted in the queues before this change.
    const before = await trx
      .selectFrom('cases')
      .select([
        'version',
        'status',
        'deadline_state',
        'extension_pending',
        'problem',
        'supervised',
        'reopen_pending',
        'assignee_unit_id',
        'responsible_township_unit_id',
      ])
      .where('id', '=', caseId)
      .executeTakeFirst();
    const columns = stateColumns(state);
    const result =
      before && Number(before.version) === expectedVersion
        ? await trx
            .updateTable('cases')
            .set({ ...columns, ...extra, version: expectedVersion + 1, updated_at: event.at })
            .where('id', '=', caseId)
            .where('version', '=', expectedVersion)
            .executeTakeFirst()
        : { numUpdatedRows: 0 };
    if (!before || Number(result.numUpdatedRows) !== 1) {
      throw new DomainError(ErrorCode.CONFLICT, '工单已被他人处理，请刷新后重试');
    }
    const linksBefore = await this.syncUnitLinks(trx, caseId, state);
    const a = state.assignment;
    await this.addToCounters(
      trx,
      queueCountMoves(
        {
          key: queueKeyOf(before),
          units: holdersOf({
            assignee: before.assignee_unit_id,
            responsible: before.responsible_township_unit_id,
            assisting: linksBefore.filter((l) => l.role === 'assist').map((l) => l.unit_id),
          }),
        },
        {
          key: queueKeyOf(columns),
          units: holdersOf({
            assignee: a.assigneeUnitId,
            responsible: a.responsibleTownshipUnitId,
            assisting: a.assistingUnitIds,
          }),
        },
      ),
    );
    return this.appendEvent(trx, caseId, event);
  }

  /**
   * The one place an event joins its case's chain; returns its id. Writers of the same case queue
   * on the case row (PostgreSQL; SQLite has one writer), writers of other cases do not wait.
   */
  async appendEvent(trx: Tx, caseId: string, event: NewEvent, { isNew = false } = {}): Promise<number> {
    this.touched.get(trx)?.caseIds.add(caseId);
    // A case being created has no chain yet, and its row is this transaction's alone.
    const head = isNew
      ? undefined
      : this.database.kind === 'postgres'
        ? await lockedChainHeadOf.first(trx, { caseId })
        : await chainHeadOf.first(trx, { caseId });
    const lastOfCase = head?.seq != null && head.hash != null ? { seq: Number(head.seq), hash: head.hash } : undefined;
    const content = {
      case_id: caseId,
      seq: (lastOfCase?.seq ?? 0) + 1,
      type: event.type,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      actor_kind: event.actorKind,
      actor_user_id: event.actorUserId,
      actor_role: event.actorRole,
      actor_unit_id: event.actorUnitId,
      at: event.at,
      payload_json: JSON.stringify(event.payload),
      payload_digest: null as string | null,
      visibility: event.visibility,
    };
    content.payload_digest = this.chain.payloadDigest(content.payload_json);
    const prevHash = lastOfCase?.hash ?? null;
    const values = { ...content, prev_hash: prevHash, hash: this.chain.eventHash(content, prevHash) };
    const row = await insertEventRow(definedColumns(values)).first(trx, values);
    return Number(row!.id);
  }

  listEvents(caseId: string): Promise<CaseEventRow[]> {
    return this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  }

  /** All events in insertion order, in pages, for the audit verification. */
  async *allEvents(pageSize = 5000): AsyncGenerator<StoredEvent> {
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('case_events')
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute();
      for (const row of page) yield { ...row, id: Number(row.id) };
      if (page.length < pageSize) return;
      after = Number(page[page.length - 1]?.id ?? after);
    }
  }

  /** The last event hashed by the unkeyed rule of the releases before 0011 (0: none). */
  async legacyBoundary(): Promise<number> {
    const row = await this.db.selectFrom('audit_legacy_boundary').select('through_event_id').executeTakeFirst();
    return Number(row?.through_event_id ?? 0);
  }

  async lastEventId(): Promise<number> {
    const row = await this.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** For a checkpoint: how many events have ids in (afterId, throughId], and the last of each case among them. */
  async chainHeadsBetween(
    afterId: number,
    throughId: number,
  ): Promise<{ count: number; heads: Map<string, [number, string]> }> {
    const rows = await this.db
      .selectFrom('case_events')
      .select(['case_id', 'seq', 'hash'])
      .where('id', '>', afterId)
      .where('id', '<=', throughId)
      .execute();
    const heads = new Map<string, [number, string]>();
    for (const r of rows) {
      const known = heads.get(r.case_id);
      if (!known || known[0] < r.seq) heads.set(r.case_id, [r.seq, r.hash]);
    }
    return { count: rows.length, heads };
  }

  /** Units a case is linked to, for visibility: lead, assisting, current assignee, responsible township. */
  /** Answers the links the case had before. */
  private async syncUnitLinks(
    trx: Tx,
    caseId: string,
    state: CaseState,
    { isNew = false } = {},
  ): Promise<{ unit_id: string; role: string }[]> {
    const a = state.assignment;
    const links = new Map<string, { unit_id: string; role: string }>();
    const add = (unitId: string | null, role: string) => {
      if (unitId) links.set(`${unitId}:${role}`, { unit_id: unitId, role });
    };
    add(a.leadUnitId, 'lead');
    a.assistingUnitIds.forEach((id) => add(id, 'assist'));
    add(a.assigneeUnitId, 'assignee');
    add(a.responsibleTownshipUnitId, 'responsible');
    const before = isNew
      ? []
      : await trx.selectFrom('case_unit_links').select(['unit_id', 'role']).where('case_id', '=', caseId).execute();
    // Units losing the case see their queue counts change as much as those gaining it.
    const touched = this.touched.get(trx);
    if (touched) for (const l of [...before, ...links.values()]) touched.unitIds.add(l.unit_id);
    if (!isNew) await trx.deleteFrom('case_unit_links').where('case_id', '=', caseId).execute();
    if (links.size) {
      await trx
        .insertInto('case_unit_links')
        .values([...links.values()].map((l) => ({ case_id: caseId, ...l })))
        .execute();
    }
    return before;
  }
}
