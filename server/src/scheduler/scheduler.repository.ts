// SQL for the deadline scheduler: the lease that lets one API instance run a tick at a time, and
// the scans for cases whose deadline flags are due to change. Flag changes themselves are written
// through the case core (CasesRepository.saveTransition), so each lands in the event chain.
import { Injectable } from '@nestjs/common';
import type { CaseRow } from '../cases/cases.repository';
import { openStatuses } from '@hotline/core';
import { KyselyRepository } from '../database/repository';

/** Open statuses, from the domain core: the one definition of what is still being handled. */
const OPEN_STATUSES: string[] = [...openStatuses];

export interface CaseKey {
  dueAt: string;
  id: string;
}

@Injectable()
export class SchedulerRepository extends KyselyRepository {
  /**
   * Takes or renews the named lease until `expiresAt` if it is free, expired or already ours.
   * One statement on both dialects (upsert with a condition), so two instances cannot both win.
   */
  async acquireLease(name: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    await this.db
      .insertInto('scheduler_leases')
      .values({ name, holder, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: expiresAt })
          .where((eb) =>
            eb.or([eb('scheduler_leases.expires_at', '<=', now), eb('scheduler_leases.holder', '=', holder)]),
          ),
      )
      .execute();
    const row = await this.db
      .selectFrom('scheduler_leases')
      .select('holder')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.holder === holder;
  }

  /** Keeps the last run of a scheduled job (one settings row per job) for the admin's health page. */
  async recordRun(name: string, run: object, at: string): Promise<void> {
    const key = `scheduler.last_run.${name}`;
    const value = JSON.stringify(run);
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: at, updated_by: null })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }

  async lastRuns(): Promise<{ key: string; value: string }[]> {
    return this.db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'like', 'scheduler.last_run.%')
      .execute();
  }

  lease(name: string) {
    return this.db.selectFrom('scheduler_leases').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('scheduler_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }

  /** Open cases past their deadline that are not flagged overdue yet. */
  overdueCandidates(now: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('deadline_state', 'in', ['normal', 'warning'])
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Cases past their warning point, still flagged normal and not yet due. */
  warningCandidates(now: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('deadline_state', '=', 'normal')
      .where('warn_at', '<=', now)
      .where('due_at', '>', now)
      .orderBy('warn_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Overdue, unsupervised cases due at or before `dueBefore`, after the keyset `after`. */
  superviseCandidates(dueBefore: string, after: CaseKey | null, limit: number): Promise<CaseRow[]> {
    let q = this.db
      .selectFrom('cases')
      .selectAll()
      .where('deadline_state', '=', 'overdue')
      .where('supervised', '=', 0)
      .where('due_at', '<=', dueBefore);
    if (after)
      q = q.where((eb) =>
        eb.or([eb('due_at', '>', after.dueAt), eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)])]),
      );
    return q.orderBy('due_at').orderBy('id').limit(limit).execute();
  }

  /** Open problem cases that have not been escalated yet. */
  unescalatedProblemCases(limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('cases')
      .selectAll()
      .where('problem', '=', 1)
      .where('status', 'in', OPEN_STATUSES)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('case_events')
              .select('case_events.id')
              .whereRef('case_events.case_id', '=', 'cases.id')
              .where('case_events.type', '=', 'escalated'),
          ),
        ),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Deletes what has expired: idempotency keys (24 h), SMS codes, rate-limit windows, refresh tokens. */
  async purgeExpired(now: string): Promise<number> {
    let purged = 0;
    for (const [table, column] of [
      ['idempotency_keys', 'expires_at'],
      ['sms_codes', 'expires_at'],
      ['rate_counters', 'reset_at'],
      ['refresh_tokens', 'expires_at'],
    ] as const) {
      const result = await this.db.deleteFrom(table).where(column, '<', now).executeTakeFirst();
      purged += Number(result.numDeletedRows);
    }
    return purged;
  }
}
