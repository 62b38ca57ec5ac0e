import { fromShanghaiLocal, queueTabs } from '@hotline/core';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { QueuesRepository, type QueueScope } from '../src/queues/queues.repository';
import type { Principal } from '../src/auth/tokens';
import { CaseWorkflowService, type NewCaseInput } from '../src/cases/case-workflow.service';
import { principalOf } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`case queues on ${testDbKind}`, () => {
  let server: TestServer;
  let workflow: CaseWorkflowService;
  const staff: Record<string, Principal> = {};
  const units: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  let n = 0;
  const file = async (over: Partial<NewCaseInput> = {}, at = fromShanghaiLocal('2026-11-02T09:30')) => {
    n += 1;
    const input: NewCaseInput = {
      demandType: 'help',
      urgency: 'normal',
      channel: 'phone',
      categoryCode: '010101',
      description: `第${n}号诉求：路灯不亮`,
      address: '幸福路1号',
      location: null,
      townshipCode: null,
      villageCode: null,
      filerUserId: null,
      contactName: '张三丰',
      contactPhone: '13812345678',
      anonymous: false,
      consentVersion: null,
      callId: null,
      callbackWanted: false,
      mediaIds: [],
      ...over,
    };
    return workflow.submit(input, staff.operator!, { now: at });
  };
  const accept = (id: string, at: Date) => workflow.act(id, { type: 'accept' }, staff.operator!, { now: at });
  const dispatch = async (id: string, unitCode: string, at: Date) =>
    workflow.act(id, { type: 'dispatch', leadUnit: await workflow.unitRef(units[unitCode]!) }, staff.dispatcher!, {
      now: at,
    });

  const get = async (who: string, path: string) => {
    const res = await server.request('GET', path, { token: tokens[who] });
    return res;
  };

  beforeAll(async () => {
    server = await startTestServer();
    workflow = server.app.get(CaseWorkflowService);
    for (const name of ['operator1', 'dispatcher1', 'zjj_handler', 't01_handler', 't01v01_handler', 't03v02_handler']) {
      staff[name.replace(/1$/, '')] = await principalOf(server, name);
    }
    for (const u of await server.database.db.selectFrom('units').select(['id', 'code']).execute()) units[u.code] = u.id;
    for (const [key, role, unit] of [
      ['operator', 'operator', undefined],
      ['analyst', 'analyst', undefined],
      ['admin', 'admin', undefined],
      ['resident', 'resident', undefined],
      ['zjj', 'handler', 'D-ZJJ'],
      ['t01', 'handler', 'T01'],
      ['t01v01', 'handler', 'T01V01'],
      ['t01v02', 'handler', 'T01V02'],
      ['t03v02', 'handler', 'T03V02'],
    ] as const) {
      tokens[key] = await devLogin(server, role, unit);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('visibility', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const at = fromShanghaiLocal('2026-11-02T10:00');
      ids.submitted = (await file({ description: '新来电：小区停水' })).id;
      ids.anonymousAtZjj = (await file({ anonymous: true, contactName: '李四', description: '匿名举报违建' })).id;
      await accept(ids.anonymousAtZjj, at);
      await dispatch(ids.anonymousAtZjj, 'D-ZJJ', at);
      ids.atT01 = (await file({ description: '路灯坏了', contactName: '王五' })).id;
      await accept(ids.atT01, at);
      await dispatch(ids.atT01, 'T01', at);
      ids.forwarded = (await file({ description: '村道积水' })).id;
      await accept(ids.forwarded, at);
      await dispatch(ids.forwarded, 'T01', at);
      await workflow.act(ids.forwarded, { type: 'sign' }, staff.t01_handler!, { now: at });
      await workflow.act(
        ids.forwarded,
        { type: 'forward', village: await workflow.unitRef(units.T01V01!) },
        staff.t01_handler!,
        { now: at },
      );
      ids.atT01V02 = (await file({ description: '直派到村' })).id;
      await accept(ids.atT01V02, at);
      await dispatch(ids.atT01V02, 'T01V02', at);
    });

    it('shows the centre every case, with the filer named and the phone masked', async () => {
      const res = await get('operator', '/api/queues/to_accept');
      expect(res.status).toBe(200);
      const item = res.body.items.find((i: { id: string }) => i.id === ids.submitted);
      expect(item).toMatchObject({
        status: 'submitted',
        contactName: '张三丰',
        contactPhone: '138****5678',
        summary: '新来电：小区停水',
      });
      expect(res.text).not.toContain('13812345678');
      const toSign = await get('analyst', '/api/queues/to_sign');
      expect(toSign.body.items.map((i: { id: string }) => i.id)).toEqual(
        expect.arrayContaining([ids.anonymousAtZjj, ids.atT01, ids.forwarded, ids.atT01V02]),
      );
    });

    it('shows a department only its own cases, without phone numbers or the anonymous filer', async () => {
      const res = await get('zjj', '/api/queues/to_sign');
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.anonymousAtZjj]);
      expect(res.body.items[0]).toMatchObject({ anonymous: true, contactName: null, contactPhone: null });
      expect(res.text).not.toContain('李四');
      expect(res.text).not.toContain('****5678');
      expect((await get('zjj', '/api/queues/to_accept')).body.items).toEqual([]);
    });

    it('shows a township its cases and those it forwarded to a village, and a village only its own', async () => {
      const t01 = await get('t01', '/api/queues/to_sign');
      expect(t01.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.atT01, ids.forwarded].sort());
      const named = t01.body.items.find((i: { id: string }) => i.id === ids.atT01);
      expect(named).toMatchObject({ contactName: '王*', contactPhone: null });
      const village = await get('t01v01', '/api/queues/to_sign');
      expect(village.body.items.map((i: { id: string }) => i.id)).toEqual([ids.forwarded]);
    });

    it('lists for a unit only cases it may open, and not a case dispatched straight to one of its villages', async () => {
      for (const who of ['t01', 't01v01', 'zjj']) {
        for (const tab of ['to_sign', 'in_progress']) {
          for (const item of (await get(who, `/api/queues/${tab}`)).body.items as { id: string }[]) {
            expect([who, item.id, (await get(who, `/api/staff/cases/${item.id}`)).status]).toEqual([who, item.id, 200]);
          }
        }
      }
      expect((await get('t01', `/api/staff/cases/${ids.atT01V02}`)).status).toBe(404);
      const atVillage = await get('t01v02', '/api/queues/to_sign');
      expect(atVillage.body.items.map((i: { id: string }) => i.id)).toEqual([ids.atT01V02]);
    });

    it('shows a foreign unit nothing, in lists and in counts', async () => {
      const res = await get('t03v02', '/api/queues/to_sign');
      expect(res.body.items).toEqual([]);
      const counts = await get('t03v02', '/api/queues/counts');
      expect(Object.values(counts.body).every((c) => c === 0)).toBe(true);
    });

    it('counts per tab within what each caller may see', async () => {
      const centre = await get('operator', '/api/queues/counts');
      expect(centre.status).toBe(200);
      expect(centre.body.to_sign).toBeGreaterThanOrEqual(4);
      expect(centre.body.to_accept).toBeGreaterThanOrEqual(1);
      const t01 = await get('t01', '/api/queues/counts');
      expect(t01.body).toMatchObject({ to_sign: 2, to_accept: 0, in_progress: 0 });
      const zjj = await get('zjj', '/api/queues/counts');
      expect(zjj.body.to_sign).toBe(1);
    });

    it('refuses residents and admins, and unknown tabs', async () => {
      expect((await get('resident', '/api/queues/to_accept')).status).toBe(403);
      expect((await get('admin', '/api/queues/counts')).status).toBe(403);
      expect((await get('operator', '/api/queues/everything')).status).toBe(400);
      expect((await server.request('GET', '/api/queues/to_accept')).status).toBe(401);
    });
  });

  describe('filters', () => {
    it('finds a case by tracking number or a part of its description, and filters by channel, category and date', async () => {
      const target = await file(
        { channel: 'wechat', categoryCode: '010102', description: '井盖松动有异响' },
        fromShanghaiLocal('2026-11-20T15:00'),
      );
      const byText = await get('operator', `/api/queues/to_accept?q=${encodeURIComponent('井盖松动')}`);
      expect(byText.body.items.map((i: { id: string }) => i.id)).toEqual([target.id]);
      const byNumber = await get('operator', `/api/queues/to_accept?q=${target.tracking_number.toLowerCase()}`);
      expect(byNumber.body.items.map((i: { id: string }) => i.id)).toEqual([target.id]);
      const byChannel = await get('operator', '/api/queues/to_accept?channel=wechat');
      expect(byChannel.body.items.map((i: { id: string }) => i.id)).toEqual([target.id]);
      const byBranch = await get('operator', '/api/queues/to_accept?categoryCode=0101');
      expect(byBranch.body.items.map((i: { id: string }) => i.id)).toContain(target.id);
      const byOtherLeaf = await get('operator', '/api/queues/to_accept?categoryCode=010103');
      expect(byOtherLeaf.body.items).toEqual([]);
      const byDay = await get('operator', '/api/queues/to_accept?from=2026-11-20&to=2026-11-20');
      expect(byDay.body.items.map((i: { id: string }) => i.id)).toEqual([target.id]);
      const before = await get('operator', '/api/queues/to_accept?to=2026-11-19');
      expect(before.body.items.map((i: { id: string }) => i.id)).not.toContain(target.id);
      const percent = await get('operator', `/api/queues/to_accept?q=${encodeURIComponent('%')}`);
      expect(percent.body.items).toEqual([]);
      const counts = await get('operator', '/api/queues/counts?channel=wechat');
      expect(counts.body.to_accept).toBe(1);
    });

    it('filters by the unit holding the case', async () => {
      const res = await get('operator', `/api/queues/to_sign?unitId=${units['D-ZJJ']}`);
      expect(res.body.items.length).toBe(1);
      expect(res.body.items.every((i: { assigneeUnitId: string }) => i.assigneeUnitId === units['D-ZJJ'])).toBe(true);
    });

    it('answers a forged cursor or an unknown filter with 400', async () => {
      expect((await get('operator', '/api/queues/to_accept?cursor=bm9wZQ')).status).toBe(400);
      expect((await get('operator', '/api/queues/to_accept?colour=red')).status).toBe(400);
    });
  });

  describe('keyset pages', () => {
    it('walks a tab in deadline order, every case exactly once, across equal deadlines and cases without a clock', async () => {
      const created: string[] = [];
      // Accepted on different days and several at the same instant (equal deadlines, ordered by id).
      for (let i = 0; i < 14; i++) {
        const at = fromShanghaiLocal(`2026-12-0${1 + (i % 4)}T10:00`);
        const row = await file({ channel: 'h5', description: `分页测试${i}` }, at);
        await accept(row.id, at);
        created.push(row.id);
      }
      // Two cases whose clock is paused come after every case with a deadline.
      const paused = created.slice(0, 2);
      await server.database.db
        .updateTable('cases')
        .set({ due_at: null, warn_at: null })
        .where('id', 'in', paused)
        .execute();

      const seen: { id: string; dueAt: string | null }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(
          'operator',
          `/api/queues/to_dispatch?channel=h5&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);

      expect(seen.map((s) => s.id).sort()).toEqual([...created].sort());
      expect(new Set(seen.map((s) => s.id)).size).toBe(created.length);
      const withDeadline = seen.filter((s) => s.dueAt !== null);
      const keys = withDeadline.map((s) => `${s.dueAt}|${s.id}`);
      expect(keys).toEqual([...keys].sort());
      expect(
        seen
          .slice(-2)
          .map((s) => s.id)
          .sort(),
      ).toEqual([...paused].sort());
      expect(pages).toBe(5);
    });

    it('does not repeat or skip an earlier case when a new one arrives between pages', async () => {
      const first = await get('operator', '/api/queues/to_accept?limit=2');
      await file({ description: '翻页期间新到的诉求' });
      const rest: string[] = [];
      let cursor = first.body.nextCursor as string | null;
      while (cursor) {
        const res = await get('operator', `/api/queues/to_accept?limit=2&cursor=${cursor}`);
        rest.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      }
      const firstIds = first.body.items.map((i: { id: string }) => i.id);
      expect(rest.filter((id) => firstIds.includes(id))).toEqual([]);
      const all = await get('operator', '/api/queues/counts');
      expect(firstIds.length + rest.length).toBeGreaterThanOrEqual(all.body.to_accept - 1);
    });
  });
  describe('supervised cases', () => {
    it('lists the cases the centre supervises under 督办件, for the centre and the unit holding them, until closed', async () => {
      const supervisor = await principalOf(server, 'supervisor1');
      const at = (hhmm: string) => fromShanghaiLocal(`2026-11-04T${hhmm}`);
      const row = await file({ description: '督办测试：路面塌陷无人处理' }, at('09:00'));
      await accept(row.id, at('09:10'));
      await dispatch(row.id, 'T01', at('09:20'));
      const before = (await get('operator', '/api/queues/counts')).body.supervised as number;
      const unitBefore = (await get('t01', '/api/queues/counts')).body.supervised as number;
      await workflow.act(row.id, { type: 'supervise', note: '请加快处理' }, supervisor, { now: at('10:00') });

      const list = await get('operator', '/api/queues/supervised');
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(row.id);
      expect((await get('operator', '/api/queues/counts')).body.supervised).toBe(before + 1);
      expect((await get('t01', '/api/queues/counts')).body.supervised).toBe(unitBefore + 1);
      expect((await get('t03v02', '/api/queues/supervised')).body.items.map((i: { id: string }) => i.id)).not.toContain(
        row.id,
      );
    });
  });
  describe('reopen requests', () => {
    it('lists a closed case whose resident asked to reopen it for the centre, and for no unit', async () => {
      const resident = await principalOf(server, 'resident1');
      const supervisor = await principalOf(server, 'supervisor1');
      const t01 = staff.t01_handler!;
      const at = (hhmm: string) => fromShanghaiLocal(`2026-11-03T${hhmm}`);
      let row = await file({ filerUserId: resident.userId, description: '重办测试：井盖缺失' }, at('09:00'));
      await accept(row.id, at('09:10'));
      await dispatch(row.id, 'T01', at('09:20'));
      await workflow.act(row.id, { type: 'sign' }, t01, { now: at('09:30') });
      await workflow.act(row.id, { type: 'reply', text: '已补装井盖' }, t01, { now: at('10:00') });
      await workflow.act(row.id, { type: 'review', decision: 'approve' }, supervisor, { now: at('10:30') });
      row = await workflow.act(row.id, { type: 'callback', satisfaction: 'satisfied', solved: true }, staff.operator!, {
        now: at('11:00'),
      });
      expect(row.status).toBe('closed');
      const before = (await get('operator', '/api/queues/counts')).body.reopen_requests as number;
      await workflow.act(row.id, { type: 'request_reopen', reason: '井盖又被偷了' }, resident, { now: at('15:00') });

      const list = await get('operator', '/api/queues/reopen_requests');
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(row.id);
      expect((await get('operator', '/api/queues/counts')).body.reopen_requests).toBe(before + 1);
      const unitView = await get('t01', '/api/queues/reopen_requests');
      expect(unitView.body.items.map((i: { id: string }) => i.id)).not.toContain(row.id);
    });
  });

  describe('indexes', () => {
    // The flag tabs and a unit's tabs read partial indexes that a new case never enters (migration
    // 0025). If a query stopped implying such an index's WHERE (a flag compared with `in`, say),
    // the tab would read the whole table at a county's size; these check the plan of the query
    // the API runs, its parameters bound as the API binds them. PostgreSQL would scan a table
    // this small anyway, so there sequential scans are ruled out for the check.
    const planOf = async (run: (repo: QueuesRepository) => Promise<unknown>): Promise<string> => {
      const db = server.database.db;
      // Subqueries pass through transformQuery too; only what was executed comes back as a result.
      const compiled = new Map<unknown, CompiledQuery>();
      const executed: CompiledQuery[] = [];
      const capture: KyselyPlugin = {
        transformQuery: ({ node, queryId }) => {
          compiled.set(queryId, db.getExecutor().compileQuery(node, queryId));
          return node;
        },
        transformResult: async ({ result, queryId }) => {
          executed.push(compiled.get(queryId)!);
          return result;
        },
      };
      await run(new QueuesRepository({ ...server.database, db: db.withPlugin(capture) }));
      const query = executed[0]!;
      if (server.database.kind === 'sqlite') {
        const { rows } = await db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
        );
        return rows.map((r) => r.detail).join('\n');
      }
      return db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
        const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    const county: QueueScope = { kind: 'all' };

    it('reads the problem and extension tabs from indexes of flagged cases only', async () => {
      expect(await planOf((repo) => repo.page('problem', county, {}, null, 20))).toContain('cases_problem_due_idx');
      expect(await planOf((repo) => repo.page('extension_requests', county, {}, null, 20))).toContain(
        'cases_extension_due_idx',
      );
    });

    it("counts a unit's filtered tabs from the indexes of held cases only", async () => {
      const t01: QueueScope = { kind: 'unit', unitId: units.T01! };
      const plan = await planOf((repo) => repo.countsQueried(queueTabs, t01, { channel: 'phone' }));
      expect(plan).toContain('cases_assignee_due_idx');
      expect(plan).toContain('cases_responsible_due_idx');
    });
  });

  describe('counts kept with every case write', () => {
    it('agree with counting the cases themselves, for the county and for every unit, and after a recount', async () => {
      // A case moved through several units: dispatched to a village, sent back, assisted.
      const at = (hhmm: string) => fromShanghaiLocal(`2026-11-04T${hhmm}`);
      const moved = await file({ description: '计数测试：积水' }, at('09:00'));
      await accept(moved.id, at('09:05'));
      await dispatch(moved.id, 'T01V01', at('09:10'));
      await workflow.act(moved.id, { type: 'return', reason: '不属于本村职责范围' }, staff.t01v01_handler!, {
        now: at('09:20'),
      });
      // Another held by a township, forwarded to its village, with a department assisting.
      const assisted = await file({ description: '计数测试：占道' }, at('10:00'));
      await accept(assisted.id, at('10:05'));
      await workflow.act(
        assisted.id,
        {
          type: 'dispatch',
          leadUnit: await workflow.unitRef(units.T01!),
          assistingUnits: [await workflow.unitRef(units['D-ZJJ']!)],
        },
        staff.dispatcher!,
        { now: at('10:10') },
      );
      await workflow.act(assisted.id, { type: 'sign' }, staff.t01_handler!, { now: at('10:20') });
      await workflow.act(assisted.id, { type: 'forward', village: await workflow.unitRef(units.T01V01!) }, staff.t01_handler!, {
        now: at('10:30'),
      });
      const repo = server.app.get(QueuesRepository);
      const all = await server.database.db.selectFrom('units').select('id').execute();
      const scopes: QueueScope[] = [{ kind: 'all' }];
      for (const u of all) scopes.push({ kind: 'unit', unitId: u.id });
      const compare = async () => {
        for (const scope of scopes) {
          expect([scope, await repo.counts(queueTabs, scope, {})]).toEqual([
            scope,
            await repo.countsQueried(queueTabs, scope, {}),
          ]);
        }
      };
      await compare();
      await repo.recount();
      await compare();
      const t01 = await get('t01', '/api/queues/counts');
      expect(t01.status).toBe(200);
    });
  });
});
