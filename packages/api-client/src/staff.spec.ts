import { createStaffApiClient } from './staff';
import { fakeTransport, ok } from './testing/fake-transport';

const summary = {
  id: 'c1',
  trackingNumber: 'HL20261128-000001',
  status: 'signed',
  demandType: 'help',
  urgency: 'normal',
  channel: 'phone',
  categoryCode: '010101',
  description: '路灯不亮',
  deadline: {
    step: 'reply',
    warnAt: '2026-11-30T04:00:00.000Z',
    dueAt: '2026-12-03T04:00:00.000Z',
    state: 'normal',
    paused: false,
  },
  flags: { supervised: false, problem: false, extensionPending: false, reopenPending: false },
  resolution: null,
  satisfaction: null,
  leadUnitId: 'u1',
  assigneeUnitId: 'u1',
  createdAt: '2026-11-28T04:00:00.000Z',
  updatedAt: '2026-11-28T04:00:00.000Z',
  closedAt: null,
  version: 3,
};
const counts = {
  to_accept: 0,
  to_dispatch: 1,
  to_sign: 2,
  in_progress: 3,
  warning: 0,
  overdue: 1,
  returned: 0,
  extension_requests: 0,
  replies_to_review: 0,
  callbacks_due: 0,
  reopen_requests: 1,
  problem: 0,
  supervised: 0,
};

describe('the staff endpoints', () => {
  it('should send each case action to its hyphenated route with the body and token', async () => {
    const { transport, calls } = fakeTransport(ok(summary), ok(summary));
    const client = createStaffApiClient(transport, { getToken: () => 'staff-token' });
    await expect(client.act('c1', 'sign', {})).resolves.toMatchObject({ status: 'signed', version: 3 });
    await client.act('c1', 'rule_return', { decision: 'redispatch', leadUnitId: 'u2' });
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['POST', '/staff/cases/c1/sign'],
      ['POST', '/staff/cases/c1/rule-return'],
    ]);
    expect(calls[1]?.data).toEqual({ decision: 'redispatch', leadUnitId: 'u2' });
    expect(calls[0]?.headers?.Authorization).toBe('Bearer staff-token');
  });

  it('should surface the no-push-down refusal with its code and message', async () => {
    const refusal = { code: 'DISPATCH_PUSH_DOWN_FORBIDDEN', message: '县级部门职责事项不得下派', requestId: 'r9' };
    const { transport } = fakeTransport(ok(refusal, 422));
    await expect(createStaffApiClient(transport).act('c1', 'dispatch', { leadUnitId: 't01' })).rejects.toMatchObject({
      code: 'DISPATCH_PUSH_DOWN_FORBIDDEN',
      status: 422,
      message: '县级部门职责事项不得下派',
    });
  });

  it('should read the queue counts and a tab page with its cursor', async () => {
    const page = { tab: 'to_sign', items: [], nextCursor: null };
    const { transport, calls } = fakeTransport(ok(counts), ok(page));
    const client = createStaffApiClient(transport);
    await expect(client.queueCounts()).resolves.toEqual(counts);
    await expect(client.queue('to_sign', { cursor: 'abc', limit: 10 })).resolves.toEqual(page);
    expect(calls[1]).toMatchObject({ url: '/queues/to_sign', params: { cursor: 'abc', limit: 10 } });
  });

  it('should renew the token once on 401 and resend', async () => {
    const { transport, calls } = fakeTransport(
      ok({ code: 'UNAUTHENTICATED', message: 'x', requestId: 'r' }, 401),
      ok(counts),
    );
    let token = 'old';
    const client = createStaffApiClient(transport, {
      getToken: () => token,
      onUnauthorized: async () => {
        token = 'new';
        return true;
      },
    });
    await client.queueCounts();
    expect(calls.map((c) => c.headers?.Authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('should retry a GET after a network failure but never a POST', async () => {
    const { transport, calls } = fakeTransport(new Error('offline'), ok(counts), new Error('offline'));
    const client = createStaffApiClient(transport, { retryDelayMs: () => 0 });
    await expect(client.queueCounts()).resolves.toEqual(counts);
    await expect(client.revealPhone('c1')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(calls.map((c) => c.url)).toEqual(['/queues/counts', '/queues/counts', '/staff/cases/c1/reveal-phone']);
  });

  it('should send the caller’s number in the body, never in the URL', async () => {
    const { transport, calls } = fakeTransport(ok({ items: [] }));
    await createStaffApiClient(transport).casesByCaller('13912345678');
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/cases/by-caller', data: { phone: '13912345678' } });
    expect(JSON.stringify(calls[0]?.params ?? {})).not.toContain('1391234');
  });

  it('should reject measures that do not match the schema', async () => {
    const { transport } = fakeTransport(ok({ from: '2026-11-01', to: '2026-11-30', units: [{ code: 'T01' }] }));
    await expect(createStaffApiClient(transport).measures('2026-11-01', '2026-11-30')).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });
});
