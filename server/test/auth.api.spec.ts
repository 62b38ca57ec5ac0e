import { LogSmsGateway } from '../src/integrations/sms/log-sms.gateway';
import { PhoneVault } from '../src/privacy/phone-vault';
import { SMS_GATEWAY } from '../src/integrations/sms/sms-gateway';
import { startFakeSms, type FakeSms } from './fakes/sms-tencent';
import { startFakeWechat, type FakeWechat } from './fakes/wechat-auth';
import { startTestServer, testDbKind, type TestServer } from './harness';

const lastCode = (server: TestServer, phone: string): string => {
  const outbox = (server.app.get(SMS_GATEWAY) as LogSmsGateway).outbox.filter((m) => m.phone === phone);
  const code = outbox[outbox.length - 1]?.params[0];
  if (!code) throw new Error(`no SMS to ${phone}`);
  return code;
};

async function smsSignIn(server: TestServer, phone: string) {
  const sent = await server.request('POST', '/api/auth/sms-code', { body: { phone } });
  expect(sent.status).toBe(200);
  const res = await server.request('POST', '/api/auth/sms-login', { body: { phone, code: lastCode(server, phone) } });
  expect(res.status).toBe(200);
  return res.body;
}

describe(`resident sign-in on ${testDbKind}`, () => {
  let server: TestServer;
  let wechat: FakeWechat;

  beforeAll(async () => {
    wechat = await startFakeWechat();
    server = await startTestServer({
      WECHAT_API_BASE: wechat.url,
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
    });
  });
  afterAll(async () => {
    await server?.close();
    await wechat?.close();
  });

  it('signs a resident in with an SMS code and shows the full number only to its owner', async () => {
    const sent = await server.request('POST', '/api/auth/sms-code', { body: { phone: '+86 138-0013-8000' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ sentTo: '138****8000', expiresIn: 300, resendAfter: 60 });
    expect(JSON.stringify(sent.body)).not.toMatch(/\d{6}/);
    const code = lastCode(server, '13800138000');
    expect(code).toMatch(/^\d{6}$/);
    const login = await server.request('POST', '/api/auth/sms-login', { body: { phone: '13800138000', code } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      tokenType: 'Bearer',
      user: { role: 'resident' },
      refreshToken: expect.any(String),
    });
    const me = await server.request('GET', '/api/me', { token: login.body.accessToken });
    expect(me.body).toMatchObject({
      phone: '13800138000',
      phoneMasked: '138****8000',
      role: 'resident',
      wechatLinked: false,
    });
    const row = await server.database.db
      .selectFrom('users')
      .select(['phone_enc', 'phone_hash'])
      .where('id', '=', login.body.user.id)
      .executeTakeFirstOrThrow();
    expect(row.phone_enc).not.toContain('13800138000');
    const codes = await server.database.db.selectFrom('sms_codes').select('code_hash').execute();
    expect(codes.map((c) => c.code_hash)).not.toContain(code);
  });

  it('accepts a code once only', async () => {
    const phone = '13800138001';
    await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    const code = lastCode(server, phone);
    expect((await server.request('POST', '/api/auth/sms-login', { body: { phone, code } })).status).toBe(200);
    const again = await server.request('POST', '/api/auth/sms-login', { body: { phone, code } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('SMS_CODE_INVALID');
  });

  it('voids a code after five wrong tries, even if the right one comes next', async () => {
    const phone = '13800138002';
    await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    const code = lastCode(server, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const res = await server.request('POST', '/api/auth/sms-login', { body: { phone, code: wrong } });
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field: 'code', remainingAttempts: 5 - i });
    }
    const fifth = await server.request('POST', '/api/auth/sms-login', { body: { phone, code: wrong } });
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('SMS_CODE_LOCKED');
    const right = await server.request('POST', '/api/auth/sms-login', { body: { phone, code } });
    expect(right.body.code).toBe('SMS_CODE_INVALID');
  });

  it('refuses an expired code', async () => {
    const phone = '13800138003';
    await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    await server.database.db
      .updateTable('sms_codes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const res = await server.request('POST', '/api/auth/sms-login', { body: { phone, code: lastCode(server, phone) } });
    expect(res.body.code).toBe('SMS_CODE_INVALID');
  });

  it('limits codes to one a minute per number with 429 and Retry-After', async () => {
    const phone = '13800138004';
    expect((await server.request('POST', '/api/auth/sms-code', { body: { phone } })).status).toBe(200);
    const second = await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    expect(second.status).toBe(429);
    expect(second.body.code).toBe('RATE_LIMITED');
    const retry = Number(second.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
  });

  it('limits codes to ten a day per number', async () => {
    const phone = '13800138005';
    for (let i = 0; i < 10; i++) {
      // Each minute window is spent and reset by hand, so only the daily limit is left to bite.
      await server.database.db.deleteFrom('rate_counters').where('bucket', 'like', 'sms:phone:minute:%').execute();
      await server.database.db.deleteFrom('rate_counters').where('bucket', 'like', 'sms:ip:%').execute();
      expect((await server.request('POST', '/api/auth/sms-code', { body: { phone } })).status).toBe(200);
    }
    await server.database.db.deleteFrom('rate_counters').where('bucket', 'like', 'sms:phone:minute:%').execute();
    const eleventh = await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(80_000);
  });

  it('limits codes per IP address', async () => {
    await server.database.db.deleteFrom('rate_counters').execute();
    let res;
    for (let i = 0; i < 31; i++)
      res = await server.request('POST', '/api/auth/sms-code', {
        body: { phone: `1390000${String(i).padStart(4, '0')}` },
      });
    expect(res!.status).toBe(429);
    expect(res!.headers.get('retry-after')).toBeTruthy();
    await server.database.db.deleteFrom('rate_counters').execute();
  });

  it('answers a bad phone number or code with 400 and the field', async () => {
    const phone = await server.request('POST', '/api/auth/sms-code', { body: { phone: '12345' } });
    expect(phone.status).toBe(400);
    expect(phone.body.details[0].field).toBe('phone');
    const code = await server.request('POST', '/api/auth/sms-login', { body: { phone: '13800138000', code: '12ab' } });
    expect(code.status).toBe(400);
    expect(code.body.details[0].field).toBe('code');
    const extra = await server.request('POST', '/api/auth/sms-code', { body: { phone: '13800138000', debug: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.details[0].field).toBe('debug');
  });

  it('rotates refresh tokens, and a replayed one ends the whole session', async () => {
    const first = await smsSignIn(server, '13800138010');
    const second = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await server.request('GET', '/api/me', { token: second.body.accessToken })).status).toBe(200);
    const replay = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    const afterTheft = await server.request('POST', '/api/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(afterTheft.status).toBe(401);
    expect(afterTheft.body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('logs out: the refresh token no longer works', async () => {
    const session = await smsSignIn(server, '13800138011');
    expect(
      (await server.request('POST', '/api/auth/logout', { body: { refreshToken: session.refreshToken } })).status,
    ).toBe(204);
    const res = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(res.body.code).toBe('REFRESH_TOKEN_INVALID');
    expect(
      (await server.request('POST', '/api/auth/refresh', { body: { refreshToken: 'not-a-token-at-all' } })).status,
    ).toBe(401);
  });

  it('answers /api/me without a token with 401', async () => {
    const res = await server.request('GET', '/api/me');
    expect(res.status).toBe(401);
  });

  it('signs in with WeChat by openid, the same account each time, keeping the unionid', async () => {
    const a = await server.request('POST', '/api/auth/wechat', { body: { code: 'union-alice' } });
    expect(a.status).toBe(200);
    const b = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-alice' } });
    expect(b.body.user.id).toBe(a.body.user.id);
    const row = await server.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', a.body.user.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ wechat_openid: 'openid-alice', wechat_unionid: 'union-alice', role: 'resident' });
    const me = await server.request('GET', '/api/me', { token: b.body.accessToken });
    expect(me.body).toMatchObject({ wechatLinked: true, phone: null });
  });

  it.each([
    ['err-40029', 400, 'WECHAT_CODE_INVALID'],
    ['err-45011', 429, 'WECHAT_RATE_LIMITED'],
    ['err-40226', 403, 'WECHAT_RISKY_USER'],
    ['err--1', 503, 'WECHAT_BUSY'],
  ])('answers WeChat code %s with %d %s', async (code, status, errorCode) => {
    const res = await server.request('POST', '/api/auth/wechat', { body: { code } });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(errorCode);
    if (status === 429) expect(res.headers.get('retry-after')).toBeTruthy();
  });

  it('limits WeChat sign-ins per IP address to 60 an hour', async () => {
    await server.database.db.deleteFrom('rate_counters').execute();
    const tries = [];
    for (let i = 0; i < 61; i++) tries.push(await server.request('POST', '/api/auth/wechat', { body: { code: `ok-ip${i}` } }));
    expect(tries.slice(0, 60).every((t) => t.status === 200)).toBe(true);
    expect([tries[60]!.status, tries[60]!.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(tries[60]!.headers.get('retry-after'))).toBeGreaterThan(0);
    await server.database.db.deleteFrom('rate_counters').execute();
  });

  it('binds the WeChat phone number with one shared access token, and merges with the SMS account of that number', async () => {
    const smsAccount = await smsSignIn(server, '13900139000');
    const wx = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-bob' } });
    expect(wx.body.user.id).not.toBe(smsAccount.user.id);
    wechat.phones.set('phone-bob', '13900139000');
    wechat.phones.set('phone-carol', '13900139001');
    const carol = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-carol' } });
    const before = wechat.tokenRequests;
    const [bob, carolPhone] = await Promise.all([
      server.request('POST', '/api/auth/wechat/phone', { token: wx.body.accessToken, body: { code: 'phone-bob' } }),
      server.request('POST', '/api/auth/wechat/phone', {
        token: carol.body.accessToken,
        body: { code: 'phone-carol' },
      }),
    ]);
    expect(bob.status).toBe(200);
    expect(carolPhone.status).toBe(200);
    expect(wechat.tokenRequests - before).toBeLessThanOrEqual(1);
    // Bob had signed in by SMS before: WeChat now leads to that same account.
    expect(bob.body.user.id).toBe(smsAccount.user.id);
    const again = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-bob' } });
    expect(again.body.user.id).toBe(smsAccount.user.id);
    const me = await server.request('GET', '/api/me', { token: again.body.accessToken });
    expect(me.body).toMatchObject({ phone: '13900139000', wechatLinked: true });
    expect((await server.request('GET', '/api/me', { token: carolPhone.body.accessToken })).body.phone).toBe(
      '13900139001',
    );
  });

  it('lets a handler bind their WeChat for messages, refuses a resident\'s WeChat, and never signs staff in by WeChat', async () => {
    const handler = await server.request('POST', '/api/auth/dev-login', { body: { role: 'handler', unitCode: 'T02' } });
    const token = handler.body.accessToken as string;
    // a resident already signed in with this WeChat: it stays theirs
    await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-erin' } });
    const taken = await server.request('POST', '/api/me/wechat', { token, body: { code: 'ok-erin' } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('WECHAT_ALREADY_BOUND');

    const bound = await server.request('POST', '/api/me/wechat', { token, body: { code: 'ok-frank' } });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ role: 'handler', wechatLinked: true });
    // WeChat is a way to reach the handler, not a way into the workspace
    const signIn = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-frank' } });
    expect(signIn.status).toBe(403);
    expect(signIn.body.code).toBe('WECHAT_STAFF_ACCOUNT');
    // a resident cannot bind through the staff route
    const resident = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-gina' } });
    expect((await server.request('POST', '/api/me/wechat', { token: resident.body.accessToken, body: { code: 'ok-x' } })).status).toBe(403);

    const unbound = await server.request('DELETE', '/api/me/wechat', { token });
    expect(unbound.status).toBe(200);
    expect(unbound.body.wechatLinked).toBe(false);
    // once unbound, the same WeChat makes an ordinary resident account
    const after = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-frank' } });
    expect(after.status).toBe(200);
    expect(after.body.user.role).toBe('resident');
  });

  it('fetches a new access token when WeChat calls the cached one invalid', async () => {
    const wx = await server.request('POST', '/api/auth/wechat', { body: { code: 'ok-dave' } });
    wechat.phones.set('phone-dave', '13900139002');
    wechat.expireToken();
    const res = await server.request('POST', '/api/auth/wechat/phone', {
      token: wx.body.accessToken,
      body: { code: 'phone-dave' },
    });
    expect(res.status).toBe(200);
    const bad = await server.request('POST', '/api/auth/wechat/phone', {
      token: wx.body.accessToken,
      body: { code: 'phone-unknown' },
    });
    expect(bad.body.code).toBe('WECHAT_CODE_INVALID');
  });
});

describe(`SMS through Tencent Cloud on ${testDbKind}`, () => {
  let server: TestServer;
  let sms: FakeSms;

  beforeAll(async () => {
    sms = await startFakeSms('AKIDfake', 'fake-secret-key');
    server = await startTestServer({
      SMS_ENDPOINT: sms.url,
      SMS_SECRET_ID: 'AKIDfake',
      SMS_SECRET_KEY: 'fake-secret-key',
      SMS_SDK_APP_ID: '1400000000',
      SMS_SIGN_NAME: '某县12345',
      SMS_TEMPLATE_IDS: 'login_code=100001,case_update=100002',
    });
  });
  afterAll(async () => {
    await server?.close();
    await sms?.close();
  });

  it('sends the code through SendSms with a valid signature, and the code signs in', async () => {
    const res = await server.request('POST', '/api/auth/sms-code', { body: { phone: '13700137000' } });
    expect(res.status).toBe(200);
    expect(sms.rejectedSignatures).toBe(0);
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]).toMatchObject({
      phone: '+8613700137000',
      templateId: '100001',
      params: [expect.stringMatching(/^\d{6}$/), '5'],
    });
    const login = await server.request('POST', '/api/auth/sms-login', {
      body: { phone: '13700137000', code: sms.sent[0]!.params[0] },
    });
    expect(login.status).toBe(200);
  });

  it("passes on Tencent's daily limit as 429 with Retry-After", async () => {
    sms.failNext('LimitExceeded.PhoneNumberDailyLimit');
    const res = await server.request('POST', '/api/auth/sms-code', { body: { phone: '13700137001' } });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3600);
  });

  it('answers a provider failure with 502 SMS_SEND_FAILED, and no code is left to guess', async () => {
    sms.failNext('FailedOperation.TemplateIncorrectOrUnapproved', 'request');
    const res = await server.request('POST', '/api/auth/sms-code', { body: { phone: '13700137002' } });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('SMS_SEND_FAILED');
    const login = await server.request('POST', '/api/auth/sms-login', {
      body: { phone: '13700137002', code: '123456' },
    });
    expect(login.body.code).toBe('SMS_CODE_INVALID');
  });
});

describe(`staff sign-in by work phone on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_DEMO: '0' });
  });
  afterAll(() => server?.close());

  const staffLogin = async (phone: string) => {
    expect((await server.request('POST', '/api/auth/sms-code', { body: { phone } })).status).toBe(200);
    return server.request('POST', '/api/auth/staff/sms-login', { body: { phone, code: lastCode(server, phone) } });
  };

  it('signs a handler in with the phone an admin registered, outside demo mode, and their token works', async () => {
    // Without demo mode there is no seed: an admin registers the staff account first.
    const db = server.database.db;
    const vault = server.app.get(PhoneVault);
    const unitId = crypto.randomUUID();
    await db
      .insertInto('units')
      .values({
        id: unitId,
        code: 'T99',
        name: '测试街道',
        kind: 'township',
        parent_id: null,
        area_code: null,
        phone: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: crypto.randomUUID(),
        role: 'handler',
        name: '测试承办人',
        unit_id: unitId,
        username: 'tester',
        phone_enc: vault.encrypt('13600136000'),
        phone_hash: vault.hash('13600136000'),
        wechat_openid: null,
        wechat_unionid: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const res = await staffLogin('13600136000');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'handler', unitId, name: '测试承办人' });
    const queue = await server.request('GET', '/api/queues/counts', { token: res.body.accessToken });
    expect(queue.status).toBe(200);
  });

  it('refuses a number with no staff account like a wrong code, and creates no account', async () => {
    const before = await server.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await staffLogin('13600136001');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('SMS_CODE_INVALID');
    const after = await server.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
