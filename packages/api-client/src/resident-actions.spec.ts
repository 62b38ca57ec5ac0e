import { createApiClient, liveEventsPath } from './client';
import { fakeTransport, ok } from './testing/fake-transport';

const id = '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f';
const user = { id: 'u1', role: 'resident', name: '群众', unitId: null, unitName: null };
const session = { accessToken: 'a', tokenType: 'Bearer', expiresIn: 900, user, refreshToken: 'refresh-2-abcdef', refreshExpiresIn: 100 };
const detail = {
  id,
  trackingNumber: 'HL20261128-000001',
  status: 'dispatched',
  demandType: 'help',
  categoryCode: '010101',
  categoryName: '路灯损坏',
  description: '小区门口路灯连续三晚不亮',
  currentUnitName: '城关镇',
  deadline: { dueAt: '2026-12-05T10:00:00.000Z', state: 'normal' },
  relation: 'follower',
  createdAt: '2026-11-28T04:00:00.000Z',
  updatedAt: '2026-11-28T04:00:00.000Z',
  closedAt: null,
  area: { townshipCode: '01', villageCode: null, located: true },
  address: null,
  location: null,
  contactName: null,
  contactPhone: '138****8000',
  anonymous: false,
  media: [],
  flags: { rated: false, reopenPending: false },
  satisfaction: null,
  timeline: [],
};

describe('resident sign-in on WeChat', () => {
  it('should exchange the wx.login code without a token, then bind the phone with one', async () => {
    const { transport, calls } = fakeTransport(ok(session), ok(session));
    const client = createApiClient(transport, { getToken: () => 'a' });
    await expect(client.wechatLogin('wx-code-1')).resolves.toEqual(session);
    await expect(client.wechatPhone('phone-code-1')).resolves.toEqual(session);
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/auth/wechat', data: { code: 'wx-code-1' } });
    expect(calls[0]?.headers).not.toHaveProperty('Authorization');
    expect(calls[1]).toMatchObject({ url: '/auth/wechat/phone', data: { code: 'phone-code-1' }, headers: { Authorization: 'Bearer a' } });
  });

  it('should end the session on the server with the refresh token (204, no body)', async () => {
    const { transport, calls } = fakeTransport({ status: 204, data: '', headers: {} });
    await expect(createApiClient(transport).logout('refresh-2-abcdef')).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/auth/logout', data: { refreshToken: 'refresh-2-abcdef' } });
  });
});

describe('filing helpers and case actions', () => {
  it('should read the category tree', async () => {
    const tree = {
      items: [{ code: '01', name: '城乡建设', leaf: false, defaultDemandType: null, duty: null, questions: [], children: [] }],
    };
    const { transport, calls } = fakeTransport(ok(tree));
    await expect(createApiClient(transport).categories()).resolves.toEqual(tree);
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/categories' });
  });

  it('should ask for nearby open cases of the category at the point, saying which coordinate system it is in', async () => {
    const { transport, calls } = fakeTransport(ok({ radiusM: 300, items: [] }));
    await createApiClient(transport).nearbyCases({ category: '010101', lat: 36.1, lng: 117.2, coordinateSystem: 'gcj02' });
    expect(calls[0]).toMatchObject({
      url: '/cases/nearby',
      params: { category: '010101', lat: 36.1, lng: 117.2, coordinateSystem: 'gcj02' },
    });
  });

  it('should follow, supplement, urge, rate and reopen on the case path', async () => {
    const { transport, calls } = fakeTransport(ok(detail), ok(detail), ok(detail), ok(detail), ok(detail));
    const client = createApiClient(transport);
    const here = { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84' as const };
    await expect(client.followCase(id, { location: here })).resolves.toMatchObject({ relation: 'follower' });
    await client.supplement(id, '补充：路灯在3号楼旁', ['11111111-1111-4111-8111-111111111111']);
    await client.urge(id);
    await client.rate(id, { satisfaction: 'satisfied', solved: true });
    await client.reopen(id, '路灯又不亮了，请重办');
    expect(calls.map((c) => [c.method, c.url, c.data])).toEqual([
      ['POST', `/cases/${id}/follow`, { location: here }],
      ['POST', `/cases/${id}/supplement`, { text: '补充：路灯在3号楼旁', mediaIds: ['11111111-1111-4111-8111-111111111111'] }],
      ['POST', `/cases/${id}/urge`, {}],
      ['POST', `/cases/${id}/rate`, { satisfaction: 'satisfied', solved: true }],
      ['POST', `/cases/${id}/reopen`, { reason: '路灯又不亮了，请重办' }],
    ]);
  });

  it('should refuse a case answer that lacks its timeline', async () => {
    const { timeline: _dropped, ...broken } = detail;
    const { transport } = fakeTransport(ok(broken));
    await expect(createApiClient(transport).urge(id)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});

describe('subscriptions', () => {
  it('should report what the resident chose in the WeChat subscription dialog', async () => {
    const answer = { subscriptions: [{ templateId: 'T1', kind: 'one_time', choice: 'accept', remaining: 1 }] };
    const { transport, calls } = fakeTransport(ok(answer));
    const body = { choices: [{ templateId: 'T1', choice: 'accept' as const, kind: 'one_time' as const }] };
    await expect(createApiClient(transport).saveWechatSubscriptions(body)).resolves.toEqual(answer);
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/me/subscriptions/wechat', data: body });
  });

  it('should read the VAPID key and save a browser push subscription', async () => {
    const { transport, calls } = fakeTransport(ok({ publicKey: 'BPk' }), ok({ id: 's1' }, 201));
    const client = createApiClient(transport);
    await expect(client.vapidPublicKey()).resolves.toEqual({ publicKey: 'BPk' });
    const sub = { endpoint: 'https://push.example.com/x', keys: { p256dh: 'p', auth: 'a' } };
    await expect(client.savePushSubscription(sub)).resolves.toEqual({ id: 's1' });
    expect(calls[1]).toMatchObject({ url: '/me/subscriptions/push', data: sub });
  });
});

describe('live stream tickets', () => {
  it('should take a one-time ticket and put only the ticket (and where to resume) in the stream URL', async () => {
    const { transport, calls } = fakeTransport(ok({ ticket: 'T-abc_123', expiresIn: 30 }, 201));
    const { ticket } = await createApiClient(transport).streamTicket();
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/me/events/tickets' });
    expect(liveEventsPath(ticket)).toBe('/me/events?ticket=T-abc_123');
    expect(liveEventsPath('a b', '42')).toBe('/me/events?ticket=a%20b&lastEventId=42');
    expect(liveEventsPath('t', 'x')).toBe('/me/events?ticket=t');
  });

  it('should leave the session alone when a ticket is refused with 401 (a background request)', async () => {
    const { transport, calls } = fakeTransport({ status: 401, data: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r1' } });
    const onUnauthorized = jest.fn(async () => true);
    const client = createApiClient(transport, { getToken: () => 'expired', onUnauthorized });
    await expect(client.streamTicket()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(calls).toHaveLength(1);
  });

  it('should surface the refusal of a sixth stream as its code', async () => {
    const { transport } = fakeTransport({ status: 429, data: { code: 'TOO_MANY_STREAMS', message: '过多', requestId: 'r1' } });
    await expect(createApiClient(transport).streamTicket()).rejects.toMatchObject({ code: 'TOO_MANY_STREAMS', status: 429 });
  });
});
