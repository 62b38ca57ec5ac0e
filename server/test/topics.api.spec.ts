// 每月一题 over real HTTP: an analyst marks last month's matter (street lights in 城关街道); its
// page shows the matter's volume and rates month by month before, in and after the topic's month.
import { shanghaiDate } from '@hotline/core';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`monthly topics on ${testDbKind}`, () => {
  let server: TestServer;
  const token: Record<string, string> = {};
  const T01 = '421199001000';
  const addMonths = (month: string, n: number) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
  };
  const thisMonth = () => shanghaiDate(new Date()).slice(0, 7);
  const topicMonth = () => addMonths(thisMonth(), -1);

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, unit] of [
      ['operator', 'operator'],
      ['analyst', 'analyst'],
      ['supervisor', 'supervisor'],
      ['t01manager', 'unit_manager', 'T01'],
    ] as const) {
      token[name] = await devLogin(server, role, unit);
    }
    // The matter's history: 9, 8 and 12 street-light demands in 城关街道 in the three months before the topic's month, 6 in it.
    const history: Array<[number, number]> = [[-3, 9], [-2, 8], [-1, 12], [0, 6]];
    await server.database.db
      .insertInto('case_rollups')
      .values(
        history.map(([offset, filed]) => ({
          day: `${addMonths(topicMonth(), offset)}-15`,
          unit_id: '',
          category_code: '010101',
          township_code: T01,
          channel: 'phone',
          filed,
        })),
      )
      .execute();
    // This month, after the topic: two more, filed for real (and one elsewhere, which does not count).
    for (const [townshipCode, description] of [[T01, '府前路路灯不亮'], [T01, '人民路路灯不亮'], ['421199002000', '东湖路路灯不亮']]) {
      const res = await server.request('POST', '/api/cases/phone', {
        token: token.operator,
        body: { callerPhone: '13912345678', demandType: 'help', categoryCode: '010101', description, townshipCode, acceptNow: true },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => server.close());

  it('should let an analyst mark the month’s matter once, and show it month by month before and after', async () => {
    const created = await server.request('POST', '/api/analytics/topics', {
      token: token.analyst,
      body: { month: topicMonth(), categoryCode: '010101', townshipCode: T01, title: '城关街道路灯损坏' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ month: topicMonth(), categoryName: '路灯损坏', townshipName: '城关街道' });

    const again = await server.request('POST', '/api/analytics/topics', {
      token: token.analyst,
      body: { month: topicMonth(), categoryCode: '010201', title: '另一件事' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    const detail = await server.request('GET', `/api/analytics/topics/${created.body.id}`, { token: token.supervisor });
    expect(detail.status).toBe(200);
    const months = detail.body.months as Array<{ period: string; phase: string; counts: { filed: number } }>;
    // Six months before the topic's month, the month itself and this month (the future is not shown).
    expect(months.map((m) => m.period)).toEqual([-6, -5, -4, -3, -2, -1, 0, 1].map((n) => addMonths(topicMonth(), n)));
    expect(months.map((m) => m.phase)).toEqual(['before', 'before', 'before', 'before', 'before', 'before', 'topic', 'after']);
    expect(months.slice(3).map((m) => m.counts.filed)).toEqual([9, 8, 12, 6, 2]);

    const list = await server.request('GET', '/api/analytics/topics', { token: token.analyst });
    expect(list.body.items.map((t: { title: string }) => t.title)).toEqual(['城关街道路灯损坏']);
  });

  it('should let only analysts mark topics, and refuse unknown matters and bad months', async () => {
    const month = addMonths(thisMonth(), 1);
    const bySupervisor = await server.request('POST', '/api/analytics/topics', {
      token: token.supervisor,
      body: { month, categoryCode: '010101', title: '路灯' },
    });
    expect(bySupervisor.status).toBe(403);
    for (const body of [
      { month, categoryCode: '999999', title: '不存在的分类' },
      { month, categoryCode: '010101', townshipCode: '421199999000', title: '不存在的乡镇' },
      { month: '2026-13', categoryCode: '010101', title: '月份不对' },
    ]) {
      const res = await server.request('POST', '/api/analytics/topics', { token: token.analyst, body });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await server.request('GET', '/api/analytics/topics', { token: token.t01manager })).status).toBe(403);
    expect((await server.request('GET', '/api/analytics/topics/999999', { token: token.analyst })).status).toBe(404);
  });
});
