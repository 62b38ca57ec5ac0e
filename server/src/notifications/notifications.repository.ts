// SQL of notifications: who is in an audience, the inbox, the outbox and its claims, attempts,
// and the users' WeChat and browser subscriptions.
import { Injectable } from '@nestjs/common';
import { type Role, unitRoles } from '@hotline/core';
import { type Compilable, type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { KyselyRepository } from '../database/repository';
import type { DB, NotificationInboxTable, NotificationOutboxTable } from '../database/schema';
import { QueryTemplate, insertRowsTemplate, rowValues } from '../database/query-template';

export type OutboxRow = Selectable<NotificationOutboxTable>;
export type InboxRow = Selectable<NotificationInboxTable>;
export type NewOutbox = Insertable<NotificationOutboxTable>;

// The planner's reads in every case transaction, compiled once (per number of users for the lists).
const RECIPIENT_COLUMNS = ['id', 'role', 'wechat_openid', 'phone_enc'] as const;
const usersOfRole = new QueryTemplate<Recipient>((db, slot) =>
  db.selectFrom('users').select(RECIPIENT_COLUMNS).where('role', '=', slot('role')).where('disabled', '=', 0),
);
const perUserCount = <R>(build: (db: Kysely<DB>, ids: string[]) => Compilable<R>) => {
  const byCount = new Map<number, QueryTemplate<R>>();
  return (count: number) => {
    let template = byCount.get(count);
    if (!template) {
      template = new QueryTemplate<R>((db, slot) => build(db, Array.from({ length: count }, (_, i) => slot<string>(`u${i}`))));
      byCount.set(count, template);
    }
    return template;
  };
};
const userSlots = (ids: readonly string[]) => Object.fromEntries(ids.map((id, i) => [`u${i}`, id]));
// Where each recipient can be reached besides the inbox, in one statement: the WeChat templates
// they accepted (and may still be sent), and whether they subscribed to Web Push.
const reachOfUsers = perUserCount((db, ids) =>
  db
    .selectFrom('push_subscriptions')
    .select(['user_id', sql<string | null>`null`.as('template_id')])
    .where('user_id', 'in', ids)
    .groupBy('user_id')
    .unionAll(
      db
        .selectFrom('wechat_subscriptions')
        .select(['user_id', 'template_id'])
        .where('user_id', 'in', ids)
        .where('choice', '=', 'accept')
        .where((eb) => eb.or([eb('kind', '=', 'long_term'), eb('remaining', '>', 0)])),
    ),
);

/** How the recipients can be reached besides the inbox. */
export interface Reach {
  /** `${userId}:${templateId}` of every WeChat template a user accepted and may still be sent. */
  wechat: Set<string>;
  /** Users with a Web Push subscription. */
  push: Set<string>;
}

const INBOX_COLUMNS = ['user_id', 'case_id', 'event_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'] as const;
// Every case event writes its inbox rows: one template per row count, compiled once (see query-template.ts).
const addToInbox = insertRowsTemplate((db, rows) =>
  db
    .insertInto('notification_inbox')
    .values(rows as never)
    .onConflict((oc) => oc.doNothing()),
);


export interface Recipient {
  id: string;
  role: Role;
  wechat_openid: string | null;
  phone_enc: string | null;
}

@Injectable()
export class NotificationsRepository extends KyselyRepository {
  /** The handle for writes outside any transaction of this repository (the worker's fallback notices). */
  get executor(): Kysely<DB> {
    return this.db;
  }

  // ---- audiences (inside the case transaction) ----

  unitStaff(db: Kysely<DB>, unitIds: string[]): Promise<Recipient[]> {
    if (unitIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('users')
      .select(['id', 'role', 'wechat_openid', 'phone_enc'])
      .where('unit_id', 'in', unitIds)
      .where('role', 'in', unitRoles)
      .where('disabled', '=', 0)
      .execute();
  }

  usersWithRole(db: Kysely<DB>, role: Role): Promise<Recipient[]> {
    return usersOfRole.rows(db, { role });
  }

  usersById(db: Kysely<DB>, ids: string[]): Promise<Recipient[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').select(['id', 'role', 'wechat_openid', 'phone_enc']).where('id', 'in', ids).where('disabled', '=', 0).execute();
  }

  async followerIds(db: Kysely<DB>, caseId: string): Promise<string[]> {
    const rows = await db.selectFrom('case_followers').select('user_id').where('case_id', '=', caseId).execute();
    return rows.map((r) => r.user_id);
  }

  async lastEventId(db: Kysely<DB>, caseId: string): Promise<number> {
    const row = await db.selectFrom('case_events').select('id').where('case_id', '=', caseId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** How each user can be reached now: WeChat templates accepted long-term or with sends left, Web Push. */
  async reachOf(db: Kysely<DB>, userIds: string[]): Promise<Reach> {
    const reach: Reach = { wechat: new Set(), push: new Set() };
    if (userIds.length === 0) return reach;
    for (const row of await reachOfUsers(userIds.length).rows(db, userSlots(userIds))) {
      if (row.template_id === null) reach.push.add(row.user_id);
      else reach.wechat.add(`${row.user_id}:${row.template_id}`);
    }
    return reach;
  }

  async insertInbox(db: Kysely<DB>, rows: Array<Omit<Insertable<NotificationInboxTable>, 'id'>>): Promise<void> {
    if (rows.length === 0) return;
    await addToInbox(INBOX_COLUMNS, rows.length).execute(db, rowValues(rows, INBOX_COLUMNS));
  }

  async insertOutbox(db: Kysely<DB>, rows: NewOutbox[]): Promise<void> {
    if (rows.length) await db.insertInto('notification_outbox').values(rows).onConflict((oc) => oc.doNothing()).execute();
  }

  // ---- the worker (never inside a transaction across a send) ----

  /** Takes up to `limit` due rows (and rows whose lease ran out) for this worker until `leaseUntil`. */
  async claim(worker: string, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    let due = this.db
      .selectFrom('notification_outbox')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    if (this.kind === 'postgres') due = due.forUpdate().skipLocked();
    return this.db
      .updateTable('notification_outbox')
      .set({ status: 'sending', lease_owner: worker, lease_until: leaseUntil, attempts: sql<number>`attempts + 1`, updated_at: now })
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  async lastAttempt(outboxId: number) {
    return this.db.selectFrom('notification_attempts').selectAll().where('outbox_id', '=', outboxId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async startAttempt(outboxId: number, attempt: number, worker: string, at: string): Promise<number> {
    const row = await this.db
      .insertInto('notification_attempts')
      .values({ outbox_id: outboxId, attempt, worker, started_at: at, outcome: 'started', error: null, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async finishAttempt(attemptId: number, outcome: string, error: string | null, at: string): Promise<void> {
    await this.db.updateTable('notification_attempts').set({ outcome, error: error?.slice(0, 500) ?? null, finished_at: at }).where('id', '=', attemptId).execute();
  }

  /** Marks a row this worker still holds; a worker whose lease was taken over changes nothing. */
  async settle(
    id: number,
    worker: string,
    change: { status: string; nextAttemptAt?: string; error?: string | null; sentAt?: string | null },
    at: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('notification_outbox')
      .set({
        status: change.status,
        ...(change.nextAttemptAt ? { next_attempt_at: change.nextAttemptAt } : {}),
        last_error: change.error?.slice(0, 500) ?? null,
        sent_at: change.sentAt ?? null,
        lease_owner: null,
        lease_until: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('lease_owner', '=', worker)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  consumeWechat(userId: string, templateId: string, at: string) {
    return this.db
      .updateTable('wechat_subscriptions')
      .set({ remaining: sql<number>`remaining - 1`, updated_at: at })
      .where('user_id', '=', userId)
      .where('template_id', '=', templateId)
      .where('kind', '=', 'one_time')
      .where('remaining', '>', 0)
      .execute();
  }

  /** After 43101 the user no longer accepts this template, whatever we counted. */
  exhaustWechat(userId: string, templateId: string, at: string) {
    return this.db
      .updateTable('wechat_subscriptions')
      .set({ remaining: 0, choice: sql<string>`case when kind = 'long_term' then 'reject' else choice end`, updated_at: at })
      .where('user_id', '=', userId)
      .where('template_id', '=', templateId)
      .execute();
  }

  pushSubscriptionsOf(userId: string) {
    return this.db.selectFrom('push_subscriptions').selectAll().where('user_id', '=', userId).execute();
  }

  deletePushSubscription(id: string) {
    return this.db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
  }

  // ---- API ----

  async inboxPage(userId: string, before: number | undefined, limit: number, unreadOnly: boolean): Promise<InboxRow[]> {
    let q = this.db.selectFrom('notification_inbox').selectAll().where('user_id', '=', userId);
    if (before) q = q.where('id', '<', before);
    if (unreadOnly) q = q.where('read_at', 'is', null);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }

  inboxSince(userId: string, afterId: number, limit = 200): Promise<InboxRow[]> {
    return this.db.selectFrom('notification_inbox').selectAll().where('user_id', '=', userId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  inboxAfter(afterId: number, limit: number): Promise<InboxRow[]> {
    return this.db.selectFrom('notification_inbox').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  async maxInboxId(): Promise<number> {
    const row = await this.db.selectFrom('notification_inbox').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  async unreadCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notification_inbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async markRead(userId: string, id: number, at: string): Promise<boolean> {
    const row = await this.db.selectFrom('notification_inbox').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return false;
    if (!row.read_at) await this.db.updateTable('notification_inbox').set({ read_at: at }).where('id', '=', id).execute();
    return true;
  }

  async upsertWechatChoice(userId: string, templateId: string, kind: string, choice: string, at: string): Promise<void> {
    const add = choice === 'accept' && kind === 'one_time' ? 1 : 0;
    await this.db
      .insertInto('wechat_subscriptions')
      .values({ user_id: userId, template_id: templateId, kind, choice, remaining: add, updated_at: at })
      .onConflict((oc) =>
        oc.columns(['user_id', 'template_id']).doUpdateSet({
          kind,
          choice,
          // Each accepted one-time request allows one more message; a refusal does not take back what was granted.
          remaining: sql<number>`wechat_subscriptions.remaining + ${add}`,
          updated_at: at,
        }),
      )
      .execute();
  }

  wechatSubscriptions(userId: string) {
    return this.db.selectFrom('wechat_subscriptions').selectAll().where('user_id', '=', userId).orderBy('template_id').execute();
  }

  async upsertPushSubscription(row: { id: string; user_id: string; endpoint: string; p256dh: string; auth: string; user_agent: string | null; created_at: string }): Promise<string> {
    const saved = await this.db
      .insertInto('push_subscriptions')
      .values(row)
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: row.user_id, p256dh: row.p256dh, auth: row.auth, user_agent: row.user_agent }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return saved.id;
  }

  deadLetters(limit: number): Promise<OutboxRow[]> {
    return this.db.selectFrom('notification_outbox').selectAll().where('status', '=', 'dead').orderBy('updated_at', 'desc').limit(limit).execute();
  }

  async retryDead(id: number, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('notification_outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: at, last_error: null, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Queue counts shown live to a unit's staff. */
  async unitQueueCounts(unitId: string): Promise<{ toSign: number; inProgress: number; warning: number; overdue: number }> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['status', 'deadline_state', (eb) => eb.fn.countAll().as('n')])
      .where('assignee_unit_id', '=', unitId)
      .where('status', 'in', ['dispatched', 'signed'])
      .groupBy(['status', 'deadline_state'])
      .execute();
    const counts = { toSign: 0, inProgress: 0, warning: 0, overdue: 0 };
    for (const r of rows) {
      const n = Number(r.n);
      if (r.status === 'dispatched') counts.toSign += n;
      else counts.inProgress += n;
      if (r.deadline_state === 'warning') counts.warning += n;
      if (r.deadline_state === 'overdue') counts.overdue += n;
    }
    return counts;
  }

  /** Queue counts shown live to the centre: cases waiting for operators, dispatchers and supervisors. */
  async centreQueueCounts(): Promise<{ submitted: number; accepted: number; returned: number; replied: number }> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('status', 'in', ['submitted', 'accepted', 'returned', 'replied'])
      .groupBy('status')
      .execute();
    const counts = { submitted: 0, accepted: 0, returned: 0, replied: 0 };
    for (const r of rows) counts[r.status as keyof typeof counts] = Number(r.n);
    return counts;
  }
}
