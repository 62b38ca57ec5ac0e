// Access tokens are revocable: each names its session, and a logout, a refresh-token reuse or a
// disabled user ends the session's access tokens within seconds, on every instance.
import { SESSION_CHECK_CACHE_MS } from '../src/auth/sessions.service';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`revocable sessions on ${testDbKind}`, () => {
  let server: TestServer;
  const login = async (role: string, unitCode?: string) => {
    const res = await server.request('POST', '/api/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } });
    return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
  };
  const me = (token: string) => server.request('GET', '/api/me', { token });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('ends the access token at logout, leaving the person’s other sessions alone', async () => {
    const phone = await login('resident');
    const laptop = await login('resident');
    expect((await me(phone.accessToken)).status).toBe(200);
    expect((await server.request('POST', '/api/auth/logout', { body: { refreshToken: phone.refreshToken } })).status).toBe(204);
    const after = await me(phone.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    expect((await me(laptop.accessToken)).status).toBe(200);
  });

  it('ends every access token of a session whose refresh token is replayed', async () => {
    const first = await login('operator');
    const refreshed = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await me(refreshed.body.accessToken)).status).toBe(200);
    const replay = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await me(first.accessToken)).status).toBe(401);
    expect((await me(refreshed.body.accessToken)).status).toBe(401);
  });

  it('ends a disabled user’s sessions within seconds, though the check is cached', async () => {
    const handler = await login('handler', 'T02');
    const admin = await devLogin(server, 'admin');
    expect((await me(handler.accessToken)).status).toBe(200);
    const disabled = await server.request('PATCH', `/api/admin/users/${handler.user.id}`, { token: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    await new Promise((r) => setTimeout(r, SESSION_CHECK_CACHE_MS + 200));
    expect((await me(handler.accessToken)).status).toBe(401);
    expect((await server.request('GET', '/api/queues/counts', { token: handler.accessToken })).status).toBe(401);
  });

  it('refuses a token without a session, even one signed with the right key', async () => {
    const { TokenSigner } = await import('../src/auth/tokens');
    const signer = server.app.get(TokenSigner);
    const good = await login('resident');
    const [header, body] = good.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    delete claims.sid;
    const unsigned = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const forged = `${unsigned}.${(signer as unknown as { mac(b: string): string }).mac(unsigned)}`;
    expect((await me(forged)).status).toBe(401);
  });
});
