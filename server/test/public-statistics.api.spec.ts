// The public statistics page and map, without sign-in: the same figures as the staff measures.
import { shanghaiDate } from '@hotline/core';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`public statistics on ${testDbKind}`, () => {
  let server: TestServer;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, unitCode] of [
      ['operator', 'operator'],
      ['dispatcher', 'dispatcher'],
      ['supervisor', 'supervisor'],
      ['t01', 'handler', 'T01'],
    ] as const) {
      token[name] = await devLogin(server, role, unitCode);
    }
    const t01 = (await server.database.db.selectFrom('units').select('id').where('code', '=', 'T01').executeTakeFirstOrThrow()).id;
    const act = async (id: string, action: string, as: string, body: unknown = {}) => {
      const res = await server.request('POST', `/api/staff/cases/${id}/${action}`, { token: token[as], body });
      if (res.status !== 200) throw new Error(`${action}: ${res.text}`);
    };
    for (const [category, n] of [['010101', 3], ['030104', 1]] as const) {
      for (let i = 0; i < n; i++) {
        const filed = await server.request('POST', '/api/cases/phone', {
          token: token.operator,
          body: {
            callerPhone: '13912345678',
            demandType: 'help',
            categoryCode: category,
            description: `公开统计测试诉求 ${category}-${i}`,
            townshipCode: '421199001000',
            acceptNow: true,
            ...(category === '030104' ? { answers: { period: 'night', source: ['shop'] } } : {}),
          },
        });
        if (i === 0 && category === '010101') {
          await act(filed.body.id, 'dispatch', 'dispatcher', { leadUnitId: t01 });
          await act(filed.body.id, 'sign', 't01');
          await act(filed.body.id, 'reply', 't01', { text: '已修复' });
          await act(filed.body.id, 'review', 'supervisor', { decision: 'approve' });
          await act(filed.body.id, 'callback', 'operator', { satisfaction: 'satisfied', solved: true });
        }
      }
    }
  });
  afterAll(() => server?.close());

  it('shows this month’s volume and the five months before, top categories and the units’ rates, without sign-in', async () => {
    const month = shanghaiDate(new Date()).slice(0, 7);
    const res = await server.request('GET', '/api/public/statistics');
    expect(res.status).toBe(200);
    expect(res.body.month).toBe(month);
    expect(res.body.volume).toHaveLength(6);
    expect(res.body.volume[5]).toEqual({ month, filed: 4 });
    expect(res.body.volume.slice(0, 5).every((v: { filed: number }) => v.filed === 0)).toBe(true);
    expect(res.body.topCategories).toEqual([
      { code: '010101', name: '路灯损坏', filed: 3 },
      { code: '030104', name: '社会生活噪声', filed: 1 },
    ]);
    const staff = await server.request('GET', `/api/measures?from=${month}-01&to=${shanghaiDate(new Date())}`, { token: token.supervisor });
    const t01Staff = staff.body.units.find((u: { code: string }) => u.code === 'T01');
    expect(res.body.units).toEqual([
      expect.objectContaining({
        name: t01Staff.name,
        responseRate: t01Staff.responseRate,
        resolutionRate: 1,
        satisfactionRate: 1,
        onTimeRate: t01Staff.onTimeRate,
      }),
    ]);
    expect(res.text).not.toContain('13912345678');
    const past = await server.request('GET', '/api/public/statistics?month=2026-01');
    expect(past.body.volume.map((v: { month: string }) => v.month)).toEqual(['2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01']);
    expect((await server.request('GET', '/api/public/statistics?month=2026-13')).status).toBe(400);
  });

  it('serves the townships’ outlines for the map from the seed', async () => {
    const res = await server.request('GET', '/api/public/map');
    expect(res.status).toBe(200);
    expect(res.body.townships).toHaveLength(6);
    expect(res.body.townships[0]).toMatchObject({ code: '421199001000', name: '城关街道' });
    expect(res.body.townships[0].rings[0].length).toBeGreaterThan(3);
  });
});
