// Behind a reverse proxy, per-IP limits must count each resident's own address, not the proxy's.
import { startTestServer, testDbKind, type TestServer } from './harness';

const lookup = '/api/cases/lookup?trackingNumber=HL20261128-000001&phoneLast4=1234';

async function hitUntilLimited(server: TestServer, forwardedFor: string): Promise<number> {
  for (let i = 1; i <= 20; i++) {
    const res = await server.request('GET', lookup, { headers: { 'x-forwarded-for': forwardedFor } });
    if (res.status === 429) return i;
  }
  return Infinity;
}

describe(`a server behind one proxy hop on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => server?.close());

  it('limits each forwarded client on its own', async () => {
    const first = await hitUntilLimited(server, '203.0.113.10');
    expect(first).toBeLessThanOrEqual(20);
    const other = await server.request('GET', lookup, { headers: { 'x-forwarded-for': '203.0.113.11' } });
    expect(other.status).toBe(404);
  });
});

describe(`a server without a trusted proxy on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('ignores X-Forwarded-For, so a client cannot dodge the limit by forging it', async () => {
    await hitUntilLimited(server, '203.0.113.20');
    const forged = await server.request('GET', lookup, { headers: { 'x-forwarded-for': '203.0.113.21' } });
    expect(forged.status).toBe(429);
    expect(forged.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
