import fs from 'node:fs';
import path from 'node:path';
import { fromShanghaiLocal } from '@hotline/core';
import type { Principal } from '../src/auth/tokens';
import { AuditService } from '../src/cases/audit.service';
import { CaseEventHooks } from '../src/cases/case-events.hooks';
import { CaseWorkflowService, type NewCaseInput } from '../src/cases/case-workflow.service';
import { WorkflowService } from '../src/workflow/workflow.service';
import { SCHEDULER_LEASE, SchedulerService } from '../src/scheduler/scheduler.service';
import { uploadPhoto } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const at = (local: string) => fromShanghaiLocal(local);

describe(`deadline scheduler on ${testDbKind}`, () => {
  let server: TestServer;
  let workflow: CaseWorkflowService;
  let scheduler: SchedulerService;
  const who: Record<string, Principal> = {};
  const unit: Record<string, string> = {};

  const input = (over: Partial<NewCaseInput> = {}): NewCaseInput => ({
    demandType: 'consultation',
    urgency: 'normal',
    channel: 'phone',
    categoryCode: '010101',
    description: '咨询节后办事时间',
    address: null,
    location: null,
    townshipCode: null,
    villageCode: null,
    filerUserId: null,
    contactName: '赵六',
    contactPhone: '13900001111',
    anonymous: false,
    consentVersion: null,
    callId: null,
    callbackWanted: false,
    mediaIds: [],
    acceptNow: true,
    ...over,
  });

  const caseRow = (id: string) =>
    server.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventTypes = async (id: string) =>
    (
      await server.database.db
        .selectFrom('case_events')
        .select(['type', 'actor_role'])
        .where('case_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((e) => `${e.type}:${e.actor_role}`);

  /** A consultation signed by D-ZJJ on Tuesday 29 Sep 2026 at 10:00: 3 working days to reply, across National Day. */
  const signedBeforeNationalDay = async () => {
    const row = await workflow.submit(input(), who.operator!, { now: at('2026-09-29T09:30') });
    await workflow.act(
      row.id,
      { type: 'dispatch', leadUnit: await workflow.unitRef(unit['D-ZJJ']!) },
      who.dispatcher!,
      { now: at('2026-09-29T09:40') },
    );
    await workflow.act(row.id, { type: 'sign' }, who.zjj!, { now: at('2026-09-29T10:00') });
    return row.id;
  };

  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_SCHEDULER_INTERVAL_MS: '0' });
    workflow = server.app.get(CaseWorkflowService);
    scheduler = server.app.get(SchedulerService);
    for (const u of await server.database.db.selectFrom('units').select(['id', 'code']).execute()) unit[u.code] = u.id;
    for (const [key, username] of [
      ['operator', 'operator1'],
      ['dispatcher', 'dispatcher1'],
      ['zjj', 'zjj_handler'],
      ['cgj', 'cgj_handler'],
      ['jtj', 'jtj_handler'],
    ] as const) {
      const u = await server.database.db
        .selectFrom('users')
        .select(['id', 'role', 'unit_id'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      who[key] = { userId: u.id, role: u.role, unitId: u.unit_id };
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('warns at 80 % of the working time, counting no time over National Day, tells the unit, and does it only once', async () => {
    const id = await signedBeforeNationalDay();
    expect(await caseRow(id)).toMatchObject({ step: 'reply', due_at: at('2026-10-09T10:00').toISOString() });

    // 29–30 Sep give 13 of the 21 working hours; 1–7 Oct are holidays; 80 % (16 h 48 min) is reached on 8 Oct at 14:18.
    await scheduler.tick(at('2026-10-07T23:59'));
    await scheduler.tick(at('2026-10-08T14:17'));
    expect((await caseRow(id)).deadline_state).toBe('normal');
    const report = await scheduler.tick(at('2026-10-08T14:18'));
    expect(report).toMatchObject({ ran: true, warned: 1, overdue: 0 });
    expect((await caseRow(id)).deadline_state).toBe('warning');
    expect(await scheduler.tick(at('2026-10-08T15:00'))).toMatchObject({ warned: 0, overdue: 0 });
    expect((await eventTypes(id)).filter((e) => e.startsWith('deadline_warning'))).toEqual(['deadline_warning:system']);
    const inbox = await server.database.db
      .selectFrom('notification_inbox')
      .select(['user_id', 'kind'])
      .where('case_id', '=', id)
      .where('kind', '=', 'warning')
      .execute();
    expect(inbox.map((i) => i.user_id)).toContain(who.zjj!.userId);
  });

  it('marks the case overdue at its deadline and supervises it 2 working days later, across the adjusted working Saturday', async () => {
    const id = await signedBeforeNationalDay();
    await scheduler.tick(at('2026-10-09T09:59'));
    expect((await caseRow(id)).deadline_state).toBe('warning');
    const due = await scheduler.tick(at('2026-10-09T10:00'));
    expect(due.overdue).toBeGreaterThanOrEqual(1);
    expect((await caseRow(id)).deadline_state).toBe('overdue');
    expect(await scheduler.tick(at('2026-10-09T10:01'))).toMatchObject({ overdue: 0, supervised: 0 });

    // 9 Oct gives 6 working hours, Saturday 10 Oct is a working day (7 h), Sunday 11 Oct is not: 14 h end on 12 Oct at 10:00.
    await scheduler.tick(at('2026-10-11T18:00'));
    await scheduler.tick(at('2026-10-12T09:59'));
    expect((await caseRow(id)).supervised).toBe(0);
    expect((await scheduler.tick(at('2026-10-12T10:00'))).supervised).toBeGreaterThanOrEqual(1);
    expect((await caseRow(id)).supervised).toBe(1);
    expect(await scheduler.tick(at('2026-10-12T11:00'))).toMatchObject({ warned: 0, overdue: 0, supervised: 0 });

    const events = await eventTypes(id);
    expect(
      events.filter((e) => e.startsWith('deadline_') || e.startsWith('supervise') || e.startsWith('urge')),
    ).toEqual(['deadline_warning:system', 'deadline_overdue:system', 'urge:system', 'supervise:system']);
    expect((await server.app.get(AuditService).verify()).ok).toBe(true);
  });

  it('passes every event of a case through the one door: each stored event reached the hooks with its id', async () => {
    const heard: { type: string; caseId: string; eventId: number }[] = [];
    server.app.get(CaseEventHooks).register(async (_trx, record) => {
      heard.push({ type: record.event.type, caseId: record.caseRow.id, eventId: record.eventId });
    });
    const id = await signedBeforeNationalDay();
    await server.app.get(WorkflowService).revealPhone(id, who.operator!);
    await scheduler.tick(at('2026-10-08T14:18'));
    await scheduler.tick(at('2026-10-09T10:00'));
    await scheduler.tick(at('2026-10-12T10:00'));
    const stored = await server.database.db
      .selectFrom('case_events')
      .select(['id', 'type'])
      .where('case_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(stored.map((e) => e.type)).toEqual(
      expect.arrayContaining(['submit', 'reveal_phone', 'deadline_warning', 'deadline_overdue', 'urge', 'supervise']),
    );
    expect(heard.filter((h) => h.caseId === id).map((h) => ({ type: h.type, eventId: h.eventId }))).toEqual(
      stored.map((e) => ({ type: e.type, eventId: Number(e.id) })),
    );
  });

  it('sends a case that slept through its warning point straight to overdue', async () => {
    const id = await signedBeforeNationalDay();
    await scheduler.tick(at('2026-10-09T12:00'));
    expect((await caseRow(id)).deadline_state).toBe('overdue');
    expect((await eventTypes(id)).filter((e) => e.startsWith('deadline_'))).toEqual(['deadline_overdue:system']);
  });

  it('leaves a case alone once it is replied to', async () => {
    const id = await signedBeforeNationalDay();
    await workflow.act(id, { type: 'reply', text: '已电话答复' }, who.zjj!, { now: at('2026-10-08T10:00') });
    await scheduler.tick(at('2026-10-08T17:00'));
    const row = await caseRow(id);
    expect(row).toMatchObject({ status: 'replied', deadline_state: 'normal', step: 'callback' });
  });

  it('escalates a case passed between three units once, supervising it', async () => {
    const row = await workflow.submit(input({ demandType: 'complaint' }), who.operator!, {
      now: at('2026-11-02T09:00'),
    });
    const now = { now: at('2026-11-02T09:30') };
    await workflow.act(
      row.id,
      { type: 'dispatch', leadUnit: await workflow.unitRef(unit['D-ZJJ']!) },
      who.dispatcher!,
      now,
    );
    await workflow.act(row.id, { type: 'return', reason: '不属于本单位职责' }, who.zjj!, now);
    await workflow.act(
      row.id,
      { type: 'rule_return', decision: 'redispatch', leadUnit: await workflow.unitRef(unit['D-CGJ']!) },
      who.dispatcher!,
      now,
    );
    await workflow.act(row.id, { type: 'return', reason: '不属于本单位职责' }, who.cgj!, now);
    await workflow.act(
      row.id,
      { type: 'rule_return', decision: 'redispatch', leadUnit: await workflow.unitRef(unit['D-JTJ']!) },
      who.dispatcher!,
      now,
    );
    expect((await caseRow(row.id)).problem).toBe(1);

    const report = await scheduler.tick(at('2026-11-02T09:31'));
    expect(report.escalated).toBe(1);
    expect(await caseRow(row.id)).toMatchObject({ problem: 1, supervised: 1 });
    expect(await scheduler.tick(at('2026-11-02T09:32'))).toMatchObject({ escalated: 0 });
    const events = await eventTypes(row.id);
    expect(events.filter((e) => e === 'escalated:system' || e === 'supervise:system')).toEqual([
      'escalated:system',
      'supervise:system',
    ]);
  });

  it('does nothing while another instance holds the lease, and takes over when it expires', async () => {
    const id = await signedBeforeNationalDay();
    const db = server.database.db;
    await db.deleteFrom('scheduler_leases').execute();
    await db
      .insertInto('scheduler_leases')
      .values({
        name: SCHEDULER_LEASE,
        holder: 'other-instance',
        expires_at: new Date(Date.now() + 60_000).toISOString(),
      })
      .execute();
    expect(await scheduler.tick(at('2026-10-09T12:00'))).toMatchObject({ ran: false, overdue: 0 });
    expect((await caseRow(id)).deadline_state).toBe('normal');

    await db
      .updateTable('scheduler_leases')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await scheduler.tick(at('2026-10-09T12:00'))).toMatchObject({ ran: true });
    expect((await caseRow(id)).deadline_state).toBe('overdue');
  });

  it('runs on its own when started with an interval', async () => {
    const looping = await startTestServer({ HOTLINE_SCHEDULER_INTERVAL_MS: '100' });
    try {
      const wf = looping.app.get(CaseWorkflowService);
      const operator = await looping.database.db
        .selectFrom('users')
        .select(['id', 'role', 'unit_id'])
        .where('username', '=', 'operator1')
        .executeTakeFirstOrThrow();
      // Accepted a month ago: the one-hour dispatch limit is long past.
      const past = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
      const row = await wf.submit(
        input(),
        { userId: operator.id, role: operator.role, unitId: operator.unit_id },
        { now: past },
      );
      let state = 'normal';
      for (let i = 0; i < 50 && state !== 'overdue'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = (
          await looping.database.db
            .selectFrom('cases')
            .select('deadline_state')
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow()
        ).deadline_state;
      }
      expect(state).toBe('overdue');
    } finally {
      await looping.close();
    }
  });

  it('forgets expired sign-in codes, rate-limit windows and idempotency keys, and keeps live ones', async () => {
    const phone = '13755556666';
    expect((await server.request('POST', '/api/auth/sms-code', { body: { phone } })).status).toBe(200);
    const db = server.database.db;
    const count = async (table: 'sms_codes' | 'rate_counters') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('sms_codes')).toBeGreaterThan(0);
    // Another instance may hold the lease from an earlier test: let it lapse first.
    await db.deleteFrom('scheduler_leases').execute();
    const soon = await scheduler.tick(new Date());
    expect(await count('sms_codes')).toBeGreaterThan(0);
    await db.deleteFrom('scheduler_leases').execute();
    const later = await scheduler.tick(new Date(Date.now() + 2 * 24 * 3600 * 1000));
    expect(later.purged).toBeGreaterThan(soon.purged);
    expect(await count('sms_codes')).toBe(0);
    expect(await count('rate_counters')).toBe(0);
  });

  it('deletes photos never filed with a case after a week, files and all, and keeps filed ones', async () => {
    const resident = await devLogin(server, 'resident');
    const stray = await uploadPhoto(server, resident);
    const filedPhoto = await uploadPhoto(server, resident);
    const filed = await server.request('POST', '/api/cases', {
      token: resident,
      headers: { 'idempotency-key': crypto.randomUUID() },
      body: {
        demandType: 'help',
        categoryCode: '010101',
        description: '小区门口路灯连续三晚不亮',
        location: { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84', accuracyM: 10 },
        address: '府前路12号',
        mediaIds: [filedPhoto],
        privacyConsentVersion: '2026-01',
      },
    });
    expect(filed.status).toBe(201);
    const db = server.database.db;
    const strayRow = await db.selectFrom('media').selectAll().where('id', '=', stray).executeTakeFirstOrThrow();
    const mediaDir = path.join(server.dataDir, 'media');
    const exists = (key: string) => fs.existsSync(path.join(mediaDir, key));
    expect(exists(strayRow.storage_key)).toBe(true);

    await db.deleteFrom('scheduler_leases').execute();
    await scheduler.tick(new Date(Date.now() + 6 * 24 * 3600 * 1000));
    expect(await db.selectFrom('media').select('id').where('id', '=', stray).executeTakeFirst()).toBeDefined();

    await db.deleteFrom('scheduler_leases').execute();
    await scheduler.tick(new Date(Date.now() + 8 * 24 * 3600 * 1000));
    expect(await db.selectFrom('media').select('id').where('id', '=', stray).executeTakeFirst()).toBeUndefined();
    expect(exists(strayRow.storage_key)).toBe(false);
    expect(exists(strayRow.thumb_key)).toBe(false);
    expect(await db.selectFrom('media').select('id').where('id', '=', filedPhoto).executeTakeFirst()).toBeDefined();
  });
  it('warns and flags overdue a demand nobody accepted, on the 待受理 tab, from its acceptance clock', async () => {
    // Filed online on Tuesday 1 Dec 2026 at 09:00: accepted within 1 working hour, warning at 80 %.
    const row = await workflow.submit(input({ channel: 'wechat', acceptNow: false }), who.operator!, {
      now: at('2026-12-01T09:00'),
    });
    expect(await caseRow(row.id)).toMatchObject({ status: 'submitted', step: 'accept', deadline_state: 'normal' });
    await scheduler.tick(at('2026-12-01T09:47'));
    expect((await caseRow(row.id)).deadline_state).toBe('normal');
    await scheduler.tick(at('2026-12-01T09:48'));
    const operator = await devLogin(server, 'operator');
    const tab = await server.request('GET', '/api/queues/to_accept?deadlineState=warning', { token: operator });
    expect(tab.status).toBe(200);
    expect(tab.body.items.map((i: { id: string }) => i.id)).toContain(row.id);
    await scheduler.tick(at('2026-12-01T10:00'));
    expect((await caseRow(row.id)).deadline_state).toBe('overdue');
    expect((await eventTypes(row.id)).filter((e) => e.startsWith('deadline_') || e.startsWith('urge'))).toEqual([
      'deadline_warning:system',
      'deadline_overdue:system',
      'urge:system',
    ]);
  });
});
