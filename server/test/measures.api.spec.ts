// The unit measures over real HTTP: cases worked through the workflow, then the rates a
// supervisor reads for the period; and the staff directory the pickers use.
import { addWorkingDays, createWorkCalendar, shanghaiDate } from '@hotline/core';
import { RollupsService } from '../src/analytics/rollups.service';
import { MeasuresService } from '../src/measures/measures.service';
import { withRowGuardsLifted } from '../src/database/migrations/0011_keyed_audit';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`unit measures API on ${testDbKind}`, () => {
  let server: TestServer;
  const token: Record<string, string> = {};
  const unit: Record<string, string> = {};

  const post = async (path: string, as: string, body: unknown = {}) => {
    const res = await server.request('POST', path, { token: token[as], body });
    if (res.status >= 300) throw new Error(`${path} as ${as}: ${res.status} ${res.text}`);
    return res.body;
  };
  const act = (id: string, action: string, as: string, body: unknown = {}) =>
    post(`/api/staff/cases/${id}/${action}`, as, body);
  const call = async (description: string): Promise<string> => {
    const filed = await post('/api/cases/phone', 'operator', {
      callerPhone: '13912345678',
      demandType: 'help',
      categoryCode: '010101',
      description,
      townshipCode: '421199001000',
      acceptNow: true,
    });
    return filed.id as string;
  };
  const dispatched = async (description: string, unitCode: string) => {
    const id = await call(description);
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit[unitCode] });
    return id;
  };
  const today = () => shanghaiDate(new Date());
  const plusDays = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, unitCode] of [
      ['operator', 'operator'],
      ['dispatcher', 'dispatcher'],
      ['supervisor', 'supervisor'],
      ['analyst', 'analyst'],
      ['t01', 'handler', 'T01'],
      ['t02', 'handler', 'T02'],
      ['zjj', 'handler', 'D-ZJJ'],
      ['t01manager', 'unit_manager', 'T01'],
      ['admin', 'admin'],
    ] as const) {
      token[name] = await devLogin(server, role, unitCode);
    }
    for (const row of await server.database.db.selectFrom('units').select(['id', 'code']).execute())
      unit[row.code] = row.id;

    // Signed in time, replied, sent back, replied again, approved, called back satisfied and solved.
    const solved = await dispatched('路灯不亮已经三天', 'T01');
    await act(solved, 'sign', 't01');
    await act(solved, 'reply', 't01', { text: '已派人查看' });
    await act(solved, 'review', 'supervisor', { decision: 'send_back', note: '未说明结果' });
    await act(solved, 'reply', 't01', { text: '已更换灯泡，恢复照明' });
    await act(solved, 'review', 'supervisor', { decision: 'approve' });
    await act(solved, 'callback', 'operator', { satisfaction: 'basically_satisfied', solved: true });

    // Returned by T01, redispatched to T02, which has not signed.
    const returned = await dispatched('路边垃圾无人清运', 'T01');
    await act(returned, 'return', 't01', { reason: '不属于本单位职责' });
    await act(returned, 'rule-return', 'dispatcher', { decision: 'redispatch', leadUnitId: unit.T02 });

    // Signed three days after the dispatch: past the two-working-hour limit.
    const late = await dispatched('井盖缺失', 'T01');
    await act(late, 'sign', 't01');
    const dispatchedAt = await server.database.db
      .selectFrom('case_events')
      .select('at')
      .where('case_id', '=', late)
      .where('type', '=', 'dispatch')
      .executeTakeFirstOrThrow();
    // Back-dating a sign needs the append-only triggers lifted, as only the tables' owner could.
    await withRowGuardsLifted(server.database.db as never, 'case_events', () =>
      server.database.db
        .updateTable('case_events')
        .set({ at: new Date(Date.parse(dispatchedAt.at) + 3 * 86_400_000).toISOString() })
        .where('case_id', '=', late)
        .where('type', '=', 'sign')
        .execute(),
    );
    // The log now says it was signed late: the roll-ups are rebuilt from it, as the admin command does.
    await rebuild();
  });

  const rebuild = () => server.app.get(RollupsService).rebuild();

  afterAll(() => server?.close());

  it('should show a supervisor each unit’s response, resolution, satisfaction, on-time, return and sent-back rates', async () => {
    const res = await server.request('GET', `/api/measures?from=${today()}&to=${plusDays(today(), 5)}`, {
      token: token.supervisor,
    });
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries((res.body.units as Array<{ code: string }>).map((u) => [u.code, u]));
    expect(Object.keys(byCode).sort()).toEqual(['T01', 'T02']);
    expect(byCode.T01).toMatchObject({
      name: expect.any(String),
      kind: 'township',
      dispatched: 3,
      signedInTime: 1,
      responseRate: 0.3333,
      returned: 1,
      returnRate: 0.3333,
      replied: 2,
      repliedOnTime: 2,
      onTimeRate: 1,
      sentBack: 1,
      sentBackRate: 0.5,
      rated: 1,
      solved: 1,
      satisfied: 1,
      resolutionRate: 1,
      satisfactionRate: 1,
    });
    expect(byCode.T02).toMatchObject({
      dispatched: 1,
      signedInTime: 0,
      responseRate: 0,
      replied: 0,
      onTimeRate: null,
      rated: 0,
      satisfactionRate: null,
    });
  });

  it('should count only what happened in the chosen period', async () => {
    const res = await server.request('GET', '/api/measures?from=2025-01-01&to=2025-12-31', { token: token.analyst });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: '2025-01-01', to: '2025-12-31', units: [] });
  });

  it('should refuse a handler and a period that ends before it starts', async () => {
    expect(
      (await server.request('GET', `/api/measures?from=${today()}&to=${today()}`, { token: token.t01 })).status,
    ).toBe(403);
    const backwards = await server.request('GET', '/api/measures?from=2026-11-02&to=2026-11-01', {
      token: token.dispatcher,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('VALIDATION_FAILED');
  });

  it('should document how each rate is computed', async () => {
    const doc = await server.request('GET', '/api/openapi.json');
    const description: string = doc.body.paths['/api/measures'].get.description;
    for (const name of ['响应率', '解决率', '满意率', '按时办结率', '退单率', '发回重办率'])
      expect(description).toContain(name);
  });

  it('should give a township handler its villages and the categories for the pickers', async () => {
    const res = await server.request('GET', '/api/staff/directory', { token: token.t01 });
    expect(res.status).toBe(200);
    const village = res.body.units.find((u: { code: string }) => u.code === 'T01V01');
    expect(village).toMatchObject({ id: unit.T01V01, kind: 'village', parentId: unit.T01 });
    expect(res.body.categories.find((c: { code: string }) => c.code === '010101')).toMatchObject({ isLeaf: true });
  });

  /** Moves a case's reply to `workingDays` after its sign (as if it took that long). */
  const replyAfter = async (caseId: string, workingDays: number) => {
    const db = server.database.db;
    const signed = await db
      .selectFrom('case_events')
      .select('at')
      .where('case_id', '=', caseId)
      .where('type', '=', 'sign')
      .executeTakeFirstOrThrow();
    const at = addWorkingDays(createWorkCalendar(), signed.at, workingDays).toISOString();
    await withRowGuardsLifted(db as never, 'case_events', () =>
      db.updateTable('case_events').set({ at }).where('case_id', '=', caseId).where('type', '=', 'reply').execute(),
    );
  };

  it('should count a reply as on time when a granted extension moved its deadline', async () => {
    const extended = await dispatched('小区二次供水水压不足', 'D-ZJJ');
    await act(extended, 'sign', 'zjj');
    await act(extended, 'request-extension', 'zjj', { workingDays: 5, reason: '需协调供水公司更换加压泵' });
    await act(extended, 'rule-extension', 'supervisor', { decision: 'grant' });
    await act(extended, 'reply', 'zjj', { text: '已更换加压泵' });
    await replyAfter(extended, 7);
    const late = await dispatched('小区楼道灯不亮', 'D-ZJJ');
    await act(late, 'sign', 'zjj');
    await act(late, 'reply', 'zjj', { text: '已修复' });
    await replyAfter(late, 7);
    await rebuild();

    const res = await server.request('GET', `/api/measures?from=${today()}&to=${plusDays(today(), 30)}`, {
      token: token.supervisor,
    });
    const zjj = res.body.units.find((u: { code: string }) => u.code === 'D-ZJJ');
    // Help is due in 5 working days: 7 is late, unless 5 more were granted.
    expect(zjj).toMatchObject({ replied: 2, repliedOnTime: 1, onTimeRate: 0.5 });
  });

  const get = (path: string, as: string) => server.request('GET', path, { token: token[as] });
  const period = () => `from=${today()}&to=${today()}`;

  it('should rank the units by their rates, with last period beside them and the definitions', async () => {
    const res = await get(`/api/analytics/measures?${period()}&by=unit`, 'analyst');
    expect(res.status).toBe(200);
    expect(res.body.previousTo).toBe(plusDays(today(), -1));
    const t01 = res.body.rows.find((r: { key: string }) => r.key === unit.T01);
    const t02 = res.body.rows.find((r: { key: string }) => r.key === unit.T02);
    expect(t01).toMatchObject({ name: expect.any(String), unitKind: 'township', counts: { dispatched: 3, signedInTime: 1 } });
    // T01: response 1/3, resolution 1, satisfaction 1, on time 1; T02 signed nothing in time.
    expect(t01.score).toBeCloseTo((1 / 3 + 3) / 4, 3);
    expect(t02.score).toBe(0);
    expect(t01.rank).toBeLessThan(t02.rank);
    const scores = res.body.rows.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.body.rows.map((r: { rank: number }) => r.rank)[0]).toBe(1);
    expect(t01.previous.rank).toBeNull();
    expect(t01.change.responseRate).toBeNull();
    expect(res.body.definitions.responseRate).toContain('响应率');
  });

  it('should group by township and by category, and filter by a parent category', async () => {
    const byTownship = await get(`/api/analytics/measures?${period()}&by=township`, 'supervisor');
    expect(byTownship.status).toBe(200);
    const cg = byTownship.body.rows.find((r: { key: string }) => r.key === '421199001000');
    expect(cg.counts.filed).toBeGreaterThanOrEqual(3);
    expect(cg.name).toBe('城关街道');
    const byCategory = await get(`/api/analytics/measures?${period()}&by=category&categoryCode=01`, 'supervisor');
    expect(byCategory.body.rows.map((r: { key: string }) => r.key)).toContain('010101');
    const otherCategory = await get(`/api/analytics/measures?${period()}&by=category&categoryCode=02`, 'supervisor');
    expect(otherCategory.body.rows.map((r: { key: string }) => r.key)).not.toContain('010101');
  });

  it('should draw daily, weekly and monthly trends with every period present', async () => {
    const from = plusDays(today(), -13);
    const daily = await get(`/api/analytics/trends?from=${from}&to=${today()}&interval=day&channel=phone`, 'analyst');
    expect(daily.status).toBe(200);
    expect(daily.body.points).toHaveLength(14);
    expect(daily.body.points[13]).toMatchObject({ period: today(), counts: { filed: expect.any(Number) } });
    expect(daily.body.points[13].counts.filed).toBeGreaterThanOrEqual(5);
    expect(daily.body.points[0].counts.filed).toBe(0);
    const wechatOnly = await get(`/api/analytics/trends?from=${today()}&to=${today()}&channel=wechat`, 'analyst');
    expect(wechatOnly.body.points[0].counts.filed).toBe(0);
    const weekly = await get(`/api/analytics/trends?from=${from}&to=${today()}&interval=week`, 'analyst');
    const filedWeekly = weekly.body.points.reduce((n: number, p: { counts: { filed: number } }) => n + p.counts.filed, 0);
    expect(filedWeekly).toBe(daily.body.points.reduce((n: number, p: { counts: { filed: number } }) => n + p.counts.filed, 0));
    const monthly = await get(`/api/analytics/trends?from=${today().slice(0, 7)}-01&to=${today()}&interval=month`, 'analyst');
    expect(monthly.body.points).toEqual([expect.objectContaining({ period: today().slice(0, 7) })]);
  });

  it('should answer 400 with the error shape for periods over 5 years, future periods and unknown filters', async () => {
    const cases: Array<[string, string]> = [
      ['/api/analytics/measures?from=2019-01-01&to=2026-01-01', 'to'],
      [`/api/analytics/trends?from=${plusDays(today(), 3)}&to=${plusDays(today(), 9)}`, 'from'],
      [`/api/analytics/measures?${period()}&unitId=00000000-0000-0000-0000-000000000000`, 'unitId'],
      [`/api/analytics/trends?${period()}&categoryCode=999999`, 'categoryCode'],
      [`/api/analytics/trends?${period()}&townshipCode=421199999000`, 'townshipCode'],
      [`/api/analytics/trends?${period()}&interval=hour`, 'interval'],
    ];
    for (const [path, field] of cases) {
      const res = await get(path, 'analyst');
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  it('should show a unit manager only their own unit, and another unit as if it did not exist', async () => {
    const own = await get(`/api/analytics/measures?${period()}`, 't01manager');
    expect(own.status).toBe(200);
    expect(own.body.rows.map((r: { key: string }) => r.key)).toEqual([unit.T01]);
    const legacy = await get(`/api/measures?${period()}`, 't01manager');
    expect(legacy.body.units.map((u: { code: string }) => u.code)).toEqual(['T01']);
    const other = await get(`/api/analytics/measures?${period()}&unitId=${unit.T02}`, 't01manager');
    const missing = await get(`/api/analytics/measures?${period()}&unitId=00000000-0000-0000-0000-000000000000`, 't01manager');
    expect(other.status).toBe(400);
    expect({ ...other.body, requestId: null }).toEqual({ ...missing.body, requestId: null });
    expect((await get(`/api/analytics/trends?${period()}`, 't01')).status).toBe(403);
  });

  it('should give the public statistics the same figures as the staff measures', async () => {
    const month = today().slice(0, 7);
    const stats = await server.app.get(MeasuresService).publicMonthStatistics(month);
    const staff = await get(`/api/analytics/measures?from=${month}-01&to=${today()}&by=unit`, 'analyst');
    const t01 = staff.body.rows.find((r: { key: string }) => r.key === unit.T01);
    expect(stats.units.find((u) => u.code === 'T01')?.rates).toEqual(t01.rates);
    expect(stats.topCategories[0]).toMatchObject({ code: '010101', name: expect.any(String) });
    const trend = await get(`/api/analytics/trends?from=${month}-01&to=${today()}&interval=month`, 'analyst');
    expect(stats.filed).toBe(trend.body.points[0].counts.filed);
    expect(stats.filed).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(stats)).not.toContain('1391234');
  });

  it('should keep past periods judged by the rules then in force when the policy changes and the roll-ups are rebuilt', async () => {
    const before = await get(`/api/measures?${period()}`, 'supervisor');
    const policy = (await get('/api/admin/policy', 'admin')).body.policy;
    const stricter = { ...policy, sign: { normal: { amount: 1, unit: 'working_minutes' }, urgent: { amount: 1, unit: 'working_minutes' } } };
    const put = await server.request('PUT', '/api/admin/policy', { token: token.admin, body: stricter });
    expect(put.status).toBe(200);
    await rebuild();
    const after = await get(`/api/measures?${period()}`, 'supervisor');
    expect(after.body).toEqual(before.body);
  });
});
