import { addDuration, defaultTimeLimitPolicy, fromShanghaiLocal, stepDeadline, toShanghaiLocal } from '@hotline/core';
import { CalendarService } from '../src/admin/calendar.service';
import { PolicyService } from '../src/admin/policy.service';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { principalOf, residentFiling } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`admin API on ${testDbKind}`, () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await devLogin(server, 'admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  const unitId = async (code: string) =>
    (await server.database.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  it('refuses every admin route to other roles with 403 and to anonymous callers with 401', async () => {
    for (const role of ['operator', 'supervisor', 'analyst', 'handler', 'resident']) {
      const token = await devLogin(server, role);
      const res = await server.request('GET', '/api/admin/policy', { token });
      expect(res.status).toBe(403);
      const put = await server.request('PUT', '/api/admin/calendar/2027-01-04', { token, body: { kind: 'holiday' } });
      expect(put.status).toBe(403);
    }
    expect((await server.request('GET', '/api/admin/units')).status).toBe(401);
  });

  it('shows the default policy until one is saved, then the saved one, with the edit audited', async () => {
    const first = await server.request('GET', '/api/admin/policy', { token: admin });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ isDefault: true, policy: defaultTimeLimitPolicy });

    const changed = {
      ...defaultTimeLimitPolicy,
      sign: { ...defaultTimeLimitPolicy.sign, normal: { amount: 3, unit: 'working_hours' } },
    };
    const put = await server.request('PUT', '/api/admin/policy', { token: admin, body: changed });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ isDefault: false, policy: changed });
    expect(await server.app.get(PolicyService).policy()).toEqual(changed);

    const audit = await server.request('GET', '/api/admin/audit?entity=policy', { token: admin });
    expect(audit.body.items[0]).toMatchObject({
      entity: 'policy',
      action: 'create',
      before: { sign: { normal: { amount: 2 } } },
      after: { sign: { normal: { amount: 3 } } },
    });
  });

  it('applies a policy edit to deadlines computed afterwards, never to running ones', async () => {
    const workflow = server.app.get(CaseWorkflowService);
    const op = await server.database.db
      .selectFrom('users')
      .select(['id', 'role', 'unit_id'])
      .where('username', '=', 'operator1')
      .executeTakeFirstOrThrow();
    const operator = { userId: op.id, role: op.role, unitId: op.unit_id };
    const input = {
      demandType: 'help' as const,
      urgency: 'normal' as const,
      channel: 'phone' as const,
      categoryCode: '010101',
      description: '时限规则测试',
      address: null,
      location: null,
      townshipCode: null,
      villageCode: null,
      filerUserId: null,
      contactName: null,
      contactPhone: null,
      anonymous: false,
      consentVersion: null,
      callId: null,
      callbackWanted: false,
      mediaIds: [],
      acceptNow: true,
    };
    const monday = fromShanghaiLocal('2026-11-02T09:00');
    const before = await workflow.submit(input, operator, { now: monday });
    expect(before.due_at).toBe(fromShanghaiLocal('2026-11-02T10:00').toISOString());

    const current = (await server.request('GET', '/api/admin/policy', { token: admin })).body.policy;
    const slower = { ...current, dispatch: { ...current.dispatch, normal: { amount: 2, unit: 'working_hours' } } };
    expect((await server.request('PUT', '/api/admin/policy', { token: admin, body: slower })).status).toBe(200);

    const after = await workflow.submit(input, operator, { now: monday });
    expect(after.due_at).toBe(fromShanghaiLocal('2026-11-02T11:00').toISOString());
    const unchanged = await server.database.db
      .selectFrom('cases')
      .select('due_at')
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.due_at).toBe(before.due_at);
    await server.request('PUT', '/api/admin/policy', { token: admin, body: current });
  });

  it('refuses an invalid policy with the field named and keeps the old one', async () => {
    const res = await server.request('PUT', '/api/admin/policy', {
      token: admin,
      body: { ...defaultTimeLimitPolicy, warningRatio: 1.5 },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'warningRatio' })]));
    const extra = await server.request('PUT', '/api/admin/policy', {
      token: admin,
      body: { ...defaultTimeLimitPolicy, surprise: 1 },
    });
    expect(extra.status).toBe(400);
    const now = await server.request('GET', '/api/admin/policy', { token: admin });
    expect(now.body.policy.warningRatio).toBe(0.8);
  });

  it('counts working time inside the office hours an admin sets, for deadlines computed afterwards', async () => {
    const operator = await principalOf(server, 'operator1');
    const workflow = server.app.get(CaseWorkflowService);
    // Monday 30 Nov 2026, 11:30: a call accepted at once must be dispatched within 1 working hour.
    const acceptedAt = (at: string) =>
      workflow.submit(residentFiling(null, { channel: 'phone', acceptNow: true }), operator, {
        now: fromShanghaiLocal(at),
      });
    const before = await acceptedAt('2026-11-30T11:30');
    expect(toShanghaiLocal(before.due_at!)).toBe('2026-11-30T14:00');

    const shown = await server.request('GET', '/api/admin/office-hours', { token: admin });
    expect(shown.body).toEqual({
      periods: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      isDefault: true,
      version: 0,
    });
    const periods = [
      { start: '08:30', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ];
    const put = await server.request('PUT', '/api/admin/office-hours', { token: admin, body: { periods } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ periods, isDefault: false, version: 1 });

    const after = await acceptedAt('2026-11-30T11:30');
    expect(toShanghaiLocal(after.due_at!)).toBe('2026-11-30T14:30');
    // The case accepted earlier keeps its deadline.
    expect(
      (
        await server.database.db
          .selectFrom('cases')
          .select('due_at')
          .where('id', '=', before.id)
          .executeTakeFirstOrThrow()
      ).due_at,
    ).toBe(before.due_at);

    const overlapping = await server.request('PUT', '/api/admin/office-hours', {
      token: admin,
      body: {
        periods: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.code).toBe('VALIDATION_FAILED');
    const audit = await server.request('GET', '/api/admin/audit?entity=office_hours', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ entity: 'office_hours', after: periods });

    await server.request('PUT', '/api/admin/office-hours', {
      token: admin,
      body: {
        periods: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '17:30' },
        ],
      },
    });
  });

  it('moves a computed deadline when an admin declares 2027-01-04 a holiday, and back when it is removed', async () => {
    const calendars = server.app.get(CalendarService);
    // Thursday 31 Dec 2026, 10:00: a help request's 5 working days end on the 5th working day after.
    const start = fromShanghaiLocal('2026-12-31T10:00');
    const due = async () =>
      toShanghaiLocal(
        stepDeadline(
          defaultTimeLimitPolicy,
          await calendars.calendar(),
          'reply',
          { demandType: 'help', urgency: 'normal' },
          start,
        ).dueAt,
      );
    const before = await due();

    const put = await server.request('PUT', '/api/admin/calendar/2027-01-04', {
      token: admin,
      body: { kind: 'holiday', note: '测试假日' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ date: '2027-01-04', kind: 'holiday', note: '测试假日' });
    const after = await due();
    expect(after > before).toBe(true);
    expect(
      toShanghaiLocal(
        addDuration(await calendars.calendar(), fromShanghaiLocal('2027-01-01T10:00'), {
          amount: 1,
          unit: 'working_days',
        }),
      ),
    ).toBe('2027-01-05T10:00');

    // staff clients count down with the same calendar: it comes with their directory
    const handler = (
      await server.request('POST', '/api/auth/dev-login', { body: { role: 'handler', unitCode: 'T01' } })
    ).body.accessToken as string;
    const directory = await server.request('GET', '/api/staff/directory', { token: handler });
    expect(directory.body.timeRules.calendar.overrides).toContainEqual({ date: '2027-01-04', kind: 'holiday' });
    expect(directory.body.timeRules.policy).toEqual(
      (await server.request('GET', '/api/admin/policy', { token: admin })).body.policy,
    );

    const year = await server.request('GET', '/api/admin/calendar?year=2027', { token: admin });
    expect(year.body.overrides).toEqual([expect.objectContaining({ date: '2027-01-04', kind: 'holiday' })]);
    expect(year.body.libraryCoversYear).toBe(false);
    const y2026 = await server.request('GET', '/api/admin/calendar?year=2026', { token: admin });
    expect(y2026.body.library).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', kind: 'holiday' },
        { date: '2026-09-20', kind: 'workday' },
      ]),
    );

    expect((await server.request('DELETE', '/api/admin/calendar/2027-01-04', { token: admin })).status).toBe(204);
    expect(await due()).toBe(before);
    expect((await server.request('DELETE', '/api/admin/calendar/2027-01-04', { token: admin })).status).toBe(404);
    expect(
      (await server.request('PUT', '/api/admin/calendar/2027-02-30', { token: admin, body: { kind: 'holiday' } }))
        .status,
    ).toBe(400);

    const audit = await server.request('GET', '/api/admin/audit?entity=calendar', { token: admin });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
  });

  it('creates a village under a township, renames and deactivates it, and refuses a village without a township', async () => {
    const t01 = await unitId('T01');
    const created = await server.request('POST', '/api/admin/units', {
      token: admin,
      body: { code: 'T01V99', name: '新建村', kind: 'village', parentId: t01 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'T01V99', kind: 'village', parentId: t01, active: true });

    const orphan = await server.request('POST', '/api/admin/units', {
      token: admin,
      body: { code: 'XV01', name: '无主村', kind: 'village' },
    });
    expect(orphan.status).toBe(400);
    const underDept = await server.request('POST', '/api/admin/units', {
      token: admin,
      body: { code: 'XV02', name: '村', kind: 'village', parentId: await unitId('D-ZJJ') },
    });
    expect(underDept.status).toBe(400);
    const dup = await server.request('POST', '/api/admin/units', {
      token: admin,
      body: { code: 'T01V99', name: '重复', kind: 'village', parentId: t01 },
    });
    expect(dup.status).toBe(409);

    const renamed = await server.request('PATCH', `/api/admin/units/${created.body.id}`, {
      token: admin,
      body: { name: '幸福村' },
    });
    expect(renamed.body).toMatchObject({ name: '幸福村', active: true });
    const off = await server.request('PATCH', `/api/admin/units/${created.body.id}`, {
      token: admin,
      body: { active: false },
    });
    expect(off.body.active).toBe(false);

    const audit = await server.request('GET', '/api/admin/audit?entity=unit', { token: admin });
    expect(audit.body.items[0]).toMatchObject({
      action: 'update',
      entityKey: created.body.id,
      before: { active: 1 },
      after: { active: 0 },
    });
    expect(audit.body.items[1]).toMatchObject({ before: { name: '新建村' }, after: { name: '幸福村' } });
  });

  it('creates branch and leaf categories and edits duty, default type and radius', async () => {
    const branch = await server.request('POST', '/api/admin/categories', {
      token: admin,
      body: { isLeaf: false, code: '99', name: '测试大类' },
    });
    expect(branch.status).toBe(201);
    const leaf = await server.request('POST', '/api/admin/categories', {
      token: admin,
      body: {
        isLeaf: true,
        code: '9901',
        name: '测试事项',
        parentCode: '99',
        duty: 'township',
        defaultDemandType: 'help',
      },
    });
    expect(leaf.status).toBe(201);
    expect(leaf.body).toMatchObject({ depth: 2, isLeaf: true, duty: 'township', nearbyRadiusM: 200 });
    const underLeaf = await server.request('POST', '/api/admin/categories', {
      token: admin,
      body: { isLeaf: false, code: '990101', name: 'x', parentCode: '9901' },
    });
    expect(underLeaf.status).toBe(400);
    const edited = await server.request('PATCH', '/api/admin/categories/9901', {
      token: admin,
      body: { name: '测试事项二', defaultDemandType: 'complaint', nearbyRadiusM: 500 },
    });
    expect(edited.body).toMatchObject({ name: '测试事项二', defaultDemandType: 'complaint', nearbyRadiusM: 500 });
    const list = await server.request('GET', '/api/admin/categories', { token: admin });
    expect(list.body.find((c: { code: string }) => c.code === '9901')).toMatchObject({ parentCode: '99' });
  });

  it('adds and removes catalogue rules and refuses pushing a county matter down to a township or village', async () => {
    const countyLeaf = '010102'; // 市政道路与井盖破损: duty county
    const t02 = await unitId('T02');
    const refused = await server.request('POST', '/api/admin/catalogue', {
      token: admin,
      body: { categoryCode: countyLeaf, areaCode: null, unitId: t02, role: 'lead' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DISPATCH_PUSH_DOWN_FORBIDDEN');
    const village = await unitId('T01V01');
    const refusedAssist = await server.request('POST', '/api/admin/catalogue', {
      token: admin,
      body: { categoryCode: countyLeaf, areaCode: null, unitId: village, role: 'assist' },
    });
    expect(refusedAssist.body.code).toBe('DISPATCH_PUSH_DOWN_FORBIDDEN');

    const jtj = await unitId('D-JTJ');
    const added = await server.request('POST', '/api/admin/catalogue', {
      token: admin,
      body: { categoryCode: countyLeaf, areaCode: null, unitId: jtj, role: 'assist' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ unitCode: 'D-JTJ', role: 'assist', areaCode: null });
    const again = await server.request('POST', '/api/admin/catalogue', {
      token: admin,
      body: { categoryCode: countyLeaf, areaCode: null, unitId: jtj, role: 'assist' },
    });
    expect(again.status).toBe(409);
    const list = await server.request('GET', `/api/admin/catalogue?categoryCode=${countyLeaf}`, { token: admin });
    expect(list.body.map((r: { id: number }) => r.id)).toContain(added.body.id);

    expect((await server.request('DELETE', `/api/admin/catalogue/${added.body.id}`, { token: admin })).status).toBe(
      204,
    );
    const after = await server.request('GET', `/api/admin/catalogue?categoryCode=${countyLeaf}`, { token: admin });
    expect(after.body.map((r: { id: number }) => r.id)).not.toContain(added.body.id);

    // A township matter with township rules may not become a county matter while those rules stand.
    const toCounty = await server.request('PATCH', '/api/admin/categories/010101', {
      token: admin,
      body: { duty: 'county' },
    });
    expect(toCounty.status).toBe(422);
    expect(toCounty.body.code).toBe('DISPATCH_PUSH_DOWN_FORBIDDEN');

    const audit = await server.request('GET', '/api/admin/audit?entity=catalogue', { token: admin });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
  });

  it('creates a staff user in a unit, shows the phone masked, and disables the account', async () => {
    const zjj = await unitId('D-ZJJ');
    const created = await server.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'zjj_handler2', name: '新承办人', role: 'handler', unitId: zjj, phone: '13912345678' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'handler', unitId: zjj, phone: '139****5678', disabled: false });
    expect(created.text).not.toContain('13912345678');

    const centreHandler = await server.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'x_handler', name: '错', role: 'handler', unitId: await unitId('CENTRE') },
    });
    expect(centreHandler.status).toBe(400);
    const residentRole = await server.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'x_res', name: '错', role: 'resident', unitId: zjj },
    });
    expect(residentRole.status).toBe(400);
    const dup = await server.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'zjj_handler2', name: '重', role: 'handler', unitId: zjj },
    });
    expect(dup.status).toBe(409);

    const disabled = await server.request('PATCH', `/api/admin/users/${created.body.id}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(disabled.body.disabled).toBe(true);
    const list = await server.request('GET', `/api/admin/users?unitId=${zjj}`, { token: admin });
    expect(list.body.find((u: { id: string }) => u.id === created.body.id)).toMatchObject({ disabled: true });

    const audit = await server.request('GET', '/api/admin/audit?entity=user', { token: admin });
    expect(audit.text).not.toContain('phone_enc');
    expect(audit.body.items[0]).toMatchObject({ before: { disabled: 0 }, after: { disabled: 1 } });
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    // An edit of its own, so the trail has a row to protect whatever ran before.
    const edit = await server.request('PUT', '/api/admin/calendar/2027-02-01', {
      token: admin,
      body: { kind: 'holiday', note: '审计测试' },
    });
    expect(edit.status).toBe(200);
    const before = await server.database.db
      .selectFrom('admin_audit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);
    // The driver's error class may come from another module realm under jest, so match the message.
    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => 'accepted',
        (error: Error) => String(error.message),
      );
    expect(
      await refusal(server.database.db.updateTable('admin_audit').set({ actor_id: 'someone-else' }).execute()),
    ).toMatch(/append-only/);
    expect(await refusal(server.database.db.deleteFrom('admin_audit').execute())).toMatch(/append-only/);
    const after = await server.database.db
      .selectFrom('admin_audit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('documents the admin routes in the OpenAPI document', async () => {
    const doc = await server.request('GET', '/api/openapi.json');
    expect(doc.body.paths['/api/admin/policy'].put.requestBody).toBeDefined();
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/admin/calendar/{date}', '/api/admin/catalogue', '/api/admin/audit']),
    );
  });

  it('pages the audit trail newest first', async () => {
    const first = await server.request('GET', '/api/admin/audit?limit=2', { token: admin });
    expect(first.body.items).toHaveLength(2);
    const next = await server.request('GET', `/api/admin/audit?limit=2&before=${first.body.nextCursor}`, {
      token: admin,
    });
    expect(next.body.items[0].id).toBeLessThan(first.body.items[1].id);
  });
});
