// The admin API pieces the console's pages stand on: drawing a new township and village, the
// catalogue tester, deactivation refused while cases are open, edits that lose to someone else's
// (version check), staff search, role and unit changes, and sessions that end with the account.
import { randomUUID } from 'node:crypto';
import { AccountsRepository } from '../src/auth/accounts.repository';
import { SessionsService } from '../src/auth/sessions.service';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { LogSmsGateway } from '../src/integrations/sms/log-sms.gateway';
import { SMS_GATEWAY } from '../src/integrations/sms/sms-gateway';
import { unitIdOf } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

/** A square boundary ([lng, lat], counter-clockwise, closed) around a centre, `half` degrees wide each way. */
function square(lat: number, lng: number, half: number) {
  const ring = [
    [lng - half, lat - half],
    [lng + half, lat - half],
    [lng + half, lat + half],
    [lng - half, lat + half],
    [lng - half, lat - half],
  ];
  return { type: 'Polygon' as const, coordinates: [ring] };
}

// East of the demo county (lng ≈ 114.7–115.1): a township that joins it after a boundary change.
const NEW_TOWN = { lat: 30.5, lng: 115.5 };

describe(`admin console API on ${testDbKind}`, () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await devLogin(server, 'admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (route: string, body: unknown, token = admin) =>
    server.request('POST', `/api/admin${route}`, { token, body });
  const patch = (route: string, body: unknown) => server.request('PATCH', `/api/admin${route}`, { token: admin, body });

  it('draws a new township and a village inside it, and the tester and a resident filing there find them', async () => {
    const town = await post('/units', {
      code: 'T07',
      name: '青山镇人民政府',
      kind: 'township',
      phone: '0713-7399001',
      newArea: { code: '421199300000', name: '青山镇', boundary: square(NEW_TOWN.lat, NEW_TOWN.lng, 0.05) },
    });
    expect(town.status).toBe(201);
    expect(town.body).toMatchObject({ kind: 'township', areaCode: '421199300000', openCases: 0, version: 1 });

    const village = await post('/units', {
      code: 'T07V01',
      name: '青山村村委会',
      kind: 'village',
      parentId: town.body.id,
      newArea: { code: '421199300201', name: '青山村', boundary: square(NEW_TOWN.lat + 0.02, NEW_TOWN.lng, 0.01) },
    });
    expect(village.status).toBe(201);
    expect(village.body).toMatchObject({ parentId: town.body.id, areaCode: '421199300201' });

    // A village reaching out of its township, and a township overlapping a neighbour, are refused with the field named.
    const outside = await post('/units', {
      code: 'T07V02',
      name: '越界村',
      kind: 'village',
      parentId: town.body.id,
      newArea: { code: '421199300202', name: '越界村', boundary: square(NEW_TOWN.lat, NEW_TOWN.lng + 0.05, 0.01) },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.details).toEqual({ field: 'newArea.boundary' });
    const overlapping = await post('/units', {
      code: 'T08',
      name: '重叠镇',
      kind: 'township',
      newArea: { code: '421199301000', name: '重叠镇', boundary: square(NEW_TOWN.lat, NEW_TOWN.lng + 0.08, 0.05) },
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.message).toContain('青山镇');
    const open = await post('/units', {
      code: 'T09',
      name: '开口镇',
      kind: 'township',
      newArea: {
        code: '421199302000',
        name: '开口镇',
        boundary: { type: 'Polygon', coordinates: [square(31, 116, 0.05).coordinates[0]!.slice(0, 4)] },
      },
    });
    expect(open.status).toBe(400);
    expect(open.body.details[0].field).toBe('newArea.boundary.coordinates');

    // 010101 (路灯) is a township matter: until a rule names the new township, the county-wide rule answers.
    const before = await server.request(
      'GET',
      `/api/admin/catalogue/trial?categoryCode=010101&lat=${NEW_TOWN.lat}&lng=${NEW_TOWN.lng}`,
      { token: admin },
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ township: { code: '421199300000', name: '青山镇' }, village: null });
    expect(before.body.suggestions.map((s: { scope: string }) => s.scope)).toEqual(['county']);

    const rule = await post('/catalogue', {
      categoryCode: '010101',
      areaCode: '421199300000',
      unitId: town.body.id,
      role: 'lead',
    });
    expect(rule.status).toBe(201);
    const after = await server.request(
      'GET',
      `/api/admin/catalogue/trial?categoryCode=010101&lat=${NEW_TOWN.lat}&lng=${NEW_TOWN.lng}`,
      { token: admin },
    );
    expect(after.body.suggestions[0]).toMatchObject({
      scope: 'township',
      lead: [{ unitId: town.body.id, code: 'T07' }],
    });
    const inVillage = await server.request(
      'GET',
      `/api/admin/catalogue/trial?categoryCode=010101&lat=${NEW_TOWN.lat + 0.02}&lng=${NEW_TOWN.lng}`,
      { token: admin },
    );
    expect(inVillage.body).toMatchObject({ village: { code: '421199300201' }, township: { code: '421199300000' } });

    // A county matter says why it never goes down, whatever the point.
    const county = await server.request(
      'GET',
      `/api/admin/catalogue/trial?categoryCode=010102&lat=${NEW_TOWN.lat}&lng=${NEW_TOWN.lng}`,
      { token: admin },
    );
    expect(county.body).toMatchObject({ duty: 'county', pushDownForbidden: true });
    expect(county.body.explanation).toContain('不得下派');

    const resident = await devLogin(server, 'resident');
    const filed = await server.request('POST', '/api/cases', {
      token: resident,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        demandType: 'help',
        categoryCode: '010101',
        description: '青山镇街口路灯不亮',
        location: { lat: NEW_TOWN.lat, lng: NEW_TOWN.lng, coordinateSystem: 'wgs84' },
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      },
    });
    expect(filed.status).toBe(201);
    const row = await server.database.db
      .selectFrom('cases')
      .select(['township_code'])
      .where('id', '=', filed.body.id)
      .executeTakeFirstOrThrow();
    expect(row.township_code).toBe('421199300000');

    const areas = await server.request('GET', '/api/admin/areas', { token: admin });
    expect(areas.body).toContainEqual({
      code: '421199300201',
      name: '青山村',
      kind: 'village',
      parentCode: '421199300000',
    });
  });

  it('refuses to deactivate a unit while it has open cases, and says how many', async () => {
    const operator = await devLogin(server, 'operator');
    const resident = await devLogin(server, 'resident');
    const t03 = await unitIdOf(server, 'T03');
    const filed = await server.request('POST', '/api/cases', {
      token: resident,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        demandType: 'help',
        categoryCode: '010101',
        description: '北山镇路灯不亮',
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      },
    });
    await server.request('POST', `/api/staff/cases/${filed.body.id}/accept`, { token: operator, body: {} });
    const sent = await server.request('POST', `/api/staff/cases/${filed.body.id}/dispatch`, {
      token: operator,
      body: { leadUnitId: t03 },
    });
    expect(sent.status).toBe(200);

    const listed = (await server.request('GET', '/api/admin/units', { token: admin })).body.find(
      (u: { id: string }) => u.id === t03,
    );
    expect(listed.openCases).toBeGreaterThanOrEqual(1);
    const refused = await patch(`/units/${t03}`, { active: false, expectedVersion: listed.version });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('UNIT_HAS_OPEN_CASES');
    expect(refused.body.message).toContain(`${listed.openCases} 件未办结`);
    const still = (await server.request('GET', '/api/admin/units', { token: admin })).body.find(
      (u: { id: string }) => u.id === t03,
    );
    expect(still).toMatchObject({ active: true, version: listed.version });
  });

  it('refuses an edit made from a stale copy and keeps the other admin’s change', async () => {
    const t05 = await unitIdOf(server, 'T05');
    const seen = (await server.request('GET', '/api/admin/units', { token: admin })).body.find(
      (u: { id: string }) => u.id === t05,
    );
    const first = await patch(`/units/${t05}`, { phone: '0713-7300555', expectedVersion: seen.version });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(seen.version + 1);
    const stale = await patch(`/units/${t05}`, { name: '柳林镇政府（旧稿）', expectedVersion: seen.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const now = (await server.request('GET', '/api/admin/units', { token: admin })).body.find(
      (u: { id: string }) => u.id === t05,
    );
    expect(now).toMatchObject({ name: '柳林镇人民政府', phone: '0713-7300555' });

    const category = (await server.request('GET', '/api/admin/categories', { token: admin })).body.find(
      (c: { code: string }) => c.code === '010101',
    );
    expect((await patch('/categories/010101', { nearbyRadiusM: 300, expectedVersion: category.version })).status).toBe(
      200,
    );
    const staleCategory = await patch('/categories/010101', { nearbyRadiusM: 900, expectedVersion: category.version });
    expect(staleCategory.status).toBe(409);
  });

  it('refuses a policy, office hours, calendar day or questions saved from a stale copy, and keeps the other admin’s', async () => {
    const put = (route: string, body: unknown) => server.request('PUT', `/api/admin${route}`, { token: admin, body });
    const get = async (route: string) => (await server.request('GET', `/api/admin${route}`, { token: admin })).body;

    // The time-limit policy: the defaults are version 0; the first save makes version 1.
    const seen = await get('/policy');
    expect(seen).toMatchObject({ isDefault: true, version: 0 });
    const callbackIn = (days: number) => ({ ...seen.policy.callback, amount: days });
    const first = await put('/policy', { ...seen.policy, callback: callbackIn(3), expectedVersion: seen.version });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ isDefault: false, version: 1 });
    const stale = await put('/policy', { ...seen.policy, callback: callbackIn(4), expectedVersion: seen.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect((await get('/policy')).policy.callback.amount).toBe(3);

    // Office hours.
    const hours = await get('/office-hours');
    expect(hours.version).toBe(0);
    const morning = [{ start: '08:30', end: '12:00' }];
    expect((await put('/office-hours', { periods: morning, expectedVersion: 0 })).body.version).toBe(1);
    const staleHours = await put('/office-hours', { periods: [{ start: '09:00', end: '17:00' }], expectedVersion: 0 });
    expect(staleHours.status).toBe(409);
    expect((await get('/office-hours')).periods).toEqual(morning);
    expect((await put('/office-hours', { periods: hours.periods, expectedVersion: 1 })).status).toBe(200);

    // A calendar day: declared by one admin while another still saw it without an override.
    const day = '2027-03-15';
    const declared = await put(`/calendar/${day}`, { kind: 'holiday', note: '县庆', expectedVersion: 0 });
    expect(declared.body).toMatchObject({ kind: 'holiday', version: 1 });
    const staleDay = await put(`/calendar/${day}`, { kind: 'workday', expectedVersion: 0 });
    expect(staleDay.status).toBe(409);
    expect(staleDay.body.code).toBe('CONFLICT');
    const edited = await put(`/calendar/${day}`, { kind: 'holiday', note: '县庆放假', expectedVersion: 1 });
    expect(edited.body.version).toBe(2);
    const staleClear = await server.request('DELETE', `/api/admin/calendar/${day}?expectedVersion=1`, { token: admin });
    expect(staleClear.status).toBe(409);
    expect((await get('/calendar?year=2027')).overrides).toContainEqual(
      expect.objectContaining({ date: day, kind: 'holiday', note: '县庆放假', version: 2 }),
    );
    expect((await server.request('DELETE', `/api/admin/calendar/${day}?expectedVersion=2`, { token: admin })).status).toBe(
      204,
    );

    // A leaf's questions carry the category's version: a category edit meanwhile refuses the old list.
    const questions = await get('/categories/010102/questions');
    const renamed = await patch('/categories/010102', { nearbyRadiusM: 250, expectedVersion: questions.version });
    expect(renamed.status).toBe(200);
    const q = { code: 'pole', label: '杆号', kind: 'text', required: false };
    const staleQuestions = await put('/categories/010102/questions', { questions: [q], expectedVersion: questions.version });
    expect(staleQuestions.status).toBe(409);
    expect((await get('/categories/010102/questions')).questions).toEqual(questions.questions);
    const saved = await put('/categories/010102/questions', { questions: [q], expectedVersion: renamed.body.version });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(renamed.body.version + 1);
  });

  it('finds staff by name, moves a handler to another unit, and ends the sessions of a disabled account', async () => {
    const t02 = await unitIdOf(server, 'T02');
    const phone = '13912340007';
    const created = await post('/users', {
      username: 'qs_handler',
      name: '青山承办人',
      role: 'handler',
      unitId: await unitIdOf(server, 'T01'),
      phone,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ lastSignInAt: null, version: 1 });

    const found = await server.request('GET', `/api/admin/users?q=${encodeURIComponent('青山')}`, { token: admin });
    expect(found.body.map((u: { username: string }) => u.username)).toEqual(['qs_handler']);
    const underscore = await server.request('GET', `/api/admin/users?q=_`, { token: admin });
    expect(
      underscore.body.every((u: { username: string; name: string }) => `${u.username}${u.name}`.includes('_')),
    ).toBe(true);

    // The handler signs in with the registered phone and an SMS code.
    await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    const outbox = (server.app.get(SMS_GATEWAY) as LogSmsGateway).outbox.filter((m) => m.phone === phone);
    const session = await server.request('POST', '/api/auth/staff/sms-login', {
      body: { phone, code: outbox[outbox.length - 1]!.params[0] },
    });
    expect(session.status).toBe(200);
    const signedIn = (await server.request('GET', '/api/admin/users?q=qs_handler', { token: admin })).body[0];
    expect(signedIn.lastSignInAt).not.toBeNull();

    const wrongRole = await patch(`/users/${created.body.id}`, { role: 'operator', expectedVersion: signedIn.version });
    expect(wrongRole.status).toBe(400);
    const moved = await patch(`/users/${created.body.id}`, { unitId: t02, expectedVersion: signedIn.version });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ unitId: t02, version: signedIn.version + 1 });
    // Moving ends the session: its token would still say the old unit.
    // Sessions are re-checked at most every 3 s (SessionsService): wait that out, as any instance would.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const oldToken = await server.request('GET', '/api/queues/counts', { token: session.body.accessToken });
    expect(oldToken.status).toBe(401);
    const renewed = await server.request('POST', '/api/auth/refresh', {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(renewed.status).toBe(401);

    // Signed in again (at the new unit), then disabled: the open session stops working at once.
    // (The SMS resend cooldown is a minute: the second session starts as a sign-in would.)
    const account = await server.app.get(AccountsRepository).findById(created.body.id);
    const again = { body: await server.app.get(SessionsService).start(account!) };
    expect((await server.request('GET', '/api/queues/counts', { token: again.body.accessToken })).status).toBe(200);
    const disabled = await patch(`/users/${created.body.id}`, { disabled: true, expectedVersion: moved.body.version });
    expect(disabled.body.disabled).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect((await server.request('GET', '/api/queues/counts', { token: again.body.accessToken })).status).toBe(401);
    const refreshed = await server.request('POST', '/api/auth/refresh', {
      body: { refreshToken: again.body.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const stale = await patch(`/users/${created.body.id}`, { disabled: false, expectedVersion: moved.body.version });
    expect(stale.status).toBe(409);

    const audit = await server.request('GET', '/api/admin/audit?entity=user', { token: admin });
    expect(audit.body.items[0]).toMatchObject({
      entityKey: created.body.id,
      before: { disabled: 0 },
      after: { disabled: 1 },
    });
    expect(audit.body.items[1]).toMatchObject({ after: { unit_id: t02 } });
  });

  it('shows when the scheduler last ran, on which instance, and what it did', async () => {
    const none = await server.request('GET', '/api/admin/scheduler', { token: admin });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ intervalMs: 0, runs: [] });
    expect(
      (await server.request('GET', '/api/admin/scheduler', { token: await devLogin(server, 'supervisor') })).status,
    ).toBe(403);

    const report = await server.app.get(SchedulerService).tick(new Date());
    const after = await server.request('GET', '/api/admin/scheduler', { token: admin });
    expect(after.body.runs).toEqual([
      expect.objectContaining({
        job: 'deadline-scheduler',
        ok: true,
        error: null,
        report: expect.objectContaining({ ran: true, purged: report.purged }),
      }),
    ]);
    expect(Date.parse(after.body.runs[0].startedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});
