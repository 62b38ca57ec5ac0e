import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../src/config/config';
import { migrateToLatest } from '../src/database/migrator';
import { PhoneVault } from '../src/privacy/phone-vault';
import { seedDemoCountyIfEmpty } from '../src/seed/seed';
import { loadSecrets } from '../src/config/secrets';
import { startTestServer, testDbKind, type TestServer } from './harness';

describe(`foundation API on ${testDbKind}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports health with the database it runs on', async () => {
    const res = await server.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: testDbKind, demo: true });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('checkpoints an SQLite WAL on a worker thread (none on PostgreSQL)', () => {
    if (testDbKind === 'sqlite') expect(server.database.checkpointer).not.toBeNull();
    else expect(server.database.checkpointer).toBeNull();
  });

  it('answers every response with a request id, keeping a caller-provided one', async () => {
    const res = await server.request('GET', '/api/health', { headers: { 'x-request-id': 'call-centre-42' } });
    expect(res.headers.get('x-request-id')).toBe('call-centre-42');
    const other = await server.request('GET', '/api/health');
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Errors too: an unknown route, and a refused body.
    const missing = await server.request('GET', '/api/no-such-route', { headers: { 'x-request-id': 'lost-1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('lost-1');
    const refused = await server.request('POST', '/api/auth/dev-login', { body: { role: 'nobody' }, headers: { 'x-request-id': 'bad-2' } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('bad-2');
  });

  it('publishes an OpenAPI document generated from the schemas, and a browsable UI', async () => {
    const doc = await server.request('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const health = doc.body.paths['/api/health'].get;
    expect(health.responses['200'].content['application/json'].schema.properties.database.enum).toEqual([
      'sqlite',
      'postgres',
    ]);
    const ui = await server.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui-bundle.js');
    const asset = await fetch(`${server.url}/api/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
  });

  it('answers an unknown route with the error shape and 404', async () => {
    const res = await server.request('GET', '/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: expect.any(String), requestId: expect.any(String) });
  });

  it('answers malformed JSON with 400 MALFORMED_BODY, never a 500', async () => {
    const res = await server.request('POST', '/api/auth/dev-login', {
      raw: '{"role": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_BODY');
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers a request line the HTTP parser refuses with the error shape too', async () => {
    const net = await import('node:net');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => {
        socket.write(
          Buffer.concat([
            Buffer.from('GET /api/knowledge?q='),
            Buffer.from('路灯', 'utf8'),
            Buffer.from(' HTTP/1.1\r\nhost: x\r\n\r\n'),
          ]),
        );
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'MALFORMED_REQUEST',
      requestId: expect.any(String),
    });
  });

  it('answers a wrong content type with 415', async () => {
    const res = await server.request('POST', '/api/auth/dev-login', {
      raw: 'role=operator',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([415]).toContain(res.status);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('signs in as any demo role in demo mode', async () => {
    const res = await server.request('POST', '/api/auth/dev-login', { body: { role: 'operator' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { role: 'operator' } });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
  });

  it('signs in as a handler of a named unit', async () => {
    const unit = await server.database.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('kind', '=', 'township')
      .orderBy('code')
      .limit(1)
      .executeTakeFirstOrThrow();
    const res = await server.request('POST', '/api/auth/dev-login', { body: { role: 'handler', unitCode: unit.code } });
    expect(res.status).toBe(200);
    expect(res.body.user.unitId).toBe(unit.id);
  });

  it('refuses an unknown role and unknown fields with the field named', async () => {
    const bad = await server.request('POST', '/api/auth/dev-login', { body: { role: 'mayor' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'role' })]);
    const extra = await server.request('POST', '/api/auth/dev-login', { body: { role: 'operator', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'admin' })]);
  });

  it('answers an unknown unit code with UNIT_NOT_FOUND', async () => {
    const res = await server.request('POST', '/api/auth/dev-login', { body: { role: 'handler', unitCode: 'NOPE' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('UNIT_NOT_FOUND');
  });

  it('seeded the demo county: centre, departments, townships with villages, categories, catalogue, knowledge', async () => {
    const db = server.database.db;
    const count = async (table: 'units' | 'areas' | 'categories' | 'catalogue_rules' | 'knowledge_entries' | 'users') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const byKind = await db
      .selectFrom('units')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute();
    const kinds = Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)]));
    expect(kinds.centre).toBe(1);
    expect(kinds.department).toBeGreaterThanOrEqual(12);
    expect(kinds.township).toBe(6);
    expect(kinds.village).toBeGreaterThanOrEqual(18);
    expect(await count('areas')).toBe((kinds.township ?? 0) + (kinds.village ?? 0));
    const leaves = Number(
      (
        await db
          .selectFrom('categories')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('is_leaf', '=', 1)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(leaves).toBeGreaterThanOrEqual(35);
    expect(await count('catalogue_rules')).toBeGreaterThan(leaves);
    expect(await count('knowledge_entries')).toBeGreaterThanOrEqual(25);
    expect(await count('users')).toBeGreaterThanOrEqual(10);
  });

  it('stores staff phone numbers encrypted, never in clear', async () => {
    const rows = await server.database.db.selectFrom('users').select(['phone_enc', 'phone_hash']).execute();
    for (const row of rows) {
      expect(row.phone_enc).not.toMatch(/1\d{10}/);
      expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('migrations and the seed are idempotent: running them again changes nothing', async () => {
    const db = server.database.db;
    const before = await db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const report = await migrateToLatest(db as never);
    expect(report.applied).toEqual([]);
    const secrets = loadSecrets(loadConfig({ HOTLINE_DATA_DIR: server.dataDir, HOTLINE_DEMO: '1' }));
    const seed = await seedDemoCountyIfEmpty(
      db,
      loadConfig({ HOTLINE_DATA_DIR: server.dataDir, HOTLINE_DEMO: '1' }).seedDir,
      new PhoneVault(secrets.dataKey),
    );
    expect(seed.seeded).toBe(false);
    const after = await db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await sql`select 1`.execute(db);
  });
});

describe(`without demo mode on ${testDbKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HOTLINE_DEMO: '0' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has no dev-login route at all', async () => {
    const res = await server.request('POST', '/api/auth/dev-login', { body: { role: 'admin' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
    const doc = await server.request('GET', '/api/openapi.json');
    expect(Object.keys(doc.body.paths)).not.toContain('/api/auth/dev-login');
  });

  it('leaves checkpoints to SQLite itself when the worker is turned off', async () => {
    const plain = await startTestServer({ HOTLINE_DEMO: '0', HOTLINE_SQLITE_CHECKPOINT_WORKER: '0' });
    try {
      expect(plain.database.checkpointer).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it('does not seed the demo county', async () => {
    const unit = await server.database.db.selectFrom('units').select('id').executeTakeFirst();
    expect(unit).toBeUndefined();
  });
});

describe('configuration', () => {
  it('trusts a reverse proxy only as far as configured', () => {
    expect(loadConfig({ HOTLINE_DEMO: '1' }).trustProxyHops).toBe(0);
    expect(loadConfig({ HOTLINE_DEMO: '1', HOTLINE_TRUST_PROXY_HOPS: '1' }).trustProxyHops).toBe(1);
    expect(() => loadConfig({ HOTLINE_DEMO: '1', HOTLINE_TRUST_PROXY_HOPS: 'all' })).toThrow(/HOTLINE_TRUST_PROXY_HOPS/);
  });

  it('stops with a message naming the variable when a value is invalid', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ HOTLINE_DEMO: 'maybe' })).toThrow(/HOTLINE_DEMO/);
  });

  it('chooses SQLite under the data directory without DATABASE_URL, PostgreSQL with it', () => {
    const lite = loadConfig({ HOTLINE_DEMO: '1', HOTLINE_DATA_DIR: '/tmp/hl' });
    expect(lite.database).toEqual({ kind: 'sqlite', file: '/tmp/hl/hotline.sqlite' });
    const pgc = loadConfig({ HOTLINE_DEMO: '1', DATABASE_URL: 'postgres://u@h/db' });
    expect(pgc.database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
  });
});
