// Repeated demands over real HTTP and the real scheduler: residents file street-light demands a
// few metres apart; the third makes one matter that the unit's leaders and the supervisors hear
// of, and its page lists every case; others join it, farther or other matters do not.
import { randomUUID } from 'node:crypto';
import { matterLinkFor, shanghaiDate } from '@hotline/core';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { devLogin, inboxItemsOf, startTestServer, testDbKind, type TestServer } from './harness';

describe(`repeated demands on ${testDbKind}`, () => {
  let server: TestServer;
  let scheduler: SchedulerService;
  const token: Record<string, string> = {};
  const unit: Record<string, string> = {};
  // 城关街道: a point and places north of it, in metres.
  const HERE = { lat: 30.4738, lng: 114.8771 };
  const north = (m: number) => ({ lat: HERE.lat + m / 111_320, lng: HERE.lng });

  const file = async (point: { lat: number; lng: number }, description: string, categoryCode = '010101') => {
    const res = await server.request('POST', '/api/cases', {
      token: token.resident,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        demandType: 'help',
        categoryCode,
        description,
        location: { ...point, coordinateSystem: 'wgs84' },
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      },
    });
    if (res.status !== 201) throw new Error(`filing: ${res.status} ${res.text}`);
    return res.body as { id: string; trackingNumber: string };
  };
  const messages = (who: string) => inboxItemsOf(server, token[who]!, 'repeat');
  const today = () => shanghaiDate(new Date());

  beforeAll(async () => {
    server = await startTestServer();
    scheduler = server.app.get(SchedulerService);
    for (const [name, role, unitCode] of [
      ['resident', 'resident'],
      ['operator', 'operator'],
      ['supervisor', 'supervisor'],
      ['analyst', 'analyst'],
      ['t01manager', 'unit_manager', 'T01'],
      ['zjjmanager', 'unit_manager', 'D-ZJJ'],
      ['t01', 'handler', 'T01'],
    ] as const) {
      token[name] = await devLogin(server, role, unitCode);
    }
    for (const row of await server.database.db.selectFrom('units').select(['id', 'code']).execute()) unit[row.code] = row.id;
  });
  afterAll(() => server.close());

  const matter: Array<{ id: string; trackingNumber: string }> = [];

  it('should not call two demands a repeated matter', async () => {
    const first = await file(HERE, '府前路8号路灯不亮');
    // The centre sends the first to 城关街道: its leaders are the ones to hear of the matter.
    await server.request('POST', `/api/staff/cases/${first.id}/accept`, { token: token.operator, body: {} });
    const dispatched = await server.request('POST', `/api/staff/cases/${first.id}/dispatch`, { token: token.operator, body: { leadUnitId: unit.T01 } });
    expect(dispatched.status).toBe(200);
    matter.push(first, await file(north(80), '府前路10号路灯也不亮'));
    // A different matter at the same place does not count.
    await file(north(40), '府前路井盖缺失', '010201');
    expect((await scheduler.tick(new Date())).repeats).toBe(0);
    expect(await messages('supervisor')).toEqual([]);
  });

  it('should tell the unit’s leaders and the supervisors of a third demand on the same matter nearby, with every case', async () => {
    matter.push(await file(north(150), '府前路12号路灯三天不亮'));
    expect((await scheduler.tick(new Date())).repeats).toBe(1);
    for (const who of ['supervisor', 't01manager']) {
      const [message, ...more] = await messages(who);
      expect(more).toEqual([]);
      expect(message!.title).toBe('重复诉求：城关街道「路灯损坏」30天内3件');
    }
    // The analysts read it on the list; a handler and another unit's leaders are not told.
    expect(await messages('analyst')).toEqual([]);
    expect(await messages('zjjmanager')).toEqual([]);

    const [message] = await messages('t01manager');
    const id = Number(/id=(\d+)/.exec(message!.link)![1]);
    // The page the weapp check finds declared in app.json.
    expect(message!.link).toBe(matterLinkFor('repeat', id));
    const detail = await server.request('GET', `/api/analytics/repeats/${id}`, { token: token.t01manager });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ categoryName: '路灯损坏', unitId: unit.T01, townshipName: '城关街道', size: 3, radiusM: 300 });
    expect((detail.body.cases as Array<{ trackingNumber: string }>).map((c) => c.trackingNumber).sort()).toEqual(
      matter.map((c) => c.trackingNumber).sort(),
    );
  });

  it('should add a later demand nearby to the same matter without telling anyone again, and leave a farther one out', async () => {
    const farther = await file(north(1200), '城关大道北段路灯不亮');
    matter.push(await file(north(60), '府前路9号路灯不亮'));
    expect((await scheduler.tick(new Date())).repeats).toBe(0);
    expect((await scheduler.tick(new Date())).repeats).toBe(0);
    expect(await messages('supervisor')).toHaveLength(1);
    const list = await server.request('GET', `/api/analytics/repeats?from=${today()}&to=${today()}`, { token: token.analyst });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].size).toBe(4);
    const detail = await server.request('GET', `/api/analytics/repeats/${list.body.items[0].id}`, { token: token.supervisor });
    const numbers = (detail.body.cases as Array<{ trackingNumber: string }>).map((c) => c.trackingNumber);
    expect(numbers.sort()).toEqual(matter.map((c) => c.trackingNumber).sort());
    expect(numbers).not.toContain(farther.trackingNumber);
  });

  it('should show a unit manager only their own unit’s matters, and refuse those without the figures', async () => {
    const list = await server.request('GET', `/api/analytics/repeats?from=${today()}&to=${today()}`, { token: token.zjjmanager });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const id = (await server.request('GET', `/api/analytics/repeats?from=${today()}&to=${today()}`, { token: token.t01manager })).body.items[0].id;
    expect((await server.request('GET', `/api/analytics/repeats/${id}`, { token: token.zjjmanager })).status).toBe(404);
    expect((await server.request('GET', `/api/analytics/repeats?from=${today()}&to=${today()}`, { token: token.t01 })).status).toBe(403);
    expect((await server.request('GET', `/api/analytics/repeats?from=2010-01-01&to=${today()}`, { token: token.analyst })).status).toBe(400);
  });
});
