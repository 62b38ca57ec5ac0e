import { startTestServer, testDbKind, type TestServer } from './harness';

describe(`knowledge search on ${testDbKind}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds the street-light entry first for a question in everyday words', async () => {
    const res = await server.request('GET', `/api/knowledge?q=${encodeURIComponent('路灯不亮怎么办')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items[0].title).toContain('路灯');
    expect(res.body.items[0].score).toBeGreaterThan(0);
  });

  it('ranks entries by how much of the question they contain and returns at most `limit`', async () => {
    const res = await server.request('GET', `/api/knowledge?q=${encodeURIComponent('路灯不亮')}&limit=2`);
    expect(res.body.items.length).toBeLessThanOrEqual(2);
    const scores = res.body.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('answers a question with nothing in common with an empty list, and treats % and _ literally', async () => {
    const res = await server.request('GET', `/api/knowledge?q=${encodeURIComponent('%_')}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('refuses an empty or overlong question with 400 naming q', async () => {
    const empty = await server.request('GET', '/api/knowledge?q=');
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].field).toBe('q');
    const long = await server.request('GET', `/api/knowledge?q=${'路'.repeat(101)}`);
    expect(long.status).toBe(400);
  });
});
