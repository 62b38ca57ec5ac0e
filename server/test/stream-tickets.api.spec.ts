// The live stream's URL carries a one-time ticket, never an access token: a ticket opens one
// stream, expires within seconds, dies with its session, and a person has at most 5 streams open
// (more are refused with 429 TOO_MANY_STREAMS, at the ticket and at the stream).
import { SESSION_CHECK_CACHE_MS } from '../src/auth/sessions.service';
import { MAX_STREAMS_PER_USER } from '../src/notifications/live-events';
import { NotificationsService, STREAM_TICKET_TTL_SECONDS } from '../src/notifications/notifications.service';
import { TokenSigner } from '../src/auth/tokens';
import { startTestServer, testDbKind, type TestServer } from './harness';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

describe(`live stream tickets on ${testDbKind}`, () => {
  let server: TestServer;
  const open: { cancel(): void }[] = [];

  const login = async (role: string, unitCode?: string): Promise<Session> =>
    (await server.request('POST', '/api/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } })).body;
  const ticket = (token: string) => server.request('POST', '/api/me/events/tickets', { token });

  /** Opens the stream as EventSource would; `ended` resolves true when the server ends it (false after `waitMs`). */
  const stream = async (query: string, waitMs = 10_000) => {
    const res = await fetch(`${server.url}/api/me/events?${query}`);
    if (res.status !== 200) return { status: res.status, body: await res.json(), headers: res.headers, ended: Promise.resolve(true), cancel() {} };
    const reader = res.body!.getReader();
    let text = '';
    const ended = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return true;
        text += Buffer.from(value).toString('utf8');
      }
    })().catch(() => true);
    const handle = {
      status: res.status,
      body: null,
      headers: res.headers,
      text: () => text,
      ended: Promise.race([ended, new Promise<boolean>((r) => setTimeout(() => r(false), waitMs).unref())]),
      cancel: () => void reader.cancel().catch(() => undefined),
    };
    open.push(handle);
    return handle;
  };
  const withTicket = async (token: string) => {
    const res = await ticket(token);
    expect(res.status).toBe(201);
    return stream(`ticket=${encodeURIComponent(res.body.ticket)}`);
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of open) s.cancel();
    await server?.close();
  });

  it('opens a stream with a ticket once, and never takes an access token in the URL', async () => {
    const staff = await login('dispatcher');
    const res = await ticket(staff.accessToken);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ticket: expect.stringMatching(/^[\w-]{43}$/), expiresIn: STREAM_TICKET_TTL_SECONDS });
    expect(res.body.ticket).not.toContain(staff.accessToken.split('.')[2]);
    const first = await stream(`ticket=${res.body.ticket}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    const second = await stream(`ticket=${res.body.ticket}`);
    expect(second.status).toBe(401);
    expect(second.body.code).toBe('STREAM_TICKET_INVALID');
    // The old way in: an access token in the URL, or a bearer header, opens nothing.
    expect((await stream(`access_token=${encodeURIComponent(staff.accessToken)}`)).status).toBe(400);
    expect([400, 401]).toContain((await stream(`ticket=${encodeURIComponent(staff.accessToken)}`)).status);
    const bearer = await fetch(`${server.url}/api/me/events`, { headers: { authorization: `Bearer ${staff.accessToken}` } });
    expect(bearer.status).toBe(400);
    expect((await server.request('POST', '/api/me/events/tickets')).status).toBe(401);
    first.cancel();
  });

  it('refuses a ticket that waited longer than it may', async () => {
    const staff = await login('operator');
    const signer = server.app.get(TokenSigner);
    const principal = signer.verify(staff.accessToken)!;
    const earlier = new Date(Date.now() - (STREAM_TICKET_TTL_SECONDS + 1) * 1000);
    const stale = await server.app.get(NotificationsService).issueStreamTicket(principal, earlier);
    const res = await stream(`ticket=${stale.ticket}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('STREAM_TICKET_INVALID');
    const fresh = await server.app.get(NotificationsService).issueStreamTicket(principal, new Date(Date.now() - (STREAM_TICKET_TTL_SECONDS - 5) * 1000));
    const ok = await stream(`ticket=${fresh.ticket}`);
    expect(ok.status).toBe(200);
    ok.cancel();
  });

  it('closes streams when their session ends: logout, a refresh-token reuse, a disabled user', async () => {
    const admin = await login('admin');
    const loggedOut = await login('supervisor');
    const replayed = await login('operator');
    const disabled = await login('handler', 'T02');
    const spare = await ticket(loggedOut.accessToken);
    const streams = await Promise.all([loggedOut, replayed, disabled].map((s) => withTicket(s.accessToken)));
    const bystander = await withTicket((await login('dispatcher')).accessToken);

    expect((await server.request('POST', '/api/auth/logout', { body: { refreshToken: loggedOut.refreshToken } })).status).toBe(204);
    expect((await server.request('POST', '/api/auth/refresh', { body: { refreshToken: replayed.refreshToken } })).status).toBe(200);
    expect((await server.request('POST', '/api/auth/refresh', { body: { refreshToken: replayed.refreshToken } })).body.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await server.request('PATCH', `/api/admin/users/${disabled.user.id}`, { token: admin.accessToken, body: { disabled: true } })).status).toBe(200);

    const started = Date.now();
    expect(await Promise.all(streams.map((s) => s.ended))).toEqual([true, true, true]);
    expect(Date.now() - started).toBeLessThan(3 * SESSION_CHECK_CACHE_MS + 1000);
    // A ticket taken before the logout opens nothing after it; other people's streams go on.
    const late = await stream(`ticket=${spare.body.ticket}`);
    expect([late.status, late.body.code]).toEqual([401, 'STREAM_TICKET_INVALID']);
    expect(await Promise.race([bystander.ended, new Promise((r) => setTimeout(() => r('open'), 500).unref())])).toBe('open');
    bystander.cancel();
  }, 20_000);

  it(`keeps at most ${MAX_STREAMS_PER_USER} streams a person open, refusing more with 429 TOO_MANY_STREAMS`, async () => {
    const staff = await login('handler', 'T01');
    const held = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER - 1; i++) held.push(await withTicket(staff.accessToken));
    const lastTicket = (await ticket(staff.accessToken)).body.ticket as string;
    const raced = (await ticket(staff.accessToken)).body.ticket as string;
    held.push(await stream(`ticket=${lastTicket}`));
    expect(held.map((h) => h.status)).toEqual(Array(MAX_STREAMS_PER_USER).fill(200));

    const refused = await ticket(staff.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('TOO_MANY_STREAMS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A ticket taken while there was room is refused at the stream once the room is gone.
    const late = await stream(`ticket=${raced}`);
    expect([late.status, late.body.code]).toEqual([429, 'TOO_MANY_STREAMS']);
    // Another person is not held back; closing a stream makes room again.
    expect((await ticket((await login('handler', 'T03')).accessToken)).status).toBe(201);
    held[0]!.cancel();
    let again = await ticket(staff.accessToken);
    for (let i = 0; i < 50 && again.status !== 201; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await ticket(staff.accessToken);
    }
    expect(again.status).toBe(201);
    for (const h of held) h.cancel();
  });
});
