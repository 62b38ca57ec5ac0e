import sharp from 'sharp';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { LogSmsGateway } from '../src/integrations/sms/log-sms.gateway';
import { SMS_GATEWAY } from '../src/integrations/sms/sms-gateway';
import { pointInGeometry, wgs84ToGcj02 } from '@hotline/core';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const CATEGORY = '010101'; // 路灯损坏, nearby radius 300 m

async function smsResident(server: TestServer, phone: string): Promise<string> {
  await server.request('POST', '/api/auth/sms-code', { body: { phone } });
  const outbox = (server.app.get(SMS_GATEWAY) as LogSmsGateway).outbox.filter((m) => m.phone === phone);
  const res = await server.request('POST', '/api/auth/sms-login', {
    body: { phone, code: outbox[outbox.length - 1]!.params[0] },
  });
  return res.body.accessToken as string;
}

async function uploadPhoto(server: TestServer, token: string): Promise<string> {
  const form = new FormData();
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'p.jpg');
  const res = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { id: string }).id;
}

describe(`filing and following demands on ${testDbKind}`, () => {
  let server: TestServer;
  let alice: string; // filer, phone 13600136000
  let bob: string;
  let village: { code: string; parent_code: string | null };
  let inside: { lat: number; lng: number };
  let key = 0;

  const body = (extra: Record<string, unknown> = {}) => ({
    demandType: 'help',
    categoryCode: CATEGORY,
    description: '小区门口路灯连续三晚不亮，晚上出行不安全',
    location: { lat: inside.lat, lng: inside.lng, coordinateSystem: 'wgs84', accuracyM: 15 },
    address: '幸福路12号门口',
    privacyConsentVersion: '2026-01',
    ...extra,
  });
  const file = (token: string, payload: unknown, idem: string | null = `k-${++key}`) =>
    server.request('POST', '/api/cases', { token, body: payload, headers: idem ? { 'idempotency-key': idem } : {} });

  beforeAll(async () => {
    server = await startTestServer();
    alice = await smsResident(server, '13600136000');
    bob = await smsResident(server, '13600136001');
    const villages = await server.database.db
      .selectFrom('areas')
      .selectAll()
      .where('kind', '=', 'village')
      .orderBy('code')
      .execute();
    for (const v of villages) {
      const geometry = JSON.parse(v.geometry) as { type: string; coordinates: number[][][] };
      const ring = (
        geometry.type === 'Polygon'
          ? geometry.coordinates[0]
          : (geometry.coordinates as unknown as number[][][][])[0]![0]
      )!;
      const c = {
        lng: ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
        lat: ring.reduce((s, p) => s + p[1]!, 0) / ring.length,
      };
      if (pointInGeometry(c, geometry)) {
        village = v;
        inside = c;
        break;
      }
    }
    expect(village).toBeDefined();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('files a demand with a photo: submitted, tracking number, village found from the point, photo readable by the filer', async () => {
    const photo = await uploadPhoto(server, alice);
    const res = await file(alice, body({ mediaIds: [photo] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'submitted',
      relation: 'filer',
      categoryName: '路灯损坏',
      area: { villageCode: village.code, townshipCode: village.parent_code, located: true },
    });
    expect(res.body.trackingNumber).toMatch(/^HL\d{8}-\d{6}$/);
    const detail = await server.request('GET', `/api/cases/${res.body.id}`, { token: alice });
    expect(detail.status).toBe(200);
    expect(detail.body.contactPhone).toBe('13600136000');
    expect(detail.body.timeline[0]).toMatchObject({ type: 'submit', actor: '您', toStatus: 'submitted' });
    expect(detail.body.media).toHaveLength(1);
    expect((await fetch(server.url + detail.body.media[0].url)).status).toBe(200);
  });

  it('creates exactly one case when a submission is replayed, and answers the replay with the first answer', async () => {
    const count = async () =>
      Number(
        (
          await server.database.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const first = await file(alice, body(), 'replay-1');
    const again = await file(alice, body(), 'replay-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await count()).toBe(before + 1);
  });

  it('answers several simultaneous submissions with one key with the one case they made', async () => {
    const burst = body({ description: '同一个键同时提交了三次：小区门口路灯不亮' });
    const results = await Promise.all([1, 2, 3].map(() => file(alice, burst, 'burst-1')));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const stored = await server.database.db.selectFrom('cases').select('id').where('description', '=', burst.description).execute();
    expect(stored.map((c) => c.id)).toEqual([results[0]!.body.id]);
  });

  it('answers a missing key with 400, the same key with another body with 422, and keeps keys per resident', async () => {
    const missing = await file(alice, body(), null);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    await file(alice, body(), 'mine-1');
    const other = await file(alice, body({ description: '另一件事情：路灯杆倾斜了' }), 'mine-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const bobSameKey = await file(bob, body(), 'mine-1');
    expect(bobSameKey.status).toBe(201);
  });

  it.each([
    [{ extra: 1 }, 'extra'],
    [{ description: '短' }, 'description'],
    [{ description: 'x'.repeat(2001) }, 'description'],
    [{ demandType: 'gossip' }, 'demandType'],
    [{ location: { lat: 30, lng: 114, coordinateSystem: 'bd09' } }, 'location.coordinateSystem'],
    [{ location: { lat: 91, lng: 114, coordinateSystem: 'wgs84' } }, 'location.lat'],
    [{ mediaIds: Array.from({ length: 10 }, () => crypto.randomUUID()) }, 'mediaIds'],
    [{ contactPhone: '123' }, 'contactPhone'],
    [{ categoryCode: '0101' }, 'categoryCode'],
    [{ categoryCode: '999999' }, 'categoryCode'],
    [{ privacyConsentVersion: undefined }, 'privacyConsentVersion'],
  ])('refuses %j with 400 naming %s', async (change, field) => {
    const res = await file(alice, body(change));
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("refuses another resident's photo like a missing one", async () => {
    const bobsPhoto = await uploadPhoto(server, bob);
    const res = await file(alice, body({ mediaIds: [bobsPhoto] }));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MEDIA_NOT_FOUND');
    expect(res.body.details[0].field).toBe('mediaIds.0');
  });

  it('stores a GCJ-02 point as WGS-84 and still finds the same village', async () => {
    const gcj = wgs84ToGcj02(inside);
    const res = await file(alice, body({ location: { lat: gcj.lat, lng: gcj.lng, coordinateSystem: 'gcj02' } }));
    expect(res.body.area.villageCode).toBe(village.code);
    const row = await server.database.db
      .selectFrom('cases')
      .select(['lat', 'lng', 'location_crs'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(row.lat).toBeCloseTo(inside.lat, 6);
    expect(row.lng).toBeCloseTo(inside.lng, 6);
    expect(row.location_crs).toBe('gcj02');
  });

  it('accepts a point outside the county and says the area is left to the operator', async () => {
    const res = await file(alice, body({ location: { lat: 39.9, lng: 116.4, coordinateSystem: 'wgs84' } }));
    expect(res.status).toBe(201);
    expect(res.body.area).toEqual({ townshipCode: null, villageCode: null, located: false });
  });

  it("answers another resident's case exactly like a missing one", async () => {
    const mine = await file(alice, body());
    const theirs = await server.request('GET', `/api/cases/${mine.body.id}`, { token: bob });
    const missing = await server.request('GET', `/api/cases/${crypto.randomUUID()}`, { token: bob });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.code).toBe(missing.body.code);
    expect(theirs.body.message).toBe(missing.body.message);
    for (const action of ['supplement', 'urge', 'rate', 'reopen']) {
      const payload = {
        supplement: { text: '补充' },
        urge: {},
        rate: { satisfaction: 'satisfied', solved: true },
        reopen: { reason: '问题没有解决啊' },
      }[action];
      const res = await server.request('POST', `/api/cases/${mine.body.id}/${action}`, { token: bob, body: payload });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CASE_NOT_FOUND');
    }
    expect((await server.request('GET', '/api/cases/not-a-uuid', { token: bob })).status).toBe(400);
  });

  it('lists my cases newest first in keyset pages, filtered by status', async () => {
    const carol = await smsResident(server, '13600136002');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await file(carol, body({ description: `第${i}盏路灯不亮了，请处理` }))).body.id);
    const page1 = await server.request('GET', '/api/me/cases?limit=2', { token: carol });
    expect(page1.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const page2 = await server.request('GET', `/api/me/cases?limit=2&cursor=${page1.body.nextCursor}`, {
      token: carol,
    });
    expect(page2.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();
    const closed = await server.request('GET', '/api/me/cases?status=closed', { token: carol });
    expect(closed.body.items).toEqual([]);
    expect((await server.request('GET', '/api/me/cases?status=nope', { token: carol })).status).toBe(400);
  });

  it('shows nearby open cases without personal data, and a follower nearby reads the public view only', async () => {
    const dave = await smsResident(server, '13600136003');
    const mine = await file(alice, body({ description: '这条路灯坏了很久，一直没人修，麻烦尽快处理' }));
    const near = await server.request(
      'GET',
      `/api/cases/nearby?category=${CATEGORY}&lat=${inside.lat + 0.0005}&lng=${inside.lng}`,
      { token: dave },
    );
    expect(near.status).toBe(200);
    expect(near.body.radiusM).toBe(300);
    expect(near.body.items.length).toBeLessThanOrEqual(5);
    for (const item of near.body.items) {
      expect(item.distanceM % 100).toBe(0);
      expect(item.distanceM).toBeGreaterThanOrEqual(100);
    }
    const text = JSON.stringify(near.body);
    expect(text).not.toContain('13600136000');
    expect(text).not.toContain('幸福路');
    expect(text).not.toContain('路灯坏了');
    const far = await server.request(
      'GET',
      `/api/cases/nearby?category=${CATEGORY}&lat=${inside.lat + 0.01}&lng=${inside.lng}`,
      { token: dave },
    );
    expect(far.body.items).toEqual([]);

    const from = (lat: number) => ({ location: { lat, lng: inside.lng, coordinateSystem: 'wgs84' } });
    const tooFar = await server.request('POST', `/api/cases/${mine.body.id}/follow`, { token: dave, body: from(inside.lat + 0.01) });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.code).toBe('FOLLOW_TOO_FAR');
    const followed = await server.request('POST', `/api/cases/${mine.body.id}/follow`, {
      token: dave,
      body: from(inside.lat + 0.0005),
    });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ relation: 'follower', contactName: null, contactPhone: null, address: null });
    expect(followed.text).not.toContain('6000');
    const list = await server.request('GET', '/api/me/cases', { token: dave });
    expect(list.body.items).toEqual([expect.objectContaining({ id: mine.body.id, relation: 'follower' })]);
    const unknown = await server.request('POST', `/api/cases/${crypto.randomUUID()}/follow`, { token: dave, body: from(inside.lat) });
    expect(unknown.status).toBe(404);
  });

  it('shows at most 5 nearby cases in 100 m steps (a case next door at 100 m), and limits look-ups and follows per resident', async () => {
    const erin = await smsResident(server, '13600136009');
    const frank = await smsResident(server, '13600136010');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await file(erin, body({ description: `第${i}盏路灯不亮，晚上很黑` }))).body.id);
    const nearbyAt = (token: string) =>
      server.request('GET', `/api/cases/nearby?category=${CATEGORY}&lat=${inside.lat}&lng=${inside.lng}`, { token });
    const near = await nearbyAt(frank);
    expect(near.body.items).toHaveLength(5);
    expect(near.body.items[0].distanceM).toBe(100);
    for (const item of near.body.items) expect(item.distanceM % 100).toBe(0);
    // 120 look-ups an hour per resident; the next is refused in the one error shape.
    let last = near;
    for (let i = 1; i <= 120; i++) last = await nearbyAt(frank);
    expect([last.status, last.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await nearbyAt(erin)).status).toBe(200);
    // 20 follows a day per resident, counted before the position is even looked at.
    const from = { location: { lat: inside.lat, lng: inside.lng, coordinateSystem: 'wgs84' } };
    const follows = [];
    for (let i = 0; i < 21; i++) follows.push(await server.request('POST', `/api/cases/${ids[i % 6]}/follow`, { token: frank, body: from }));
    expect(follows.slice(0, 20).map((f) => f.status)).toEqual(Array(20).fill(200));
    expect([follows[20]!.status, follows[20]!.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(follows[20]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('looks a case up by tracking number and the last four phone digits, status only, rate-limited', async () => {
    const mine = await file(alice, body());
    const ok = await server.request(
      'GET',
      `/api/cases/lookup?trackingNumber=${mine.body.trackingNumber}&phoneLast4=6000`,
    );
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['status', 'trackingNumber', 'updatedAt']);
    const wrong = await server.request(
      'GET',
      `/api/cases/lookup?trackingNumber=${mine.body.trackingNumber}&phoneLast4=1234`,
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('CASE_NOT_FOUND');
    const bad = await server.request('GET', `/api/cases/lookup?trackingNumber=123&phoneLast4=6000`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('trackingNumber');
    let last;
    for (let i = 0; i < 10; i++)
      last = await server.request(
        'GET',
        `/api/cases/lookup?trackingNumber=${mine.body.trackingNumber}&phoneLast4=6000`,
      );
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toBeTruthy();
  });

  it('lets the filer supplement with text and a photo, and refuses an urge before the deadline nears', async () => {
    const mine = await file(alice, body());
    const photo = await uploadPhoto(server, alice);
    const sup = await server.request('POST', `/api/cases/${mine.body.id}/supplement`, {
      token: alice,
      body: { text: '补充：旁边第二根也不亮', mediaIds: [photo] },
    });
    expect(sup.status).toBe(200);
    const last = sup.body.timeline[sup.body.timeline.length - 1];
    expect(last).toMatchObject({ type: 'supplement', actor: '您', text: '补充：旁边第二根也不亮' });
    expect(last.media).toHaveLength(1);
    const urge = await server.request('POST', `/api/cases/${mine.body.id}/urge`, { token: alice, body: {} });
    expect(urge.status).toBe(422);
    expect(urge.body.code).toBe('URGE_NOT_DUE');
    const rate = await server.request('POST', `/api/cases/${mine.body.id}/rate`, {
      token: alice,
      body: { satisfaction: 'satisfied', solved: true },
    });
    expect(rate.status).toBe(409);
    expect(
      (
        await server.request('POST', `/api/cases/${mine.body.id}/rate`, {
          token: alice,
          body: { satisfaction: 'great', solved: true },
        })
      ).body.details[0].field,
    ).toBe('satisfaction');
  });

  it('shows unit names but no staff or internal notes on the timeline; rates once; asks to reopen once', async () => {
    const mine = await file(alice, body());
    const workflow = server.app.get(CaseWorkflowService);
    const db = server.database.db;
    const staff = async (role: string, unitCode?: string) => {
      let q = db
        .selectFrom('users')
        .innerJoin('units', 'units.id', 'users.unit_id')
        .select(['users.id', 'users.role', 'users.unit_id'])
        .where('users.role', '=', role);
      if (unitCode) q = q.where('units.code', '=', unitCode);
      const u = await q.orderBy('users.username').executeTakeFirstOrThrow();
      return { userId: u.id, role: u.role, unitId: u.unit_id };
    };
    const operator = await staff('operator');
    const handler = await staff('handler', 'D-CGJ');
    await workflow.act(mine.body.id, { type: 'accept' }, operator);
    await workflow.act(
      mine.body.id,
      { type: 'dispatch', leadUnit: await workflow.unitRef(handler.unitId!) },
      await staff('dispatcher'),
    );
    await workflow.act(mine.body.id, { type: 'sign' }, handler);
    await workflow.act(mine.body.id, { type: 'reply', text: '已更换灯泡，恢复照明' }, handler);
    await workflow.act(
      mine.body.id,
      { type: 'review', decision: 'approve', note: '内部：回复合格' },
      await staff('supervisor'),
    );

    const detail = await server.request('GET', `/api/cases/${mine.body.id}`, { token: alice });
    expect(detail.body.status).toBe('callback');
    expect(detail.body.currentUnitName).toBe('云泽县城市管理综合执法局');
    const text = JSON.stringify(detail.body.timeline);
    expect(text).toContain('已更换灯泡');
    expect(text).toContain('城市管理综合执法局');
    expect(text).not.toContain('内部：回复合格');
    expect(text).not.toContain(handler.userId);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).not.toContain('review');

    const rated = await server.request('POST', `/api/cases/${mine.body.id}/rate`, {
      token: alice,
      body: { satisfaction: 'unsatisfied', solved: false, comment: '晚上又不亮了' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'closed', satisfaction: 'unsatisfied', flags: { rated: true } });
    const again = await server.request('POST', `/api/cases/${mine.body.id}/rate`, {
      token: alice,
      body: { satisfaction: 'satisfied', solved: true },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_RATED');

    const reopen = await server.request('POST', `/api/cases/${mine.body.id}/reopen`, {
      token: alice,
      body: { reason: '修好两天又坏了，请重新处理' },
    });
    expect(reopen.status).toBe(200);
    expect(reopen.body.flags.reopenPending).toBe(true);
    const twice = await server.request('POST', `/api/cases/${mine.body.id}/reopen`, {
      token: alice,
      body: { reason: '修好两天又坏了，请重新处理' },
    });
    expect(twice.body.code).toBe('REOPEN_PENDING');
  });

  it('is for residents only, and needs a token', async () => {
    const operator = await devLogin(server, 'operator');
    expect((await file(operator, body())).status).toBe(403);
    expect((await server.request('GET', '/api/me/cases')).status).toBe(401);
  });

  it('answers a filing without a token with 401 before it looks at the body', async () => {
    const bad = { description: 7 };
    const anonymous = await server.request('POST', '/api/cases', { body: bad, headers: { 'idempotency-key': 'k-401' } });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const resident = await devLogin(server, 'resident');
    const signedIn = await server.request('POST', '/api/cases', { body: bad, token: resident, headers: { 'idempotency-key': 'k-400' } });
    expect([signedIn.status, signedIn.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('documents every resident route in OpenAPI', async () => {
    const doc = await server.request('GET', '/api/openapi.json');
    for (const path of [
      '/api/cases',
      '/api/me/cases',
      '/api/cases/nearby',
      '/api/cases/lookup',
      '/api/cases/{id}',
      '/api/cases/{id}/follow',
      '/api/cases/{id}/rate',
      '/api/media',
      '/api/auth/sms-login',
      '/api/auth/refresh',
      '/api/knowledge',
    ]) {
      expect(doc.body.paths[path]).toBeDefined();
    }
  });
});
