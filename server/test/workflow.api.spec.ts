// The centre's and the units' workflow over real HTTP: every path of the flow table, the staff
// view with masked phones and logged reveals, dispatch suggestions, concurrency and the audit check.
import { sql } from 'kysely';
import type { Principal } from '../src/auth/tokens';
import { CaseWorkflowService, type NewCaseInput } from '../src/cases/case-workflow.service';
import { withRowGuardsLifted } from '../src/database/migrations/0011_keyed_audit';
import { principalOf, residentFiling, uploadPhoto } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`staff workflow API on ${testDbKind}`, () => {
  let server: TestServer;
  let workflow: CaseWorkflowService;
  const token: Record<string, string> = {};
  const unit: Record<string, string> = {};
  const who: Record<string, Principal> = {};

  const userOf = (username: string) => principalOf(server, username);

  const post = (path: string, as: string, body: unknown = {}, headers?: Record<string, string>) =>
    server.request('POST', path, { token: token[as], body, ...(headers ? { headers } : {}) });
  const act = async (caseId: string, action: string, as: string, body: unknown = {}) => {
    const res = await post(`/api/staff/cases/${caseId}/${action}`, as, body);
    if (res.status !== 200) throw new Error(`${action} as ${as}: ${res.status} ${res.text}`);
    return res.body;
  };
  const detail = async (caseId: string, as: string) => {
    const res = await server.request('GET', `/api/staff/cases/${caseId}`, { token: token[as] });
    expect(res.status).toBe(200);
    return res.body;
  };

  const phoneCall = (overrides: Record<string, unknown> = {}) => ({
    callerPhone: '13912345678',
    callerName: '王建国',
    callbackWanted: true,
    callId: 'CALL-20261128-0001',
    demandType: 'help',
    urgency: 'normal',
    description: '府前路小区门口路灯不亮已经三天，晚上很黑',
    address: '城关街道府前路 8 号',
    townshipCode: '421199001000',
    villageCode: '421199001001',
    acceptNow: false,
    ...overrides,
  });

  const filingOf = (filer: Principal, overrides: Partial<NewCaseInput> = {}): NewCaseInput =>
    residentFiling(filer.userId, { description: '小区楼下夜宵摊每天营业到凌晨两点，噪声扰民', ...overrides });

  /** A resident's case, accepted and (optionally) dispatched to a unit, through HTTP. */
  const residentCase = async (overrides: Partial<NewCaseInput> = {}) =>
    workflow.submit(filingOf(who.resident1!, overrides), who.resident1!);
  const acceptedCase = async (overrides: Partial<NewCaseInput> = {}) => {
    const row = await residentCase(overrides);
    await act(row.id, 'accept', 'operator');
    return row.id;
  };
  const signedAt = async (unitCode: string, handler: string) => {
    const id = await acceptedCase();
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit[unitCode] });
    await act(id, 'sign', handler);
    return id;
  };

  beforeAll(async () => {
    server = await startTestServer();
    workflow = server.app.get(CaseWorkflowService);
    const logins: Array<[string, string, string?]> = [
      ['operator', 'operator'],
      ['dispatcher', 'dispatcher'],
      ['supervisor', 'supervisor'],
      ['analyst', 'analyst'],
      ['admin', 'admin'],
      ['resident', 'resident'],
      ['t01', 'handler', 'T01'],
      ['t01v01', 'handler', 'T01V01'],
      ['t02', 'handler', 'T02'],
      ['cgj', 'handler', 'D-CGJ'],
      ['zjj', 'handler', 'D-ZJJ'],
    ];
    for (const [name, role, unitCode] of logins) token[name] = await devLogin(server, role, unitCode);
    for (const row of await server.database.db.selectFrom('units').select(['id', 'code']).execute())
      unit[row.code] = row.id;
    for (const name of ['resident1', 'resident2', 'operator1', 'supervisor1', 't01_handler'])
      who[name] = await userOf(name);
  });
  afterAll(() => server?.close());

  it('takes a phone call and carries it through township, village, send-back, review and callback to closed', async () => {
    const filed = await post('/api/cases/phone', 'operator', phoneCall());
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'submitted', channel: 'phone', version: 1 });
    const id = filed.body.id as string;

    await act(id, 'accept', 'operator');
    expect(await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit.T01 })).toMatchObject({
      status: 'dispatched',
      assigneeUnitId: unit.T01,
    });
    await act(id, 'sign', 't01');
    expect(await act(id, 'forward', 't01', { villageUnitId: unit.T01V01 })).toMatchObject({
      status: 'dispatched',
      assigneeUnitId: unit.T01V01,
    });
    // The township stays responsible and still sees the case while its village holds it.
    expect((await detail(id, 't01')).responsibleTownshipUnitId).toBe(unit.T01);
    expect(await act(id, 'take-back', 't01', { note: '需由街道统一协调' })).toMatchObject({
      status: 'signed',
      assigneeUnitId: unit.T01,
    });
    await act(id, 'forward', 't01', { villageUnitId: unit.T01V01 });
    await act(id, 'sign', 't01v01');
    const [photo1, photo2, photo3] = [
      await uploadPhoto(server, token.t01v01!),
      await uploadPhoto(server, token.t01v01!),
      await uploadPhoto(server, token.t01v01!),
    ];
    expect(await act(id, 'reply', 't01v01', { text: '已联系供电所更换灯泡', mediaIds: [photo1] })).toMatchObject({
      status: 'replied',
    });
    expect(await act(id, 'review', 'supervisor', { decision: 'send_back', note: '请附修复后夜间照片' })).toMatchObject({
      status: 'signed',
    });
    await act(id, 'reply', 't01v01', { text: '已修复，附夜间照片', mediaIds: [photo2, photo3] });
    expect(await act(id, 'review', 'supervisor', { decision: 'approve' })).toMatchObject({ status: 'callback' });
    const closed = await act(id, 'callback', 'operator', {
      satisfaction: 'satisfied',
      solved: true,
      note: '居民表示满意',
    });
    expect(closed).toMatchObject({
      status: 'closed',
      resolution: 'resolved',
      satisfaction: 'satisfied',
      deadline: null,
    });

    const view = await detail(id, 'supervisor');
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'submit',
      'accept',
      'dispatch',
      'sign',
      'forward',
      'take_back',
      'forward',
      'sign',
      'reply',
      'review',
      'reply',
      'review',
      'callback',
    ]);
    const replies = view.timeline.filter((e: { type: string }) => e.type === 'reply');
    expect(replies[0].payload.mediaIds).toEqual([photo1]);
    // Staff see every photo of the case through signed URLs that really serve the image.
    expect(view.photos.map((p: { id: string }) => p.id)).toEqual([photo1, photo2, photo3]);
    const image = await fetch(server.url + view.photos[0].url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(replies[1].actor).toMatchObject({
      role: 'handler',
      unitId: unit.T01V01,
      unitName: '府前社区居委会',
      displayName: '汪慧',
    });
    expect(view.timeline.find((e: { type: string }) => e.type === 'review').visibility).toBe('internal');
    expect(view.callId).toBe('CALL-20261128-0001');
  });

  it('accepts a phone call at once and finds the caller’s earlier cases by number', async () => {
    const callerPhone = '13700001111';
    const first = await post('/api/cases/phone', 'operator', phoneCall({ callerPhone, acceptNow: true }));
    expect(first.body).toMatchObject({ status: 'accepted', deadline: { step: 'dispatch', paused: false } });
    const second = await post(
      '/api/cases/phone',
      'operator',
      phoneCall({ callerPhone: '+86 137-0000-1111', description: '路灯又坏了' }),
    );
    const stored = await server.database.db
      .selectFrom('cases')
      .select(['contact_phone_enc'])
      .where('id', '=', first.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.contact_phone_enc).not.toContain(callerPhone);

    const history = await server.request('POST', '/api/cases/by-caller', { token: token.operator, body: { phone: callerPhone } });
    expect(history.status).toBe(200);
    expect(history.body.items.map((c: { id: string }) => c.id)).toEqual([second.body.id, first.body.id]);
    const nobody = await server.request('POST', '/api/cases/by-caller', { token: token.operator, body: { phone: '13011112222' } });
    expect(nobody.body.items).toEqual([]);
  });

  it('refuses a phone intake with a village outside the township, a branch category or an unknown field', async () => {
    const wrongVillage = await post('/api/cases/phone', 'operator', phoneCall({ townshipCode: '421199002000' }));
    expect(wrongVillage.status).toBe(400);
    expect(wrongVillage.body.details).toEqual([expect.objectContaining({ field: 'villageCode' })]);
    const branch = await post('/api/cases/phone', 'operator', phoneCall({ categoryCode: '0101' }));
    expect(branch.status).toBe(400);
    const extra = await post('/api/cases/phone', 'operator', phoneCall({ priority: 'high' }));
    expect(extra.status).toBe(400);
    expect(extra.body.code).toBe('VALIDATION_FAILED');
  });

  it('rejects a demand with a reason', async () => {
    const row = await residentCase();
    expect(await act(row.id, 'reject', 'operator', { reason: '已进入诉讼程序，不属于热线受理范围' })).toMatchObject({
      status: 'rejected',
      resolution: 'rejected',
    });
    const again = await post(`/api/staff/cases/${row.id}/accept`, 'operator');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('merges a repeated demand into an open case and lets its filer follow the parent', async () => {
    const parent = await residentCase();
    const repeat = await workflow.submit(
      filingOf(who.resident2!, { contactName: '黄磊', contactPhone: '13800000025' }),
      who.resident2!,
    );
    await expect(workflow.getVisible(parent.id, who.resident2!)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    const self = await post(`/api/staff/cases/${repeat.id}/merge`, 'operator', { parentCaseId: repeat.id });
    expect(self.body.code).toBe('MERGE_INTO_SELF');
    expect(await act(repeat.id, 'merge', 'operator', { parentCaseId: parent.id })).toMatchObject({
      status: 'merged',
      resolution: 'merged',
    });
    expect((await workflow.getVisible(parent.id, who.resident2!)).id).toBe(parent.id);
    expect((await detail(repeat.id, 'operator')).parentCaseId).toBe(parent.id);
  });

  it('finds a merge parent by its tracking number for the centre, as missing for a unit that cannot see it', async () => {
    const parent = await residentCase();
    const found = await server.request('GET', `/api/staff/cases/by-tracking-number/${parent.tracking_number}`, {
      token: token.operator,
    });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: parent.id, trackingNumber: parent.tracking_number, status: 'submitted' });
    const hidden = await server.request('GET', `/api/staff/cases/by-tracking-number/${parent.tracking_number}`, {
      token: token.t01,
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('CASE_NOT_FOUND');
    const malformed = await server.request('GET', '/api/staff/cases/by-tracking-number/HL2026-1', { token: token.operator });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });

  it('gives a filed demand an acceptance clock of one working hour, and lets the operator mark it urgent on accepting', async () => {
    const row = await residentCase();
    const filed = await detail(row.id, 'operator');
    expect(filed.deadline).toMatchObject({ step: 'accept', state: 'normal', paused: false });
    const accepted = await act(row.id, 'accept', 'operator', { urgency: 'urgent' });
    expect(accepted).toMatchObject({ status: 'accepted', urgency: 'urgent', deadline: { step: 'dispatch' } });
    // Urgent: 30 working minutes to dispatch where a normal demand accepted now has an hour.
    const normal = await act((await residentCase()).id, 'accept', 'operator');
    expect(normal.urgency).toBe('normal');
    expect(Date.parse(accepted.deadline.dueAt)).toBeLessThan(Date.parse(normal.deadline.dueAt));
    const bad = await post(`/api/staff/cases/${(await residentCase()).id}/accept`, 'operator', { urgency: 'high' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers a consultation from the knowledge base and closes it, refusing an unknown entry', async () => {
    const entry = await server.database.db
      .selectFrom('knowledge_entries')
      .select(['id', 'answer'])
      .where('code', '=', 'KB001')
      .executeTakeFirstOrThrow();
    const row = await residentCase({ demandType: 'consultation' });
    const missing = await post(`/api/staff/cases/${row.id}/answer`, 'operator', { knowledgeEntryId: 'no-such-entry' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect(await act(row.id, 'answer', 'operator', { knowledgeEntryId: entry.id })).toMatchObject({
      status: 'closed',
      resolution: 'answered',
    });
    const answer = (await detail(row.id, 'operator')).timeline.at(-1);
    expect(answer.payload).toMatchObject({
      knowledgeEntryId: entry.id,
      text: entry.answer,
      knowledgeEntryCode: 'KB001',
    });
  });

  it('pauses the clock while asking the resident for information and resumes when the resident answers', async () => {
    const id = await acceptedCase();
    const waiting = await act(id, 'request-info', 'operator', { question: '请提供具体门牌号' });
    expect(waiting).toMatchObject({ status: 'awaiting_info', deadline: { step: 'dispatch', paused: true } });
    const dispatchTooEarly = await post(`/api/staff/cases/${id}/dispatch`, 'dispatcher', { leadUnitId: unit.T01 });
    expect(dispatchTooEarly.status).toBe(409);
    await workflow.act(id, { type: 'supplement', text: '府前路 12 号 3 栋' }, who.resident1!);
    const view = await detail(id, 'operator');
    expect(view).toMatchObject({ status: 'accepted', deadline: { step: 'dispatch', paused: false } });
    expect(view.timeline.at(-1)).toMatchObject({
      type: 'supplement',
      actor: { kind: 'resident', displayName: '张秀英' },
    });
  });

  it('lets a unit return a case before signing, and the centre redispatch it elsewhere', async () => {
    const id = await acceptedCase();
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit.T01 });
    expect(await act(id, 'return', 't01', { reason: '该地址不在本街道辖区' })).toMatchObject({
      status: 'returned',
      deadline: null,
    });
    const redispatched = await act(id, 'rule-return', 'dispatcher', {
      decision: 'redispatch',
      leadUnitId: unit.T02,
      note: '地址属东湖街道',
    });
    expect(redispatched).toMatchObject({ status: 'dispatched', assigneeUnitId: unit.T02 });
    // The first unit no longer holds it and cannot see it.
    expect((await server.request('GET', `/api/staff/cases/${id}`, { token: token.t01 })).status).toBe(404);
    expect(await act(id, 'sign', 't02')).toMatchObject({ status: 'signed' });
  });

  it('lets a unit return a case it has just signed, and the centre uphold the dispatch', async () => {
    const id = await signedAt('T01', 't01');
    expect(await act(id, 'return', 't01', { reason: '职责不清' })).toMatchObject({ status: 'returned' });
    expect(await act(id, 'rule-return', 'supervisor', { decision: 'uphold', note: '属街道职责' })).toMatchObject({
      status: 'dispatched',
      assigneeUnitId: unit.T01,
    });
  });

  it('allows a return within one working day of signing and refuses it after', async () => {
    const t01 = await workflow.unitRef(unit.T01!);
    const signedOn = new Date('2026-11-27T02:00:00Z'); // Friday 10:00 in Shanghai
    const prepare = async () => {
      let row = await workflow.submit(filingOf(who.resident1!), who.resident1!, {
        now: new Date('2026-11-27T01:00:00Z'),
      });
      row = await workflow.act(row.id, { type: 'accept' }, who.operator1!, { now: new Date('2026-11-27T01:10:00Z') });
      row = await workflow.act(
        row.id,
        { type: 'dispatch', leadUnit: t01 },
        { ...who.operator1!, role: 'dispatcher' },
        { now: new Date('2026-11-27T01:20:00Z') },
      );
      return workflow.act(row.id, { type: 'sign' }, who.t01_handler!, { now: signedOn });
    };
    const early = await prepare();
    // Monday 09:30: the weekend does not count, so less than one working day has passed.
    const returned = await workflow.act(early.id, { type: 'return', reason: '不属本街道' }, who.t01_handler!, {
      now: new Date('2026-11-30T01:30:00Z'),
    });
    expect(returned.status).toBe('returned');
    const late = await prepare();
    await expect(
      workflow.act(late.id, { type: 'return', reason: '不属本街道' }, who.t01_handler!, {
        now: new Date('2026-11-30T06:00:00Z'),
      }),
    ).rejects.toMatchObject({ code: 'RETURN_WINDOW_PASSED' });
  });

  it('moves the reply deadline by working days across the National Day holiday when an extension is granted', async () => {
    const t01 = await workflow.unitRef(unit.T01!);
    const dispatcher = { ...who.operator1!, role: 'dispatcher' };
    const at = (iso: string) => ({ now: new Date(iso) });
    let row = await workflow.submit(
      filingOf(who.resident1!, { demandType: 'consultation' }),
      who.resident1!,
      at('2026-09-25T01:00:00Z'),
    );
    row = await workflow.act(row.id, { type: 'accept' }, who.operator1!, at('2026-09-25T01:10:00Z'));
    row = await workflow.act(row.id, { type: 'dispatch', leadUnit: t01 }, dispatcher, at('2026-09-25T01:20:00Z'));
    row = await workflow.act(row.id, { type: 'sign' }, who.t01_handler!, at('2026-09-25T02:00:00Z'));
    // 3 working days (Mon 28, Tue 29, Wed 30), due at the close of Wednesday (17:30 in Shanghai).
    expect(row.due_at).toBe('2026-09-30T09:30:00.000Z');
    row = await workflow.act(
      row.id,
      { type: 'request_extension', workingDays: 2, reason: '需协调供电部门' },
      who.t01_handler!,
      at('2026-09-29T02:00:00Z'),
    );
    row = await workflow.act(
      row.id,
      { type: 'rule_extension', decision: 'grant' },
      who.supervisor1!,
      at('2026-09-29T03:00:00Z'),
    );
    // Oct 1–7 are holidays: two working days after Sep 30 are Oct 8 and Oct 9.
    expect(row.due_at).toBe('2026-10-09T09:30:00.000Z');
  });

  it('grants two extensions and refuses a third request', async () => {
    const id = await signedAt('T01', 't01');
    const before = (await detail(id, 't01')).deadline.dueAt as string;
    expect(await act(id, 'request-extension', 't01', { workingDays: 3, reason: '需协调多个部门' })).toMatchObject({
      flags: { extensionPending: true },
    });
    const pending = await post(`/api/staff/cases/${id}/request-extension`, 't01', {
      workingDays: 1,
      reason: '再次申请',
    });
    expect(pending.body.code).toBe('EXTENSION_PENDING');
    const granted = await act(id, 'rule-extension', 'supervisor', { decision: 'grant' });
    expect(granted.flags.extensionPending).toBe(false);
    expect(new Date(granted.deadline.dueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    await act(id, 'request-extension', 't01', { workingDays: 2, reason: '材料未齐' });
    await act(id, 'rule-extension', 'supervisor', { decision: 'grant' });
    const third = await post(`/api/staff/cases/${id}/request-extension`, 't01', { workingDays: 1, reason: '仍需时间' });
    expect(third.status).toBe(422);
    expect(third.body.code).toBe('EXTENSION_LIMIT_REACHED');
    expect((await detail(id, 'supervisor')).counters.extensionsGranted).toBe(2);
  });

  it('flags a case sent back three times as a problem case', async () => {
    const id = await signedAt('T01', 't01');
    for (let round = 1; round <= 3; round += 1) {
      await act(id, 'reply', 't01', { text: `第 ${round} 次答复` });
      const back = await act(id, 'review', 'operator', { decision: 'send_back', note: '答复不完整' });
      expect(back.flags.problem).toBe(round >= 3);
    }
    expect((await detail(id, 'supervisor')).counters.sendBackCount).toBe(3);
  });

  it('reopens a closed case when the centre upholds the resident’s request', async () => {
    const id = await signedAt('T01', 't01');
    await act(id, 'reply', 't01', { text: '已处理' });
    await act(id, 'review', 'supervisor', { decision: 'approve' });
    await act(id, 'callback', 'operator', { satisfaction: 'unsatisfied', solved: false });
    await workflow.act(id, { type: 'request_reopen', reason: '问题依旧存在' }, who.resident1!);
    expect((await detail(id, 'supervisor')).allowedActions).toContain('rule_reopen');
    const reopened = await act(id, 'rule-reopen', 'supervisor', { decision: 'uphold', note: '核实未解决' });
    expect(reopened).toMatchObject({ status: 'accepted', closedAt: null, flags: { reopenPending: false } });
    expect((await detail(id, 'supervisor')).counters.reopenCount).toBe(1);
  });

  it('lets the centre urge and supervise an open case, once supervised it stays so', async () => {
    const id = await signedAt('T01', 't01');
    expect(await act(id, 'urge', 'operator', { note: '群众来电催问' })).toMatchObject({ status: 'signed' });
    expect(await act(id, 'supervise', 'supervisor', { note: '逾期督办' })).toMatchObject({
      flags: { supervised: true },
    });
    const twice = await post(`/api/staff/cases/${id}/supervise`, 'supervisor');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_SUPERVISED');
    const types = (await detail(id, 'supervisor')).timeline.map((e: { type: string }) => e.type);
    expect(types.slice(-2)).toEqual(['urge', 'supervise']);
  });

  it('lets an assisting unit contribute with photos but not reply', async () => {
    const id = await acceptedCase();
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit.T01, assistingUnitIds: [unit['D-CGJ']] });
    const photo = await uploadPhoto(server, token.cgj!);
    const foreign = await post(`/api/staff/cases/${id}/contribute`, 'cgj', {
      text: '别人的照片',
      mediaIds: [await uploadPhoto(server, token.t01!)],
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('MEDIA_NOT_FOUND');
    await act(id, 'contribute', 'cgj', { text: '已派执法队员到场', mediaIds: [photo] });
    await act(id, 'sign', 't01');
    const reply = await post(`/api/staff/cases/${id}/reply`, 'cgj', { text: '已处理' });
    expect(reply.status).toBe(403);
    const tooMany = await post(`/api/staff/cases/${id}/contribute`, 'cgj', {
      text: '照片',
      mediaIds: Array.from({ length: 10 }, (_, i) => `p${i}`),
    });
    expect(tooMany.status).toBe(400);
    expect((await detail(id, 'cgj')).timeline.find((e: { type: string }) => e.type === 'contribute')).toMatchObject({
      payload: { mediaIds: [photo] },
    });
  });

  it('shows each reader the buttons it may press', async () => {
    const row = await residentCase();
    expect((await detail(row.id, 'operator')).allowedActions).toEqual(
      expect.arrayContaining(['accept', 'reject', 'merge', 'answer', 'request_info', 'urge']),
    );
    expect((await detail(row.id, 'supervisor')).allowedActions).toEqual(['urge', 'supervise']);
    await act(row.id, 'accept', 'operator');
    await act(row.id, 'dispatch', 'dispatcher', { leadUnitId: unit.T01 });
    expect((await detail(row.id, 't01')).allowedActions).toEqual(['sign', 'return']);
  });

  it('suggests units from the catalogue, most specific area first, and explains a county-department matter', async () => {
    const township = await post('/api/cases/phone', 'operator', phoneCall({ categoryCode: '010101', acceptNow: true }));
    const s1 = await server.request('GET', `/api/staff/cases/${township.body.id}/dispatch-suggestions`, {
      token: token.dispatcher,
    });
    expect(s1.status).toBe(200);
    expect(s1.body).toMatchObject({ duty: 'township', pushDownForbidden: false, explanation: null });
    expect(s1.body.suggestions.map((s: { scope: string }) => s.scope)).toEqual(['township', 'county']);
    expect(s1.body.suggestions[0]).toMatchObject({
      areaCode: '421199001000',
      lead: [{ code: 'T01', name: '城关街道办事处', kind: 'township', unitId: unit.T01 }],
      assisting: [{ code: 'D-CGJ', kind: 'department' }],
    });

    const village = await post('/api/cases/phone', 'operator', phoneCall({ categoryCode: '010201', acceptNow: true }));
    const s2 = await server.request('GET', `/api/staff/cases/${village.body.id}/dispatch-suggestions`, {
      token: token.operator,
    });
    expect(
      s2.body.suggestions.map((s: { scope: string; lead: Array<{ code: string }> }) => [
        s.scope,
        s.lead.map((u) => u.code),
      ]),
    ).toEqual([
      ['village', ['T01V01']],
      ['township', ['T01']],
      ['county', ['D-ZJJ']],
    ]);

    const county = await post('/api/cases/phone', 'operator', phoneCall({ categoryCode: '010102', acceptNow: true }));
    const s3 = await server.request('GET', `/api/staff/cases/${county.body.id}/dispatch-suggestions`, {
      token: token.dispatcher,
    });
    expect(s3.body).toMatchObject({
      duty: 'county',
      pushDownForbidden: true,
      explanation: expect.stringContaining('县直部门'),
    });
    expect(s3.body.suggestions).toEqual([
      expect.objectContaining({ scope: 'county', lead: [expect.objectContaining({ code: 'D-CGJ' })] }),
    ]);
    const pushDown = await post(`/api/staff/cases/${county.body.id}/dispatch`, 'dispatcher', { leadUnitId: unit.T01 });
    expect(pushDown.status).toBe(422);
    expect(pushDown.body.code).toBe('DISPATCH_PUSH_DOWN_FORBIDDEN');
    expect(await act(county.body.id, 'dispatch', 'dispatcher', { leadUnitId: unit['D-CGJ'] })).toMatchObject({
      status: 'dispatched',
    });
    const unknown = await post(`/api/staff/cases/${village.body.id}/dispatch`, 'dispatcher', {
      leadUnitId: 'no-such-unit',
    });
    expect(unknown.body.code).toBe('UNIT_NOT_FOUND');
  });

  it('answers a stale version with 409, by body or If-Match, and lets only one of two simultaneous actions win', async () => {
    const row = await residentCase();
    const stale = await post(`/api/staff/cases/${row.id}/accept`, 'operator', { expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const viaHeader = await post(`/api/staff/cases/${row.id}/accept`, 'operator', {}, { 'if-match': '"2"' });
    expect(viaHeader.status).toBe(409);
    const fresh = await server.request('GET', `/api/staff/cases/${row.id}`, { token: token.operator });
    expect(fresh.headers.get('etag')).toBe('"1"');

    const results = await Promise.all([
      post(`/api/staff/cases/${row.id}/accept`, 'operator', { expectedVersion: 1 }),
      post(`/api/staff/cases/${row.id}/reject`, 'operator', { reason: '重复来电', expectedVersion: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('CONFLICT');
    expect((await detail(row.id, 'operator')).version).toBe(2);
  });

  it('masks the resident’s phone for units and reveals it to the assigned unit as a logged internal event', async () => {
    const filed = await post(
      '/api/cases/phone',
      'operator',
      phoneCall({ callerPhone: '13812341234', acceptNow: true }),
    );
    const id = filed.body.id as string;
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit.T01 });
    expect(await detail(id, 'operator')).toMatchObject({
      contactPhone: '13812341234',
      contactPhoneMasked: false,
      contactName: '王建国',
    });
    expect(await detail(id, 't01')).toMatchObject({
      contactPhone: '138****1234',
      contactPhoneMasked: true,
      contactName: '王**',
    });

    const versionBefore = (await detail(id, 't01')).version;
    const reveal = await post(`/api/staff/cases/${id}/reveal-phone`, 't01');
    expect(reveal.status).toBe(200);
    expect(reveal.body).toEqual({ phone: '13812341234', contactName: '王建国' });
    const after = await detail(id, 'supervisor');
    expect(after.version).toBe(versionBefore);
    expect(after.timeline.at(-1)).toMatchObject({
      type: 'reveal_phone',
      visibility: 'internal',
      actor: { role: 'handler', unitId: unit.T01 },
    });
    expect((await server.request('GET', '/api/admin/audit/verify', { token: token.admin })).body.ok).toBe(true);
  });

  it('hides an anonymous filer’s identity from units, and refuses to reveal it to them', async () => {
    const id = await acceptedCase({ anonymous: true });
    await act(id, 'dispatch', 'dispatcher', { leadUnitId: unit.T01 });
    await workflow.act(id, { type: 'supplement', text: '补充：每晚十点后最吵' }, who.resident1!);
    const view = await detail(id, 't01');
    expect(view).toMatchObject({ anonymous: true, contactName: null, contactPhone: null });
    expect(view.timeline.find((e: { type: string }) => e.type === 'supplement').actor.displayName).toBeNull();
    expect(view.timeline.find((e: { type: string }) => e.type === 'submit').actor.displayName).toBeNull();
    const reveal = await post(`/api/staff/cases/${id}/reveal-phone`, 't01');
    expect(reveal.status).toBe(403);
    expect((await detail(id, 'operator')).contactName).toBe('张秀英');
  });

  it('hides an anonymous filer from analysts and admins too, in the case page, its timeline and the queues', async () => {
    const id = await acceptedCase({ anonymous: true, contactName: '赵匿名' });
    await workflow.act(id, { type: 'supplement', text: '补充：楼下仍在营业' }, who.resident1!);
    for (const as of ['analyst', 'admin']) {
      const res = await server.request('GET', `/api/staff/cases/${id}`, { token: token[as] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ anonymous: true, contactName: null, contactPhone: null });
      expect(res.text).not.toContain('赵');
      expect(res.body.timeline.filter((e: { actor: { kind: string } }) => e.actor.kind === 'resident').map((e: { actor: { displayName: string | null } }) => e.actor.displayName)).toEqual([null, null]);
    }
    const queue = await server.request('GET', '/api/queues/to_dispatch?limit=100', { token: token.analyst });
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ contactName: null, contactPhone: null });
    expect(queue.text).not.toContain('赵匿名');
    expect((await detail(id, 'operator')).contactName).toBe('赵匿名');
  });

  it('logs the full number on a centre case page like a reveal, once per person and half hour', async () => {
    const id = await acceptedCase({ contactPhone: '13800000099' });
    const reveals = async () =>
      (await detail(id, 'supervisor')).timeline.filter((e: { type: string }) => e.type === 'reveal_phone');
    const first = await detail(id, 'operator');
    expect(first.contactPhone).toBe('13800000099');
    await detail(id, 'operator');
    const logged = await reveals();
    // The page that logs a view is read before the log is written: the supervisor sees the operator's.
    expect(logged.map((e: { actor: { role: string }; payload: unknown }) => [e.actor.role, e.payload])).toEqual([
      ['operator', { via: 'case_view' }],
    ]);
    expect((await detail(id, 'analyst')).contactPhone).toBe('138****0099');
    expect((await reveals()).map((e: { actor: { role: string } }) => e.actor.role)).toEqual(['operator', 'supervisor']);
    expect((await server.request('GET', '/api/admin/audit/verify', { token: token.admin })).body.ok).toBe(true);
  });

  it('documents every workflow route in OpenAPI', async () => {
    const doc = (await server.request('GET', '/api/openapi.json')).body;
    for (const route of [
      'accept',
      'reject',
      'merge',
      'answer',
      'request-info',
      'dispatch',
      'sign',
      'forward',
      'take-back',
      'return',
      'rule-return',
      'request-extension',
      'rule-extension',
      'contribute',
      'reply',
      'review',
      'callback',
      'rule-reopen',
      'urge',
      'supervise',
    ]) {
      expect(doc.paths[`/api/staff/cases/{id}/${route}`]?.post).toBeDefined();
    }
    expect(doc.paths['/api/cases/phone'].post).toBeDefined();
    expect(doc.paths['/api/staff/cases/{id}'].get).toBeDefined();
    expect(doc.paths['/api/admin/audit/verify'].get).toBeDefined();
  });

  it('reports the audit chain intact, then broken after a row is edited in SQL with the triggers lifted', async () => {
    const ok = await server.request('GET', '/api/admin/audit/verify', { token: token.admin });
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.eventsChecked).toBeGreaterThan(50);
    const victim = await server.database.db
      .selectFrom('case_events')
      .select('id')
      .where('type', '=', 'reply')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await withRowGuardsLifted(server.database.db as never, 'case_events', () =>
      sql`update case_events set payload_json = ${'{"text":"改写过的答复"}'} where id = ${victim.id}`.execute(server.database.db),
    );
    const broken = await server.request('GET', '/api/admin/audit/verify', { token: token.admin });
    expect(broken.body.ok).toBe(false);
    expect(broken.body.problems).toContainEqual({
      eventId: Number(victim.id),
      caseId: expect.any(String),
      problem: 'content_changed',
    });
  });
});
