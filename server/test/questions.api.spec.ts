// Questions per category: admins edit them, every filing channel checks the answers, the case
// keeps them and staff read them on the case page.
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

interface Node {
  code: string;
  children: Node[];
  questions: { code: string; label: string; kind: string; required: boolean }[];
}
interface Answer {
  code: string;
  label: string;
  display: string;
}

const NOISE = '030104'; // 社会生活噪声: seeded with required 时段 and 噪声来源

describe(`questions per category on ${testDbKind}`, () => {
  let server: TestServer;
  let admin: string;
  let operator: string;
  let resident: string;
  let key = 0;

  const residentFiling = (answers: Record<string, unknown>) =>
    server.request('POST', '/api/cases', {
      token: resident,
      headers: { 'idempotency-key': `q-${++key}` },
      body: {
        demandType: 'complaint',
        categoryCode: NOISE,
        description: '楼下烧烤店每天凌晨还在大声播放音乐',
        privacyConsentVersion: '2026-01',
        answers,
      },
    });

  beforeAll(async () => {
    server = await startTestServer();
    admin = await devLogin(server, 'admin');
    operator = await devLogin(server, 'operator');
    resident = await devLogin(server, 'resident');
  });
  afterAll(() => server?.close());

  it('shows the seeded questions on the category tree residents pick from', async () => {
    const res = await server.request('GET', '/api/categories');
    const leaves = (res.body.items as Node[]).flatMap((a) => a.children).flatMap((b) => b.children);
    const noise = leaves.find((c) => c.code === NOISE)!;
    expect(noise.questions.map((q) => [q.label, q.kind, q.required])).toEqual([
      ['时段', 'single_choice', true],
      ['噪声来源', 'multi_choice', true],
      ['最近一次开始时间', 'datetime', false],
    ]);
    expect(leaves.find((c) => c.code === '010101')!.questions[0]).toMatchObject({ code: 'pole_number', label: '灯杆编号' });
  });

  it('refuses a resident filing that leaves a required question empty, naming the field, and files nothing', async () => {
    const before = await server.database.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await residentFiling({ period: 'night' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'answers.source', code: 'required', message: '请选择“噪声来源”' }]);
    const wrong = await residentFiling({ period: 'dawn', source: ['shop'] });
    expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'answers.period', code: 'invalid' })]);
    const after = await server.database.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps the answers on the case and shows them to the operator on the case page', async () => {
    const res = await residentFiling({ period: 'night', source: ['entertainment', 'shop'], started_at: '2026-11-29T23:40' });
    expect(res.status).toBe(201);
    const detail = await server.request('GET', `/api/staff/cases/${res.body.id}`, { token: operator });
    expect(detail.body.answers.map((a: Answer) => [a.label, a.display])).toEqual([
      ['时段', '夜间（22时至次日6时）'],
      ['噪声来源', '商铺经营、娱乐场所'],
      ['最近一次开始时间', '2026-11-29 23:40'],
    ]);
  });

  it('checks the answers of a phone call the same way', async () => {
    const call = (answers: Record<string, unknown>) =>
      server.request('POST', '/api/cases/phone', {
        token: operator,
        body: { callerPhone: '13700002222', demandType: 'complaint', categoryCode: NOISE, description: '广场舞音响太吵', answers },
      });
    const missing = await call({ source: ['square_dance'] });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toMatchObject({ field: 'answers.period', code: 'required' });
    const ok = await call({ period: 'day', source: ['square_dance'] });
    expect(ok.status).toBe(201);
    const detail = await server.request('GET', `/api/staff/cases/${ok.body.id}`, { token: operator });
    expect(detail.body.answers.map((a: Answer) => a.display)).toEqual(['白天', '广场舞']);
  });

  it('lets an admin replace a leaf’s questions, audited, while filed cases keep what they were asked', async () => {
    const filed = await residentFiling({ period: 'night', source: ['neighbour'] });
    const put = await server.request('PUT', `/api/admin/categories/${NOISE}/questions`, {
      token: admin,
      body: {
        questions: [
          { code: 'floor', label: '楼层', kind: 'number', required: true, helpText: '噪声来自几楼' },
          { code: 'period', label: '时段', kind: 'single_choice', required: false, options: [{ key: 'night', name: '夜间' }, { key: 'day', name: '白天' }] },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.questions.map((q: Answer) => q.code)).toEqual(['floor', 'period']);
    expect((await server.request('GET', `/api/admin/categories/${NOISE}/questions`, { token: admin })).body.questions[0]).toMatchObject({
      label: '楼层',
      helpText: '噪声来自几楼',
      options: [],
    });
    expect((await residentFiling({ period: 'night' })).body.details[0].field).toBe('answers.floor');
    expect((await residentFiling({ floor: '3' })).status).toBe(201);

    const old = await server.request('GET', `/api/staff/cases/${filed.body.id}`, { token: operator });
    expect(old.body.answers.map((a: Answer) => a.label)).toEqual(['时段', '噪声来源']);
    const audit = await server.request('GET', '/api/admin/audit?entity=questions', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ entityKey: NOISE, action: 'update' });
    expect(audit.body.items[0].after[0].code).toBe('floor');
  });

  it('refuses bad question lists and non-admins', async () => {
    const bad = await server.request('PUT', `/api/admin/categories/${NOISE}/questions`, {
      token: admin,
      body: { questions: [{ code: 'x', label: '选一个', kind: 'single_choice', required: true, options: [{ key: 'a', name: 'A' }] }] },
    });
    expect(bad.status).toBe(400);
    const parent = await server.request('PUT', '/api/admin/categories/0301/questions', { token: admin, body: { questions: [] } });
    expect(parent.status).toBe(400);
    const missing = await server.request('GET', '/api/admin/categories/999999/questions', { token: admin });
    expect(missing.status).toBe(404);
    const denied = await server.request('PUT', `/api/admin/categories/${NOISE}/questions`, { token: operator, body: { questions: [] } });
    expect(denied.status).toBe(403);
  });
});
