// The hot-spot map over real HTTP: located cases counted per ~500 m hexagon, drawn over the
// townships' boundaries, and a tapped cell listing its cases.
import { shanghaiDate } from '@hotline/core';
import { latLngToCell } from 'h3-js';
import { CaseWorkflowService, type NewCaseInput } from '../src/cases/case-workflow.service';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`hot spots API on ${testDbKind}`, () => {
  let server: TestServer;
  const token: Record<string, string> = {};
  const today = shanghaiDate(new Date());
  const market = { lat: 30.5012, lng: 114.9031 };
  const farAway = { lat: 30.56, lng: 114.99 };
  const tracking: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    token.analyst = await devLogin(server, 'analyst');
    token.handler = await devLogin(server, 'handler', 'T01');
    const operator = await server.database.db
      .selectFrom('users')
      .select(['id', 'role', 'unit_id'])
      .where('username', '=', 'operator1')
      .executeTakeFirstOrThrow();
    const workflow = server.app.get(CaseWorkflowService);
    const file = (point: { lat: number; lng: number }, categoryCode: string, offset: number) =>
      workflow.submit(
        {
          demandType: 'complaint',
          urgency: 'normal',
          channel: 'phone',
          categoryCode,
          description: '农贸市场门口夜间噪音扰民，联系电话13912345678',
          address: '府前路菜市场',
          location: { lat: point.lat + offset, lng: point.lng, accuracyM: 10, crs: 'wgs84' },
          townshipCode: '421199001000',
          villageCode: null,
          filerUserId: null,
          contactName: '王先生',
          contactPhone: '13912345678',
          anonymous: false,
          consentVersion: null,
          callId: null,
          callbackWanted: false,
          mediaIds: [],
        } satisfies NewCaseInput,
        { userId: operator.id, role: operator.role, unitId: operator.unit_id },
      );
    for (const offset of [0, 0.0004, -0.0003]) tracking.push((await file(market, '010101', offset)).tracking_number);
    await file(farAway, '010101', 0);
    await file(market, '010102', 0.0001);
  });

  afterAll(() => server?.close());

  const get = (path: string, as = 'analyst') => server.request('GET', path, { token: token[as] });

  it('should count a category’s located cases per hexagon and send the township boundaries to draw them on', async () => {
    const res = await get(`/api/analytics/hotspots?from=${today}&to=${today}&categoryCode=010101`);
    expect(res.status).toBe(200);
    const counts = Object.fromEntries(res.body.cells.map((c: { cell: string; cases: number }) => [c.cell, c.cases]));
    expect(counts).toEqual({ [latLngToCell(market.lat, market.lng, 8)]: 3, [latLngToCell(farAway.lat, farAway.lng, 8)]: 1 });
    const ring = res.body.cells[0].boundary;
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring[6]);
    expect(res.body.townships).toHaveLength(6);
    expect(res.body.townships[0].geometry.type).toMatch(/Polygon/);
    const all = await get(`/api/analytics/hotspots?from=${today}&to=${today}`);
    expect(all.body.cells.find((c: { cell: string }) => c.cell === latLngToCell(market.lat, market.lng, 8)).cases).toBe(4);
  });

  it('should list the cases of a tapped cell without the caller’s contact data', async () => {
    const cell = latLngToCell(market.lat, market.lng, 8);
    const res = await get(`/api/analytics/hotspots/${cell}/cases?from=${today}&to=${today}&categoryCode=010101`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { trackingNumber: string }) => i.trackingNumber).sort()).toEqual([...tracking].sort());
    expect(JSON.stringify(res.body)).not.toContain('王先生');
    expect(res.body.items[0].summary.length).toBeLessThanOrEqual(60);
  });

  it('should refuse a unit handler, a malformed cell and a period in the future', async () => {
    expect((await get(`/api/analytics/hotspots?from=${today}&to=${today}`, 'handler')).status).toBe(403);
    const bad = await get(`/api/analytics/hotspots/zzz/cases?from=${today}&to=${today}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const coarse = await get(`/api/analytics/hotspots/${latLngToCell(market.lat, market.lng, 5)}/cases?from=${today}&to=${today}`);
    expect(coarse.status).toBe(400);
    const future = await get('/api/analytics/hotspots?from=2099-01-01&to=2099-01-31');
    expect(future.status).toBe(400);
  });
});
