// Who may call which workflow route: every route × every kind of caller, over real HTTP.
// 403 for a role the route does not allow; 404 for a unit the case was never sent to, exactly
// like a case that does not exist; 200/201 for the rest.
import type { Principal } from '../src/auth/tokens';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { principalOf, residentFiling } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const callers = [
  'resident',
  'operator',
  'dispatcher',
  'supervisor',
  'assigned_handler',
  'foreign_handler',
  'unit_manager',
  'analyst',
  'admin',
] as const;
type Caller = (typeof callers)[number];
type Stage = 'submitted' | 'accepted' | 'dispatched' | 'signed' | 'replied' | 'none';

interface RouteCase {
  name: string;
  method: 'GET' | 'POST';
  path: (caseId: string) => string;
  stage: Stage;
  body?: (units: Record<string, string>) => unknown;
  expected: Record<Caller, number>;
}

const only = (ok: number, allowed: Caller[], overrides: Partial<Record<Caller, number>> = {}): Record<Caller, number> =>
  Object.fromEntries(callers.map((c) => [c, overrides[c] ?? (allowed.includes(c) ? ok : 403)])) as Record<
    Caller,
    number
  >;
const centre: Caller[] = ['operator', 'dispatcher', 'supervisor'];
const assignedUnit: Caller[] = ['assigned_handler', 'unit_manager'];

const routes: RouteCase[] = [
  {
    name: 'GET staff case detail',
    method: 'GET',
    path: (id) => `/api/staff/cases/${id}`,
    stage: 'dispatched',
    expected: only(200, [...centre, ...assignedUnit, 'analyst', 'admin', 'foreign_handler'], { foreign_handler: 404 }),
  },
  {
    name: 'POST reveal-phone',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/reveal-phone`,
    stage: 'dispatched',
    expected: only(200, [...centre, ...assignedUnit], { foreign_handler: 404 }),
  },
  {
    name: 'GET dispatch-suggestions',
    method: 'GET',
    path: (id) => `/api/staff/cases/${id}/dispatch-suggestions`,
    stage: 'accepted',
    expected: only(200, centre),
  },
  {
    name: 'POST accept',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/accept`,
    stage: 'submitted',
    expected: only(200, ['operator']),
  },
  {
    name: 'POST dispatch',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/dispatch`,
    stage: 'accepted',
    body: (u) => ({ leadUnitId: u['D-ZJJ'] }),
    expected: only(200, ['operator', 'dispatcher']),
  },
  {
    name: 'POST sign',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/sign`,
    stage: 'dispatched',
    expected: only(200, assignedUnit, { foreign_handler: 404 }),
  },
  {
    name: 'POST reply',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/reply`,
    stage: 'signed',
    body: () => ({ text: '已现场处理完毕' }),
    expected: only(200, assignedUnit, { foreign_handler: 404 }),
  },
  {
    name: 'POST review',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/review`,
    stage: 'replied',
    body: () => ({ decision: 'approve' }),
    expected: only(200, ['operator', 'supervisor']),
  },
  {
    name: 'POST urge',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/urge`,
    stage: 'accepted',
    expected: only(200, centre),
  },
  {
    name: 'POST supervise',
    method: 'POST',
    path: (id) => `/api/staff/cases/${id}/supervise`,
    stage: 'accepted',
    expected: only(200, ['supervisor']),
  },
  {
    name: 'POST phone intake',
    method: 'POST',
    path: () => '/api/cases/phone',
    stage: 'none',
    body: () => ({ callerPhone: '13912340000', demandType: 'consultation', description: '咨询公积金提取' }),
    expected: only(201, ['operator']),
  },
  {
    name: 'POST cases by caller',
    method: 'POST',
    path: () => '/api/cases/by-caller',
    body: () => ({ phone: '13912340000' }),
    stage: 'none',
    expected: only(200, ['operator', 'supervisor']),
  },
  {
    name: 'GET audit verify',
    method: 'GET',
    path: () => '/api/admin/audit/verify',
    stage: 'none',
    expected: only(200, ['admin']),
  },
];

describe(`workflow access matrix on ${testDbKind}`, () => {
  let server: TestServer;
  let workflow: CaseWorkflowService;
  const token = {} as Record<Caller, string>;
  const units: Record<string, string> = {};
  const principals: Record<string, Principal> = {};

  /** A fresh case at the stage a route needs, moved there through the case core. */
  const caseAt = async (stage: Stage): Promise<string> => {
    if (stage === 'none') return '';
    let row = await workflow.submit(
      residentFiling(principals.resident1!.userId, {
        channel: 'wechat',
        description: '小区内违规搭建的棚屋影响消防通道',
        address: '城关街道府前路 20 号',
      }),
      principals.resident1!,
    );
    const steps: Array<[Stage, () => Promise<unknown>]> = [
      ['accepted', () => workflow.act(row.id, { type: 'accept' }, principals.operator1!)],
      [
        'dispatched',
        async () =>
          workflow.act(
            row.id,
            { type: 'dispatch', leadUnit: await workflow.unitRef(units['D-ZJJ']!) },
            principals.dispatcher1!,
          ),
      ],
      ['signed', () => workflow.act(row.id, { type: 'sign' }, principals.zjj_handler!)],
      ['replied', () => workflow.act(row.id, { type: 'reply', text: '已处理' }, principals.zjj_handler!)],
    ];
    for (const [reached, step] of steps) {
      if (row.status === stage) break;
      row = (await step()) as typeof row;
      if (reached === stage) break;
    }
    expect(row.status).toBe(stage);
    return row.id;
  };

  beforeAll(async () => {
    server = await startTestServer();
    workflow = server.app.get(CaseWorkflowService);
    const logins: Record<Caller, [string, string?]> = {
      resident: ['resident'],
      operator: ['operator'],
      dispatcher: ['dispatcher'],
      supervisor: ['supervisor'],
      assigned_handler: ['handler', 'D-ZJJ'],
      foreign_handler: ['handler', 'T02'],
      unit_manager: ['unit_manager', 'D-ZJJ'],
      analyst: ['analyst'],
      admin: ['admin'],
    };
    for (const caller of callers) token[caller] = await devLogin(server, ...logins[caller]);
    for (const row of await server.database.db.selectFrom('units').select(['id', 'code']).execute())
      units[row.code] = row.id;
    for (const name of ['resident1', 'operator1', 'dispatcher1', 'zjj_handler'])
      principals[name] = await principalOf(server, name);
  });
  afterAll(() => server?.close());

  it.each(routes.map((r) => [r.name, r] as const))(
    '%s answers each caller as its role and relation allow',
    async (_name, route) => {
      const seen = {} as Record<Caller, number>;
      for (const caller of callers) {
        const caseId = await caseAt(route.stage);
        const res = await server.request(route.method, route.path(caseId), {
          token: token[caller],
          ...(route.method === 'POST' ? { body: route.body?.(units) ?? {} } : {}),
        });
        seen[caller] = res.status;
        if (res.status === 404) expect(res.body.code).toBe('CASE_NOT_FOUND');
      }
      expect(seen).toEqual(route.expected);
    },
  );

  it('answers a case of a foreign unit exactly like a missing case', async () => {
    const caseId = await caseAt('dispatched');
    const foreign = await server.request('GET', `/api/staff/cases/${caseId}`, { token: token.foreign_handler });
    const missing = await server.request('GET', '/api/staff/cases/00000000-0000-4000-8000-000000000000', {
      token: token.foreign_handler,
    });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(foreign.body.code).toBe(missing.body.code);
    expect(foreign.body.message).toBe(missing.body.message);
    const sign = await server.request('POST', `/api/staff/cases/${caseId}/sign`, {
      token: token.foreign_handler,
      body: {},
    });
    expect(sign.body.code).toBe('CASE_NOT_FOUND');
  });

  it('refuses every call without a token with 401', async () => {
    const caseId = await caseAt('dispatched');
    for (const route of routes) {
      const res = await server.request(
        route.method,
        route.path(caseId),
        route.method === 'POST' ? { body: route.body?.(units) ?? {} } : {},
      );
      expect([route.name, res.status]).toEqual([route.name, 401]);
    }
  });
});
