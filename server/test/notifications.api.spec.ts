// Notifications end to end: case transitions write outbox rows in their own transaction, the
// worker delivers them to a fake WeChat server, failures retry or dead-letter, and users read
// their inbox and live events.
import fs from 'node:fs';
import path from 'node:path';
import type { Principal } from '../src/auth/tokens';
import { CaseEventHooks } from '../src/cases/case-events.hooks';
import { CaseWorkflowService, type NewCaseInput } from '../src/cases/case-workflow.service';
import { APP_CONFIG, type AppConfig } from '../src/config/config';
import { WechatAccessToken } from '../src/integrations/wechat/access-token';
import { NotificationWorker } from '../src/notifications/notification.worker';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { startFakeWechat, type FakeWechat } from './fakes/wechat-subscribe';
import { principalOf, residentFiling } from './fixtures';
import { sessionToken, startTestServer, streamUrl, testDbKind, type TestServer } from './harness';

const TEMPLATES = {
  accept: {
    templateId: 'TPL-ACCEPT',
    data: { character_string1: 'trackingNumber', thing2: 'description', phrase3: 'status', time4: 'at' },
  },
  dispatch: {
    templateId: 'TPL-PROGRESS',
    data: { character_string1: 'trackingNumber', thing2: 'title', time3: 'at' },
  },
  reply: {
    templateId: 'TPL-PROGRESS',
    data: { character_string1: 'trackingNumber', thing2: 'title', time3: 'at' },
  },
};

describe(`notifications on ${testDbKind}`, () => {
  let server: TestServer;
  let wechat: FakeWechat;
  let workflow: CaseWorkflowService;
  let worker: NotificationWorker;
  let repo: NotificationsRepository;
  const who: Record<string, Principal> = {};
  const tokens: Record<string, string> = {};
  const token = (name: string) => tokens[name]!;

  const userOf = (username: string) => principalOf(server, username);
  const unitRef = async (code: string) =>
    workflow.unitRef(
      (await server.database.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id,
    );
  const filing = (description = '小区门口路灯连续一周不亮，晚上出行很不方便，请尽快修理，谢谢'): NewCaseInput =>
    residentFiling(who.resident1!.userId, { channel: 'wechat', description, address: null });
  const outboxOf = (caseId: string) =>
    server.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
  /** A case filed by resident1, accepted and dispatched to T01. */
  const dispatchedCase = async (description?: string) => {
    const c = await workflow.submit(filing(description), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    return workflow.act(c.id, { type: 'dispatch', leadUnit: await unitRef('T01') }, who.dispatcher1!);
  };
  const subscribe = (choices: unknown[]) =>
    server.request('POST', '/api/me/subscriptions/wechat', { token: token('resident1'), body: { choices } });

  beforeAll(async () => {
    wechat = await startFakeWechat();
    server = await startTestServer({
      WECHAT_API_BASE: wechat.url,
      WECHAT_APP_ID: 'wx-test-app',
      WECHAT_APP_SECRET: 'test-secret',
      WECHAT_TEMPLATES: JSON.stringify(TEMPLATES),
      WECHAT_MINIPROGRAM_STATE: 'trial',
      HOTLINE_NOTIFY_INTERVAL_MS: '0',
      HOTLINE_NOTIFY_MAX_ATTEMPTS: '3',
    });
    workflow = server.app.get(CaseWorkflowService);
    worker = server.app.get(NotificationWorker);
    repo = server.app.get(NotificationsRepository);
    for (const name of ['resident1', 'operator1', 'dispatcher1', 'supervisor1', 't01_handler', 't02_handler', 'admin']) {
      who[name] = await userOf(name);
      tokens[name] = await sessionToken(server, who[name]!);
    }
    await server.database.db
      .updateTable('users')
      .set({ wechat_openid: 'openid-resident1' })
      .where('id', '=', who.resident1!.userId)
      .execute();
  });
  afterAll(async () => {
    await server?.close();
    await wechat?.close();
  });
  beforeEach(async () => {
    wechat.queue = [];
    worker.now = () => new Date();
    await worker.drain();
  });

  it('tells the resident on WeChat, with the exact request WeChat expects, and the unit in its inbox', async () => {
    const res = await subscribe([
      { templateId: 'TPL-ACCEPT', choice: 'accept' },
      { templateId: 'TPL-PROGRESS', choice: 'accept', kind: 'long_term' },
      { templateId: 'TPL-OTHER', choice: 'reject' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.subscriptions).toEqual(
      expect.arrayContaining([expect.objectContaining({ templateId: 'TPL-ACCEPT', remaining: 1 })]),
    );
    const before = wechat.received.length;
    const c = await dispatchedCase();
    const rows = await outboxOf(c.id);
    expect(rows.map((r) => `${r.kind}:${r.channel}:${r.status}`)).toEqual([
      'accept:wechat:pending',
      'dispatch:wechat:pending',
    ]);

    await worker.drain();
    const sent = wechat.received.slice(before);
    expect(wechat.shapeErrors).toEqual([]);
    expect(sent.map((m) => m.body.template_id)).toEqual(['TPL-ACCEPT', 'TPL-PROGRESS']);
    const accepted = sent[0]!.body;
    expect(accepted).toEqual({
      touser: 'openid-resident1',
      template_id: 'TPL-ACCEPT',
      page: `resident/case/index?id=${c.id}`,
      data: {
        character_string1: { value: c.tracking_number },
        thing2: { value: expect.stringMatching(/^小区门口路灯.{13}…$/) },
        phrase3: { value: '已受理' },
        time4: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) },
      },
      miniprogram_state: 'trial',
      lang: 'zh_CN',
    });
    expect(sent[1]!.body.data.thing2!.value).toBe('您的诉求已派往承办单位');
    expect((await outboxOf(c.id)).every((r) => r.status === 'sent' && r.sent_at)).toBe(true);

    // the one-time subscription is used up, the long-term one is not
    const subs = (await server.request('GET', '/api/me/subscriptions/wechat', { token: token('resident1') })).body
      .subscriptions;
    expect(subs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ templateId: 'TPL-ACCEPT', remaining: 0 }),
        expect.objectContaining({ templateId: 'TPL-PROGRESS', kind: 'long_term', choice: 'accept' }),
      ]),
    );

    const inbox = await server.request('GET', '/api/me/inbox?limit=1', { token: token('t01_handler') });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items[0]).toMatchObject({
      caseId: c.id,
      kind: 'dispatch',
      title: '新工单待签收',
      link: `/staff/pages/case/index?id=${c.id}`,
      readAt: null,
    });
    expect(inbox.body.items[0].body).toContain(c.tracking_number);
    const unread = (await server.request('GET', '/api/me/inbox/unread-count', { token: token('t01_handler') })).body
      .unread;
    expect(unread).toBeGreaterThan(0);
    const id = inbox.body.items[0].id;
    expect((await server.request('POST', `/api/me/inbox/${id}/read`, { token: token('t02_handler') })).status).toBe(
      404,
    );
    expect((await server.request('POST', `/api/me/inbox/${id}/read`, { token: token('t01_handler') })).status).toBe(
      200,
    );
    expect(
      (await server.request('GET', '/api/me/inbox/unread-count', { token: token('t01_handler') })).body.unread,
    ).toBe(unread - 1);
    // another unit's staff hear nothing of it
    const other = await server.request('GET', '/api/me/inbox', { token: token('t02_handler') });
    expect(other.body.items.filter((i: { caseId: string }) => i.caseId === c.id)).toEqual([]);
  });

  it('leads every notification of a case, for residents and for staff, to a page the client has', async () => {
    // The pages both the mini-program (app.json) and the H5 router are built from.
    const appConfig = fs.readFileSync(path.join(__dirname, '../../apps/client/src/app.config.ts'), 'utf8');
    const pages = new Set<string>();
    for (const m of appConfig.matchAll(/'(pages\/[\w/]+)'/g)) if (!appConfig.includes(`root: '${m[1]}`)) pages.add(m[1]!);
    for (const block of appConfig.matchAll(/root: '(\w+)',\s*pages: \[([^\]]*)\]/g))
      for (const page of block[2]!.matchAll(/'([\w/]+)'/g)) pages.add(`${block[1]}/${page[1]}`);
    expect(pages.has('pages/home/index')).toBe(true);

    await subscribe([{ templateId: 'TPL-PROGRESS', choice: 'accept', kind: 'long_term' }]);
    await server.database.db
      .updateTable('users')
      .set({ wechat_openid: 'openid-t01-handler' })
      .where('id', '=', who.t01_handler!.userId)
      .execute();
    await server.database.db
      .insertInto('wechat_subscriptions')
      .values({
        user_id: who.t01_handler!.userId,
        template_id: 'TPL-PROGRESS',
        kind: 'long_term',
        choice: 'accept',
        remaining: 0,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const c = await dispatchedCase('路灯不亮，请派人检修，通知链接测试');
    await workflow.act(c.id, { type: 'urge', note: '请尽快' }, who.supervisor1!);
    await workflow.act(c.id, { type: 'sign' }, who.t01_handler!);
    await workflow.act(c.id, { type: 'reply', text: '已更换灯泡，恢复照明。' }, who.t01_handler!);
    await workflow.act(c.id, { type: 'review', decision: 'send_back', note: '请附照片' }, who.supervisor1!);

    const inbox = await server.database.db
      .selectFrom('notification_inbox as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.kind', 'n.link', 'u.role'])
      .where('n.case_id', '=', c.id)
      .execute();
    const outbox = (await outboxOf(c.id)).map((r) => ({
      kind: r.kind,
      userId: r.user_id,
      payload: JSON.parse(r.payload_json) as { url: string; wechat?: { page: string } },
    }));
    const roleOf = new Map(Object.values(who).map((p) => [p.userId, p.role]));
    const seen = new Set<string>();
    const pageOf = (link: string) => link.replace(/^\//, '').split('?')[0]!;
    for (const n of inbox) {
      const side = n.role === 'resident' ? 'resident' : 'staff';
      seen.add(`${n.kind}:${side}`);
      expect(pages).toContain(pageOf(n.link));
      expect(n.link).toBe(side === 'resident' ? `/resident/case/index?id=${c.id}` : `/staff/pages/case/index?id=${c.id}`);
    }
    for (const o of outbox) {
      const side = o.userId && roleOf.get(o.userId) !== 'resident' ? 'staff' : 'resident';
      seen.add(`${o.kind}:${side}:${o.payload.wechat ? 'wechat' : 'other'}`);
      expect(pages).toContain(pageOf(o.payload.url));
      if (o.payload.wechat) expect(pages).toContain(pageOf(o.payload.wechat.page));
      expect(pageOf(o.payload.url)).toBe(side === 'resident' ? 'resident/case/index' : 'staff/pages/case/index');
    }
    // staff and residents were both reached, on WeChat too
    expect([...seen]).toEqual(
      expect.arrayContaining(['dispatch:staff', 'dispatch:resident:wechat', 'dispatch:staff:wechat', 'urge:staff']),
    );
    await server.database.db.deleteFrom('wechat_subscriptions').where('user_id', '=', who.t01_handler!.userId).execute();
    await server.database.db.updateTable('users').set({ wechat_openid: null }).where('id', '=', who.t01_handler!.userId).execute();
  });

  it('offers residents and staff the templates of the notifications they receive, most important first', async () => {
    const resident = await server.request('GET', '/api/me/subscriptions/wechat/offer', { token: token('resident1') });
    expect(resident.body).toEqual({ templateIds: ['TPL-ACCEPT', 'TPL-PROGRESS'] });
    const handler = await server.request('GET', '/api/me/subscriptions/wechat/offer', { token: token('t01_handler') });
    expect(handler.body).toEqual({ templateIds: ['TPL-PROGRESS'] });
  });

  it('pages the inbox by keyset without repeating or skipping items', async () => {
    await dispatchedCase();
    await dispatchedCase();
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextBefore: number | null } } = await server.request(
        'GET',
        `/api/me/inbox?limit=1${before ? `&before=${before}` : ''}`,
        { token: token('t01_handler') },
      );
      seen.push(...page.body.items.map((i) => i.id));
      before = page.body.nextBefore;
    } while (before);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('leaves no notification behind when the case action rolls back', async () => {
    const c = await workflow.submit(filing(), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    const counts = async () => ({
      outbox: (await outboxOf(c.id)).length,
      inbox: (
        await server.database.db.selectFrom('notification_inbox').select('id').where('case_id', '=', c.id).execute()
      ).length,
    });
    const before = await counts();
    let failing = true;
    server.app.get(CaseEventHooks).register(async () => {
      if (failing) throw new Error('later sink failed');
    });
    await expect(
      workflow.act(c.id, { type: 'dispatch', leadUnit: await unitRef('T01') }, who.dispatcher1!),
    ).rejects.toThrow('later sink failed');
    failing = false;
    expect(await counts()).toEqual(before);
    expect((await workflow.getVisible(c.id, who.operator1!)).status).toBe('accepted');
  });

  it('falls back without retrying when the user refused the template (43101), and marks it used up', async () => {
    await subscribe([{ templateId: 'TPL-ACCEPT', choice: 'accept' }]);
    const c = await workflow.submit(filing(), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    wechat.queue = [43101];
    await worker.drain();
    const [row] = await outboxOf(c.id);
    expect(row).toMatchObject({ channel: 'wechat', status: 'superseded', attempts: 1 });
    worker.now = () => new Date(Date.now() + 24 * 3600_000);
    await worker.drain();
    expect((await outboxOf(c.id))[0]!.attempts).toBe(1);
    const subs = (await server.request('GET', '/api/me/subscriptions/wechat', { token: token('resident1') })).body
      .subscriptions;
    expect(subs).toEqual(expect.arrayContaining([expect.objectContaining({ templateId: 'TPL-ACCEPT', remaining: 0 })]));
  });

  it('dead-letters bad data (47003) at once, shows it to admins, and sends it again on their retry', async () => {
    await subscribe([{ templateId: 'TPL-ACCEPT', choice: 'accept' }]);
    const c = await workflow.submit(filing(), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    wechat.queue = [47003];
    await worker.drain();
    const [row] = await outboxOf(c.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await server.request('GET', '/api/admin/notifications/dead', { token: token('t01_handler') })).status).toBe(
      403,
    );
    const dead = await server.request('GET', '/api/admin/notifications/dead', { token: token('admin') });
    expect(dead.status).toBe(200);
    expect(dead.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: row!.id,
          caseId: c.id,
          channel: 'wechat',
          lastError: expect.stringContaining('47003'),
        }),
      ]),
    );
    const before = wechat.received.length;
    expect(
      (await server.request('POST', `/api/admin/notifications/${row!.id}/retry`, { token: token('admin') })).status,
    ).toBe(200);
    expect(
      (await server.request('POST', `/api/admin/notifications/${row!.id}/retry`, { token: token('admin') })).status,
    ).toBe(404);
    await worker.drain();
    expect(wechat.received.length).toBe(before + 1);
    expect((await outboxOf(c.id))[0]!.status).toBe('sent');
  });

  it('retries network trouble and timeouts with growing delays, recording each attempt, then dead-letters', async () => {
    await subscribe([{ templateId: 'TPL-ACCEPT', choice: 'accept' }]);
    const c = await workflow.submit(filing(), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    worker.options.sendTimeoutMs = 300;
    wechat.queue = [-1, 'hang', -1];
    let clock = Date.now();
    worker.now = () => new Date(clock);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      const [row] = await outboxOf(c.id);
      expect(row!.attempts).toBe(i + 1);
      if (i < 2) {
        expect(row!.status).toBe('pending');
        delays.push(Date.parse(row!.next_attempt_at) - clock);
        await worker.drain();
        expect((await outboxOf(c.id))[0]!.attempts).toBe(i + 1); // not due yet
        clock = Date.parse(row!.next_attempt_at) + 1;
      } else {
        expect(row!.status).toBe('dead');
      }
    }
    worker.options.sendTimeoutMs = 8000;
    expect(delays[0]).toBeGreaterThanOrEqual(2500);
    expect(delays[1]).toBeGreaterThan(delays[0]! * 0.9);
    expect(delays[1]).toBeGreaterThanOrEqual(5000);
    const attempts = await server.database.db
      .selectFrom('notification_attempts')
      .selectAll()
      .where('outbox_id', '=', (await outboxOf(c.id))[0]!.id)
      .orderBy('id')
      .execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'dead']);
    expect(attempts[1]!.error).toMatch(/-1/);
  });

  it('gets a new access token once when WeChat says it is invalid, and shares one token fetch among concurrent sends', async () => {
    await subscribe([{ templateId: 'TPL-ACCEPT', choice: 'accept' }]);
    const c = await workflow.submit(filing(), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    wechat.expireToken();
    const tokensBefore = wechat.tokenRequests;
    await worker.drain();
    expect(wechat.tokenRequests).toBe(tokensBefore + 1);
    expect((await outboxOf(c.id))[0]!.status).toBe('sent');

    const fresh = new WechatAccessToken(server.app.get<AppConfig>(APP_CONFIG));
    const before = wechat.tokenRequests;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => fresh.get()));
    expect(new Set(tokens).size).toBe(1);
    expect(wechat.tokenRequests).toBe(before + 1);
  });

  it('never sends twice when a worker dies mid-send and another takes over its lease', async () => {
    await subscribe([{ templateId: 'TPL-ACCEPT', choice: 'accept' }]);
    const c = await workflow.submit(filing(), who.resident1!);
    await workflow.act(c.id, { type: 'accept' }, who.operator1!);
    const [claimed] = await worker.claim('worker-A');
    expect(claimed!.case_id).toBe(c.id);
    await repo.startAttempt(claimed!.id, claimed!.attempts, 'worker-A', new Date().toISOString()); // … and dies here
    const before = wechat.received.length;
    expect(await worker.drain('worker-B')).toBe(0); // lease still held
    worker.now = () => new Date(Date.now() + worker.options.leaseMs + 1000);
    expect(await worker.drain('worker-B')).toBe(1);
    expect(wechat.received.length).toBe(before);
    const [row] = await outboxOf(c.id);
    expect(row).toMatchObject({ status: 'dead', last_error: expect.stringContaining('interrupted') });
    // the dead worker's late mark changes nothing
    expect(await repo.settle(row!.id, 'worker-A', { status: 'sent' }, new Date().toISOString())).toBe(false);
  });

  it('sends each message once while several workers drain at the same time', async () => {
    await subscribe([{ templateId: 'TPL-PROGRESS', choice: 'accept', kind: 'long_term' }]);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await dispatchedCase(`并发测试 ${i}`)).id);
    const before = wechat.received.length;
    worker.options.batchSize = 3;
    await Promise.all(['w1', 'w2', 'w3', 'w4'].map((w) => worker.drain(w)));
    worker.options.batchSize = 50;
    const sent = wechat.received.slice(before).map((m) => `${m.body.template_id} ${m.body.page}`);
    expect(sent.length).toBe(new Set(sent).size);
    const dispatches = sent.filter((s) => s.startsWith('TPL-PROGRESS') && ids.some((id) => s.endsWith(id)));
    expect(dispatches).toHaveLength(12);
  });

  it('streams new assignments and queue counts to staff over SSE, and resumes from Last-Event-ID', async () => {
    const ctrl = new AbortController();
    const res = await fetch(await streamUrl(server, token('t01_handler')), { signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 5000;
      while (!pattern.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      return pattern.test(text);
    };
    expect(await readUntil(/event: queue\ndata: \{[^\n]*"toSign"/)).toBe(true);
    const c = await dispatchedCase('SSE 测试工单');
    expect(await readUntil(new RegExp(`id: (\\d+)\\nevent: inbox\\ndata: [^\\n]*${c.id}`))).toBe(true);
    const lastId = Number(/id: (\d+)\nevent: inbox\ndata: [^\n]*SSE/.exec(text)![1]);
    ctrl.abort();

    const missed = await dispatchedCase('断线期间的工单');
    const again = new AbortController();
    // A reopened EventSource carries the last id in its URL (a new EventSource cannot set the header).
    const res2 = await fetch(await streamUrl(server, token('t01_handler'), lastId), { signal: again.signal });
    const reader2 = res2.body!.getReader();
    let text2 = '';
    const deadline = Date.now() + 5000;
    while (!text2.includes(missed.id) && Date.now() < deadline)
      text2 += Buffer.from((await reader2.read()).value ?? []).toString('utf8');
    again.abort();
    expect(text2).toContain(missed.id);
    expect(text2).not.toContain(c.id);

    expect((await fetch(`${server.url}/api/me/events?ticket=forged`)).status).toBe(401);
  });
});
