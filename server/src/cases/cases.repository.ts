// SQL for cases and their events. Every state change goes through saveTransition(), which bumps
// the version (stale writers lose with CONFLICT) and appends the hash-chained event in the same
// transaction.
import { Inject, Injectable } from '@nestjs/common';
import { type CaseState, DomainError, ErrorCode } from '@hotline/core';
import { type Insertable, type Kysely, type Selectable, type Transaction, type Updateable, sql } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { CaseEventsTable, CasesTable, DB } from '../database/schema';
import { chainHash, eventHash, type StoredEvent } from './event-chain';

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

export const caseState = (row: Pick<CaseRow, 'state_json'>): CaseState => JSON.parse(row.state_json) as CaseState;

@Injectable()
export class CasesRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) private readonly database: Database) {
    this.db = database.db;
  }

  transaction<T>(work: (trx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      // One running hash over all events needs one writer at a time; SQLite already has that.
      if (this.database.kind === 'postgres') await sql`select pg_advisory_xact_lock(12345)`.execute(trx);
      return work(trx);
    });
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
  async nextSequence(trx: Tx, name: string): Promise<number> {
    const row = await trx
      .insertInto('sequences')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  /** Writes a new case with its first event; answers the stored row and the event's id. */
  async insertCase(
    trx: Tx,
    row: Insertable<CasesTable>,
    event: NewEvent,
  ): Promise<{ row: CaseRow; eventId: number }> {
    const stored = await trx.insertInto('cases').values(row).returningAll().executeTakeFirstOrThrow();
    await this.syncUnitLinks(trx, row.id, caseState(row), { isNew: true });
    const eventId = await this.appendEvent(trx, row.id, event, { isNew: true });
    return { row: stored, eventId };
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
    const result = await trx
      .updateTable('cases')
      .set({ ...stateColumns(state), ...extra, version: expectedVersion + 1, updated_at: event.at })
      .where('id', '=', caseId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new DomainError(ErrorCode.CONFLICT, '工单已被他人处理，请刷新后重试');
    }
    await this.syncUnitLinks(trx, caseId, state);
    return this.appendEvent(trx, caseId, event);
  }

  /** Appends an event to the case's chain and the global chain; returns its id. */
  async appendEvent(trx: Tx, caseId: string, event: NewEvent, { isNew = false } = {}): Promise<number> {
    // A case being created has no chain yet.
    const lastOfCase = isNew
      ? undefined
      : await trx
          .selectFrom('case_events')
          .select(['seq', 'hash'])
          .where('case_id', '=', caseId)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
    const lastOverall = await trx
      .selectFrom('case_events')
      .select('chain_hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
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
      visibility: event.visibility,
    };
    const prevHash = lastOfCase?.hash ?? null;
    const hash = eventHash(content, prevHash);
    const row = await trx
      .insertInto('case_events')
      .values({ ...content, prev_hash: prevHash, hash, chain_hash: chainHash(lastOverall?.chain_hash ?? null, hash) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
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

  /** Units a case is linked to, for visibility: lead, assisting, current assignee, responsible township. */
  private async syncUnitLinks(trx: Tx, caseId: string, state: CaseState, { isNew = false } = {}): Promise<void> {
    const a = state.assignment;
    const links = new Map<string, { unit_id: string; role: string }>();
    const add = (unitId: string | null, role: string) => {
      if (unitId) links.set(`${unitId}:${role}`, { unit_id: unitId, role });
    };
    add(a.leadUnitId, 'lead');
    a.assistingUnitIds.forEach((id) => add(id, 'assist'));
    add(a.assigneeUnitId, 'assignee');
    add(a.responsibleTownshipUnitId, 'responsible');
    if (!isNew) await trx.deleteFrom('case_unit_links').where('case_id', '=', caseId).execute();
    if (links.size) {
      await trx
        .insertInto('case_unit_links')
        .values([...links.values()].map((l) => ({ case_id: caseId, ...l })))
        .execute();
    }
  }
}
