// The unit measures over real HTTP: cases worked through the workflow, then the rates a
// supervisor reads for the period; and the staff directory the pickers use.
import { addWorkingDays, createWorkCalendar, shanghaiDate } from '@hotline/core';
import { withRowGuardsLifted } from '../src/database/migrations/0009_keyed_audit';
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
  });

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

    const res = await server.request('GET', `/api/measures?from=${today()}&to=${plusDays(today(), 30)}`, {
      token: token.supervisor,
    });
    const zjj = res.body.units.find((u: { code: string }) => u.code === 'D-ZJJ');
    // Help is due in 5 working days: 7 is late, unless 5 more were granted.
    expect(zjj).toMatchObject({ replied: 2, repliedOnTime: 1, onTimeRate: 0.5 });
  });
});
