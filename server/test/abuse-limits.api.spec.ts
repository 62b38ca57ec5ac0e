// Abuse limits answer 429 RATE_LIMITED in the one error shape with Retry-After, count in the
// database (so several API instances share them), and never lose what was already accepted.
import { SMS_GATEWAY } from '../src/integrations/sms/sms-gateway';
import type { LogSmsGateway } from '../src/integrations/sms/log-sms.gateway';
import { WorkGate } from '../src/media/work-gate';
import { devLogin, startTestServer, testDbKind, type TestServer, type TestResponse } from './harness';

const codeSentTo = (server: TestServer, phone: string) =>
  (server.app.get(SMS_GATEWAY) as LogSmsGateway).outbox.filter((m) => m.phone === phone).at(-1)!.params[0]!;

function expectLimited(res: TestResponse) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.any(String), requestId: expect.any(String) });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.text).not.toMatch(/at \w+ \(/); // no stack trace
}

describe(`abuse limits on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_SMS_HOURLY_CAP: '6', HOTLINE_FILINGS_PER_RESIDENT_DAY: '3' });
  });
  afterAll(() => server?.close());

  it('lets concurrent guesses try a code 5 times at most, then not even the right code works', async () => {
    const phone = '13500135000';
    expect((await server.request('POST', '/api/auth/sms-code', { body: { phone } })).status).toBe(200);
    const right = codeSentTo(server, phone);
    const wrong = right === '000000' ? '111111' : '000000';
    const guesses = await Promise.all(
      Array.from({ length: 15 }, () => server.request('POST', '/api/auth/sms-login', { body: { phone, code: wrong } })),
    );
    expect(guesses.every((g) => ['SMS_CODE_INVALID', 'SMS_CODE_LOCKED'].includes(g.body.code))).toBe(true);
    // Each compared guess claimed a try first: the code was compared 5 times, no more, and is used up.
    const rows = await server.database.db.selectFrom('sms_codes').select(['attempts', 'consumed_at']).execute();
    expect(rows.filter((r) => Number(r.attempts) > 0)).toEqual([{ attempts: 5, consumed_at: expect.any(String) }]);
    const late = await server.request('POST', '/api/auth/sms-login', { body: { phone, code: right } });
    expect(late.status).not.toBe(200);
    expect(late.body.accessToken).toBeUndefined();
  });

  it('limits sign-in attempts per phone number', async () => {
    const phone = '13500135001';
    const tries = [];
    for (let i = 0; i < 21; i++) tries.push(await server.request('POST', '/api/auth/sms-login', { body: { phone, code: '123456' } }));
    expect(tries.slice(0, 20).every((t) => t.body.code === 'SMS_CODE_INVALID')).toBe(true);
    expectLimited(tries[20]!);
  });

  it('caps the SMS codes the whole installation sends in an hour', async () => {
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await server.request('POST', '/api/auth/sms-code', { body: { phone: `1360013${String(7000 + i)}` } }));
    // One code went out in the first test; the cap is 6.
    expect(sent.filter((s) => s.status === 200)).toHaveLength(5);
    expectLimited(sent.at(-1)!);
  });

  it('stops a filing flood at the daily limit per resident, keeps what was filed, and still replays a retry', async () => {
    const token = await devLogin(server, 'resident');
    const file = (key: string) =>
      server.request('POST', '/api/cases', {
        token,
        headers: { 'idempotency-key': key },
        body: { demandType: 'help', categoryCode: '010101', description: '路灯不亮已经三天了', privacyConsentVersion: '2026-01' },
      });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => file(`flood-${i}`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of results.filter((r) => r.status !== 201)) expectLimited(r);
    const firstKey = `flood-${results.findIndex((r) => r.status === 201)}`;
    const replay = await file(firstKey);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const mine = await server.request('GET', '/api/me/cases?limit=50', { token });
    expect(mine.body.items.filter((c: { description: string }) => c.description === '路灯不亮已经三天了')).toHaveLength(3);
  });
});

describe(`what the daily filing limit counts on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_FILINGS_PER_RESIDENT_DAY: '2' });
  });
  afterAll(() => server?.close());

  it('counts filed cases only: refused filings leave the count as it was', async () => {
    const token = await devLogin(server, 'resident');
    const file = (key: string, categoryCode: string) =>
      server.request('POST', '/api/cases', {
        token,
        headers: { 'idempotency-key': key },
        body: { demandType: 'help', categoryCode, description: '路灯不亮已经三天了', privacyConsentVersion: '2026-01' },
      });
    for (let i = 0; i < 3; i++) expect((await file(`unknown-${i}`, '999999')).status).toBe(400);
    const filed = [await file('real-1', '010101'), await file('real-2', '010101'), await file('real-3', '010101')];
    expect(filed.map((r) => r.status)).toEqual([201, 201, 429]);
    expectLimited(filed[2]!);
    // Once at the limit, a filing is turned away before it is even looked at.
    expectLimited(await file('unknown-after', '999999'));
  });
});

describe('the image-processing gate', () => {
  it('runs at most its concurrency, queues a few, and refuses the rest with MEDIA_BUSY at once', async () => {
    const gate = new WorkGate(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      gate.run(async () => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const accepted = Array.from({ length: 5 }, job);
    await expect(job()).rejects.toMatchObject({ code: 'MEDIA_BUSY', retryAfterSeconds: 5 });
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    while (releases.length || running) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(accepted);
    expect(peak).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});

describe(`limits per IP address on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_FILINGS_PER_IP_DAY: '4' });
  });
  afterAll(() => server?.close());

  it('stops filings from one IP address across residents at its daily limit', async () => {
    const phone = '13500135100';
    await server.request('POST', '/api/auth/sms-code', { body: { phone } });
    const second = (await server.request('POST', '/api/auth/sms-login', { body: { phone, code: codeSentTo(server, phone) } })).body.accessToken as string;
    const first = await devLogin(server, 'resident');
    const file = (token: string, key: string) =>
      server.request('POST', '/api/cases', {
        token,
        headers: { 'idempotency-key': key },
        body: { demandType: 'help', categoryCode: '010101', description: '同一网络提交的诉求', privacyConsentVersion: '2026-01' },
      });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await file(first, `ip-a-${i}`));
    for (let i = 0; i < 3; i++) results.push(await file(second, `ip-b-${i}`));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 429, 429]);
    expectLimited(results[5]!);
  });

  it('limits sign-in attempts per IP address across phone numbers', async () => {
    await server.database.db.deleteFrom('rate_counters').execute();
    const tries = [];
    for (let i = 0; i < 61; i++) {
      const phone = `1350013${String(6000 + Math.floor(i / 15))}`;
      tries.push(await server.request('POST', '/api/auth/sms-login', { body: { phone, code: '123456' } }));
    }
    expect(tries.slice(0, 60).every((t) => t.body.code === 'SMS_CODE_INVALID')).toBe(true);
    expectLimited(tries[60]!);
  });
});
