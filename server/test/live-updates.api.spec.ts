// Live updates across API instances: a handler's stream on instance A receives a dispatch made
// through instance B within a second (PostgreSQL LISTEN/NOTIFY), queue counts refresh for a unit
// that loses a case (no inbox item involved), and Last-Event-ID replays from the database on the
// other instance. On SQLite (one instance) the same stream behaviour holds within the process.
import { devLogin, nonDemoEnv, startTestServer, streamUrl, testDbKind, type TestServer } from './harness';

interface Stream {
  text: () => string;
  waitFor(pattern: RegExp, ms?: number, from?: number): Promise<number | null>;
  close(): void;
}

async function openStream(server: TestServer, token: string, lastEventId?: number): Promise<Stream> {
  const ctrl = new AbortController();
  const res = await fetch(await streamUrl(server, token), {
    signal: ctrl.signal,
    headers: lastEventId ? { 'last-event-id': String(lastEventId) } : {},
  });
  expect(res.status).toBe(200);
  // Written to the raw response, the stream still carries the headers every reply carries.
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const reader = res.body!.getReader();
  let text = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += Buffer.from(value!).toString('utf8');
    }
  })();
  return {
    text: () => text,
    /** Resolves with the milliseconds it took, or null when the pattern did not show in time. */
    async waitFor(pattern, ms = 5000, from = 0) {
      const started = Date.now();
      while (Date.now() - started < ms) {
        if (pattern.test(text.slice(from))) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 10));
      }
      return null;
    },
    close() {
      ctrl.abort();
      void pump;
    },
  };
}

describe(`live updates across instances on ${testDbKind}`, () => {
  let a: TestServer;
  let b: TestServer;
  const token: Record<string, string> = {};
  const unit: Record<string, string> = {};

  const call = async (server: TestServer, path: string, as: string, body: unknown = {}) => {
    const res = await server.request('POST', path, { token: token[as], body });
    if (res.status >= 300) throw new Error(`${path} as ${as}: ${res.status} ${res.text}`);
    return res.body;
  };
  const phoneCase = (server: TestServer, description: string) =>
    call(server, '/api/cases/phone', 'operator', {
      callerPhone: '13912345678', callerName: '王建国', callbackWanted: false, callId: `LIVE-${Date.now()}`,
      demandType: 'help', urgency: 'normal', description, address: '城关街道府前路 8 号',
      townshipCode: '421199001000', villageCode: '421199001001', acceptNow: true,
    });

  beforeAll(async () => {
    // Instances of one city share their secrets through the environment.
    const { HOTLINE_TOKEN_SECRET, HOTLINE_DATA_KEY, HOTLINE_AUDIT_KEY } = nonDemoEnv();
    const shared = { HOTLINE_TOKEN_SECRET: HOTLINE_TOKEN_SECRET!, HOTLINE_DATA_KEY: HOTLINE_DATA_KEY!, HOTLINE_AUDIT_KEY: HOTLINE_AUDIT_KEY! };
    a = await startTestServer(shared);
    // A second instance on the same PostgreSQL database; on SQLite the one instance plays both.
    b = testDbKind === 'postgres' ? await startTestServer({ ...shared, DATABASE_URL: a.databaseUrl! }) : a;
    for (const [name, role, unitCode] of [
      ['operator', 'operator'],
      ['dispatcher', 'dispatcher'],
      ['t01', 'handler', 'T01'],
      ['t02', 'handler', 'T02'],
    ] as const)
      token[name] = await devLogin(a, role, unitCode);
    for (const row of await a.database.db.selectFrom('units').select(['id', 'code']).execute()) unit[row.code] = row.id;
  });
  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.close();
  });

  it("brings B's dispatch to the handler's stream on A within a second, and replays it on B from Last-Event-ID", async () => {
    const stream = await openStream(a, token.t01!);
    expect(await stream.waitFor(/event: queue\n/)).not.toBeNull();
    const c = await phoneCase(b, '跨实例推送测试：府前路路灯不亮');
    const before = stream.text().length;
    await call(b, `/api/staff/cases/${c.id}/dispatch`, 'dispatcher', { leadUnitId: unit.T01 });
    const took = await stream.waitFor(new RegExp(`id: (\\d+)\\nevent: inbox\\ndata: [^\\n]*${c.id}`), 3000);
    expect(took).not.toBeNull();
    expect(took!).toBeLessThan(1000);
    expect(await stream.waitFor(/event: queue\ndata: \{[^\n]*"toSign":1/, 3000, before)).not.toBeNull();
    const lastId = Number(new RegExp(`id: (\\d+)\\nevent: inbox\\ndata: [^\\n]*${c.id}`).exec(stream.text())![1]);
    stream.close();

    const missed = await phoneCase(a, '断线期间派到 T01 的工单');
    await call(a, `/api/staff/cases/${missed.id}/dispatch`, 'dispatcher', { leadUnitId: unit.T01 });
    const resumed = await openStream(b, token.t01!, lastId);
    expect(await resumed.waitFor(new RegExp(`event: inbox\\ndata: [^\\n]*${missed.id}`))).not.toBeNull();
    expect(resumed.text()).not.toContain(c.id);
    resumed.close();
  });

  it('refreshes the queue counts of a unit whose case is taken away, though it gets no message', async () => {
    const c = await phoneCase(b, '改派测试：先派 T02 再收回');
    await call(b, `/api/staff/cases/${c.id}/dispatch`, 'dispatcher', { leadUnitId: unit.T02 });
    const stream = await openStream(a, token.t02!);
    expect(await stream.waitFor(/event: queue\n/)).not.toBeNull();
    await call(b, `/api/staff/cases/${c.id}/sign`, 't02');
    expect(await stream.waitFor(/"toSign":0/, 3000)).not.toBeNull();
    const first = stream.text().length;
    await call(b, `/api/staff/cases/${c.id}/return`, 't02', { reason: '不属于本单位职责范围，请改派' });
    expect(await stream.waitFor(/event: queue\n/, 3000, first)).not.toBeNull();
    expect(stream.text().slice(first)).not.toMatch(/event: inbox/);
    stream.close();
  });
});
