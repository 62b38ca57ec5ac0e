import { createApiClient } from './client';
import { fakeTransport, ok } from './testing/fake-transport';

const unauthorized = ok({ code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r-401' }, 401);

const user = { id: 'u1', role: 'resident', name: '群众', unitId: null, unitName: null };
const session = {
  accessToken: 'access-2',
  tokenType: 'Bearer',
  expiresIn: 900,
  user,
  refreshToken: 'refresh-2-abcdef',
  refreshExpiresIn: 2_592_000,
};
const summary = {
  id: '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f',
  trackingNumber: 'HL20261128-000001',
  status: 'submitted',
  demandType: 'help',
  categoryCode: '010101',
  categoryName: '路灯',
  description: '小区门口路灯连续三晚不亮',
  currentUnitName: null,
  deadline: null,
  relation: 'filer',
  createdAt: '2026-11-28T04:00:00.000Z',
  updatedAt: '2026-11-28T04:00:00.000Z',
  closedAt: null,
};
const filed = { ...summary, area: { townshipCode: null, villageCode: null, located: false } };
const detail = {
  ...filed,
  address: '府前路12号',
  location: null,
  contactName: null,
  contactPhone: '13800138000',
  anonymous: false,
  media: [],
  flags: { rated: false, reopenPending: false },
  publishConsent: false,
  satisfaction: null,
  timeline: [],
};
const draft = {
  demandType: 'help' as const,
  categoryCode: '010101',
  description: '小区门口路灯连续三晚不亮',
  mediaIds: [],
  anonymous: false,
  privacyConsentVersion: '2026-01',
};

describe('the resident endpoints', () => {
  it('should sign in by demo login without sending a stale token', async () => {
    const { transport, calls } = fakeTransport(ok({ accessToken: 'a', tokenType: 'Bearer', expiresIn: 900, user }));
    const client = createApiClient(transport, { getToken: () => 'stale' });
    await expect(client.devLogin({ role: 'resident' })).resolves.toMatchObject({ accessToken: 'a', user });
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/auth/dev-login', data: { role: 'resident' } });
    expect(calls[0]?.headers).not.toHaveProperty('Authorization');
  });

  it('should ask for an SMS code and sign in with it', async () => {
    const { transport, calls } = fakeTransport(ok({ sentTo: '138****8000', expiresIn: 300, resendAfter: 60 }), ok(session));
    const client = createApiClient(transport);
    await expect(client.requestSmsCode('13800138000')).resolves.toEqual({
      sentTo: '138****8000',
      expiresIn: 300,
      resendAfter: 60,
    });
    await expect(client.smsLogin('13800138000', '123456')).resolves.toEqual(session);
    expect(calls[0]).toMatchObject({ url: '/auth/sms-code', data: { phone: '13800138000' } });
    expect(calls[1]).toMatchObject({ url: '/auth/sms-login', data: { phone: '13800138000', code: '123456' } });
  });

  it('should sign staff in by SMS code without a stale token, and report a wrong code', async () => {
    const wrong = ok({ code: 'SMS_CODE_INVALID', message: '验证码不正确或已过期', requestId: 'r' }, 401);
    const { transport, calls } = fakeTransport(ok(session), wrong);
    const onUnauthorized = jest.fn(async () => true);
    const client = createApiClient(transport, { getToken: () => 'stale', onUnauthorized });
    await expect(client.staffSmsLogin('13900139000', '123456')).resolves.toEqual(session);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: '/auth/staff/sms-login',
      data: { phone: '13900139000', code: '123456' },
    });
    expect(calls[0]?.headers).not.toHaveProperty('Authorization');
    await expect(client.staffSmsLogin('13900139000', '000000')).rejects.toMatchObject({
      code: 'SMS_CODE_INVALID',
      message: '验证码不正确或已过期',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('should exchange a refresh token for a new session', async () => {
    const { transport, calls } = fakeTransport(ok(session));
    await expect(createApiClient(transport).refresh('refresh-1-abcdef')).resolves.toEqual(session);
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/auth/refresh', data: { refreshToken: 'refresh-1-abcdef' } });
  });

  it('should read the signed-in account with the token', async () => {
    const me = { ...user, phone: '13800138000', phoneMasked: '138****8000', wechatLinked: false };
    const { transport, calls } = fakeTransport(ok(me));
    await expect(createApiClient(transport, { getToken: () => 't1' }).me()).resolves.toEqual(me);
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/me', headers: { Authorization: 'Bearer t1' } });
  });

  it('should search the knowledge base with the question as query', async () => {
    const items = [{ id: 'k1', code: 'K001', title: '路灯不亮怎么办', answer: '拨打…', categoryCode: null, score: 3 }];
    const { transport, calls } = fakeTransport(ok({ items }));
    await expect(createApiClient(transport).searchKnowledge('路灯不亮', 5)).resolves.toEqual({ items });
    expect(calls[0]).toMatchObject({ url: '/knowledge', params: { q: '路灯不亮', limit: 5 } });
  });

  it('should page through my cases with the cursor of the previous page', async () => {
    const { transport, calls } = fakeTransport(ok({ items: [summary], nextCursor: 'c2' }), ok({ items: [], nextCursor: null }));
    const client = createApiClient(transport, { getToken: () => 't' });
    const first = await client.myCases({ limit: 1 });
    expect(first).toEqual({ items: [summary], nextCursor: 'c2' });
    await client.myCases({ limit: 1, cursor: first.nextCursor ?? undefined });
    expect(calls[0]).toMatchObject({ url: '/me/cases', params: { limit: 1, cursor: undefined } });
    expect(calls[1]).toMatchObject({ url: '/me/cases', params: { limit: 1, cursor: 'c2' } });
  });

  it('should read one case with its timeline', async () => {
    const { transport, calls } = fakeTransport(ok(detail));
    await expect(createApiClient(transport).caseDetail(summary.id)).resolves.toEqual(detail);
    expect(calls[0]).toMatchObject({ method: 'GET', url: `/cases/${summary.id}` });
  });

  it('should file a case with the Idempotency-Key header and never resend it on a network failure', async () => {
    const { transport, calls } = fakeTransport(new Error('reset'));
    const client = createApiClient(transport, { getToken: () => 't', retryDelayMs: () => 0 });
    await expect(client.fileCase(draft, 'key-1')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/cases', data: draft });
    expect(calls[0]?.headers).toMatchObject({ 'Idempotency-Key': 'key-1', Authorization: 'Bearer t' });
  });

  it('should return the filed case', async () => {
    const { transport } = fakeTransport(ok(filed, 201));
    await expect(createApiClient(transport).fileCase(draft, 'key-1')).resolves.toEqual(filed);
  });
});

describe('refreshing on 401', () => {
  it('should refresh once and resend the request with the new token', async () => {
    const { transport, calls } = fakeTransport(unauthorized, ok({ items: [], nextCursor: null }));
    let token = 'old';
    const onUnauthorized = jest.fn(async () => {
      token = 'new';
      return true;
    });
    const client = createApiClient(transport, { getToken: () => token, onUnauthorized });
    await expect(client.myCases()).resolves.toEqual({ items: [], nextCursor: null });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.headers?.Authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('should not refresh a second time when the resent request is refused again', async () => {
    const { transport, calls } = fakeTransport(unauthorized, unauthorized);
    const onUnauthorized = jest.fn(async () => true);
    const client = createApiClient(transport, { getToken: () => 't', onUnauthorized });
    await expect(client.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
  });

  it('should report the 401 without resending when the refresh failed', async () => {
    const { transport, calls } = fakeTransport(unauthorized);
    const onUnauthorized = jest.fn(async () => false);
    const client = createApiClient(transport, { getToken: () => 't', onUnauthorized });
    await expect(client.me()).rejects.toMatchObject({ status: 401, requestId: 'r-401' });
    expect(calls).toHaveLength(1);
  });

  it('should not try to refresh when no token was sent or on a sign-in request', async () => {
    const { transport } = fakeTransport(unauthorized, ok({ code: 'SMS_CODE_INVALID', message: 'x', requestId: 'r' }, 401));
    const onUnauthorized = jest.fn(async () => true);
    await expect(createApiClient(transport, { onUnauthorized }).me()).rejects.toMatchObject({ status: 401 });
    await expect(
      createApiClient(transport, { getToken: () => 't', onUnauthorized }).smsLogin('13800138000', '000000'),
    ).rejects.toMatchObject({ code: 'SMS_CODE_INVALID' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});
