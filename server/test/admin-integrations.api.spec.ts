// The integrations page's API: WeChat templates per notification kind with each field checked
// against WeChat's keyword rules, the SMS gateway and templates, the Web Push key.
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`admin integrations API on ${testDbKind}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      WECHAT_APP_ID: 'wx-test-app',
      WECHAT_APP_SECRET: 'test-secret',
      WECHAT_TEMPLATES: JSON.stringify({
        dispatch: {
          templateId: 'TPL-DISPATCH',
          data: { character_string1: 'trackingNumber', thing2: 'body', time3: 'at', phrase4: 'status' },
        },
        // Mistakes an admin should see before a message fails: a title in a code field, an unknown kind.
        urge: { templateId: 'TPL-URGE', data: { character_string1: 'title', colour2: 'status' } },
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('checks every WeChat template field against its rule with a typical message', async () => {
    const res = await server.request('GET', '/api/admin/integrations', { token: await devLogin(server, 'admin') });
    expect(res.status).toBe(200);
    expect(res.body.wechat.configured).toBe(true);
    const dispatch = res.body.wechat.templates.find((t: { kind: string }) => t.kind === 'dispatch');
    expect(dispatch.fields).toEqual([
      expect.objectContaining({ keyword: 'character_string1', ok: true, sample: 'HL20261130-000123' }),
      // A case summary is longer than a thing field's 20 characters: the page says it will be cut.
      expect.objectContaining({
        keyword: 'thing2',
        rule: 'thing',
        ok: false,
        problem: expect.stringContaining('截断'),
      }),
      expect.objectContaining({ keyword: 'time3', ok: true, sample: '2026-11-30 10:05' }),
      expect.objectContaining({ keyword: 'phrase4', ok: true, sample: '已派单' }),
    ]);
    const urge = res.body.wechat.templates.find((t: { kind: string }) => t.kind === 'urge');
    expect(urge.fields[0]).toMatchObject({ ok: false, problem: expect.stringContaining('不适合') });
    expect(urge.fields[1]).toMatchObject({ rule: 'colour', ok: false, problem: expect.stringContaining('发送会失败') });
    expect(res.body.wechat.kindsWithoutTemplate).toContain('overdue');
    expect(res.body.wechat.kindsWithoutTemplate).not.toContain('dispatch');
    expect(res.body.sms).toMatchObject({ gateway: 'log' });
    expect(res.body.sms.templates.map((t: { key: string }) => t.key)).toEqual([
      'login_code',
      'case_update',
      'case_alert',
    ]);
  });

  it('answers only admins', async () => {
    const res = await server.request('GET', '/api/admin/integrations', { token: await devLogin(server, 'supervisor') });
    expect(res.status).toBe(403);
  });
});
