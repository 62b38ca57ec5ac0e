// The lean filing path keeps its promises: categories and areas are read from memory but an
// admin's edit shows at once, even on another API instance of the same database; an expired
// Idempotency-Key files anew; a new case has its links, its first event and its notifications.
import SQLite from 'better-sqlite3';
import { pointInGeometry } from '@hotline/core';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { CasesRepository } from '../src/cases/cases.repository';
import { principalOf, residentFiling, uploadPhoto } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

describe(`the filing path on ${testDbKind}`, () => {
  let first: TestServer;
  let second: TestServer;
  let inside: { lat: number; lng: number };
  let village: { code: string; parent_code: string | null };
  let key = 0;

  const file = (server: TestServer, token: string, idem = `filing-${++key}`) =>
    server.request('POST', '/api/cases', {
      token,
      headers: { 'idempotency-key': idem },
      body: {
        demandType: 'complaint',
        categoryCode: '010101',
        description: '小区门口路灯连续一周不亮，请尽快修理',
        location: { ...inside, coordinateSystem: 'wgs84' },
        privacyConsentVersion: '2026-01',
      },
    });

  beforeAll(async () => {
    // This spec files more than a resident's default daily limit.
    first = await startTestServer({ HOTLINE_FILINGS_PER_RESIDENT_DAY: '100' });
    // A second API process on the same database (and data directory, for the same keys).
    second = await startTestServer({
      HOTLINE_DATA_DIR: first.dataDir,
      HOTLINE_FILINGS_PER_RESIDENT_DAY: '100',
      ...(first.databaseUrl ? { DATABASE_URL: first.databaseUrl } : {}),
    });
    const villages = await first.database.db.selectFrom('areas').selectAll().where('kind', '=', 'village').execute();
    for (const v of villages) {
      const geometry = JSON.parse(v.geometry) as { type: string; coordinates: number[][][] };
      const ring = geometry.coordinates[0]!;
      const c = {
        lng: ring.reduce((s, p) => s + p[0]!, 0) / ring.length,
        lat: ring.reduce((s, p) => s + p[1]!, 0) / ring.length,
      };
      if (geometry.type === 'Polygon' && pointInGeometry(c, geometry)) {
        inside = c;
        village = v;
        break;
      }
    }
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('shows an admin renaming a category on the next filing, on either instance', async () => {
    const resident = await devLogin(first, 'resident');
    const admin = await devLogin(first, 'admin');
    const before = await file(second, resident);
    expect(before.status).toBe(201);
    expect(before.body.categoryName).toBe('路灯损坏');
    const renamed = await first.request('PATCH', '/api/admin/categories/010101', {
      token: admin,
      body: { name: '路灯不亮' },
    });
    expect(renamed.status).toBe(200);
    for (const server of [second, first]) {
      const after = await file(server, resident);
      expect(after.status).toBe(201);
      expect(after.body.categoryName).toBe('路灯不亮');
    }
  });

  it('accepts a category an admin added since the last filing', async () => {
    const resident = await devLogin(first, 'resident');
    const admin = await devLogin(first, 'admin');
    const created = await first.request('POST', '/api/admin/categories', {
      token: admin,
      body: {
        isLeaf: true,
        code: '010199',
        name: '路灯其他',
        parentCode: '0101',
        duty: 'township',
        defaultDemandType: 'complaint',
      },
    });
    expect(created.status).toBe(201);
    const filed = await second.request('POST', '/api/cases', {
      token: resident,
      headers: { 'idempotency-key': `filing-${++key}` },
      body: {
        demandType: 'complaint',
        categoryCode: '010199',
        description: '新分类下的诉求，能立即选用',
        privacyConsentVersion: '2026-01',
      },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.categoryName).toBe('路灯其他');
  });

  it('places the case in the village holding the point, with its first event and the operators told', async () => {
    const resident = await devLogin(first, 'resident');
    const filed = await file(first, resident);
    expect(filed.body.area).toEqual({ townshipCode: village.parent_code, villageCode: village.code, located: true });
    const { db } = first.database;
    const events = await db.selectFrom('case_events').selectAll().where('case_id', '=', filed.body.id).execute();
    expect(events.map((e) => [e.seq, e.type, e.prev_hash])).toEqual([[1, 'submit', null]]);
    const inbox = await db
      .selectFrom('notification_inbox')
      .select(['event_id'])
      .where('case_id', '=', filed.body.id)
      .execute();
    expect(inbox.length).toBeGreaterThan(0);
    expect(inbox.every((n) => Number(n.event_id) === Number(events[0]!.id))).toBe(true);
  });

  (testDbKind === 'sqlite' ? it : it.skip)('reads the filer\'s account and key inside the filing\'s transaction, nothing of theirs outside it', async () => {
    // Every statement's run, with whether its connection was inside a transaction then.
    const runs: { source: string; args: unknown[]; inTransaction: boolean }[] = [];
    const resident = await devLogin(first, 'resident');
    const scratch = new SQLite(':memory:');
    const statementClass = Object.getPrototypeOf(scratch.prepare('select 1')) as Record<'get' | 'all' | 'run', (...a: unknown[]) => unknown>;
    scratch.close();
    const originals = { get: statementClass.get, all: statementClass.all, run: statementClass.run };
    for (const method of ['get', 'all', 'run'] as const) {
      statementClass[method] = function (this: { source: string; database: { inTransaction: boolean } }, ...args: unknown[]) {
        runs.push({ source: this.source, args: args.flat(), inTransaction: this.database.inTransaction });
        return originals[method].apply(this, args);
      };
    }
    let filed;
    try {
      filed = await file(first, resident);
    } finally {
      Object.assign(statementClass, originals);
    }
    expect(filed.status).toBe(201);
    const filer = (await first.database.db.selectFrom('cases').select('filer_user_id').where('id', '=', filed.body.id).executeTakeFirstOrThrow())
      .filer_user_id;
    const withFiler = runs.filter((r) => r.args.includes(filer));
    expect(withFiler.some((r) => r.inTransaction && /from "users"/.test(r.source))).toBe(true);
    expect(withFiler.some((r) => r.inTransaction && /"idempotency_keys"/.test(r.source))).toBe(true);
    expect(withFiler.filter((r) => !r.inTransaction).map((r) => r.source)).toEqual([]);
  });

  it('replays a retry whose photo the first filing attached (the key is looked up when a check refuses it)', async () => {
    const resident = await devLogin(first, 'resident');
    const photo = await uploadPhoto(first, resident);
    const withPhoto = (server: TestServer) =>
      server.request('POST', '/api/cases', {
        token: resident,
        headers: { 'idempotency-key': 'with-photo' },
        body: {
          demandType: 'complaint',
          categoryCode: '010101',
          description: '路灯杆倾斜，附上照片',
          mediaIds: [photo],
          privacyConsentVersion: '2026-01',
        },
      });
    const once = await withPhoto(first);
    expect(once.status).toBe(201);
    for (const server of [first, second]) {
      const again = await withPhoto(server);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(once.body.id);
    }
  });

  it('files a new case under an Idempotency-Key whose day has passed, and replays a live one', async () => {
    const resident = await devLogin(first, 'resident');
    const once = await file(first, resident, 'reused-key');
    const replay = await file(first, resident, 'reused-key');
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(once.body.id);
    await first.database.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('key', '=', 'reused-key')
      .execute();
    const again = await file(first, resident, 'reused-key');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(once.body.id);
    expect(again.body.trackingNumber).not.toBe(once.body.trackingNumber);
  });

  it('files a refused filing\'s key anew, and takes over a key an instance died holding', async () => {
    const resident = await devLogin(first, 'resident');
    const refused = await first.request('POST', '/api/cases', {
      token: resident,
      headers: { 'idempotency-key': 'refused-then-fixed' },
      body: { demandType: 'complaint', categoryCode: '999999', description: '小区门口路灯连续一周不亮，请尽快修理', privacyConsentVersion: '2026-01' },
    });
    expect(refused.status).toBe(400);
    const keys = () => first.database.db.selectFrom('idempotency_keys').selectAll().where('key', 'in', ['refused-then-fixed', 'died-holding']).execute();
    expect(await keys()).toEqual([]);
    expect((await file(first, resident, 'refused-then-fixed')).status).toBe(201);

    // A version that claimed keys outside the filing's transaction could die between the two.
    const owner = (await first.database.db.selectFrom('idempotency_keys').select('user_id').where('key', '=', 'refused-then-fixed').executeTakeFirstOrThrow()).user_id;
    const now = new Date();
    await first.database.db
      .insertInto('idempotency_keys')
      .values({ user_id: owner, key: 'died-holding', request_hash: 'x', state: 'in_flight', response_status: null, response_body: null, created_at: now.toISOString(), expires_at: new Date(now.getTime() + 3_600_000).toISOString() })
      .execute();
    const taken = await file(second, resident, 'died-holding');
    expect(taken.status).toBe(201);
    expect((await file(first, resident, 'died-holding')).body.id).toBe(taken.body.id);
    expect((await keys()).map((k) => k.state)).toEqual(['done', 'done']);
  });

  it('files many cases sent at once, each with its own number, event and answer', async () => {
    const resident = await devLogin(first, 'resident');
    const keys = Array.from({ length: 12 }, (_, i) => `at-once-${i}`);
    const filed = await Promise.all(keys.map((k) => file(first, resident, k)));
    expect(filed.map((f) => f.status)).toEqual(keys.map(() => 201));
    expect(new Set(filed.map((f) => f.body.trackingNumber)).size).toBe(12);
    const { db } = first.database;
    const events = await db.selectFrom('case_events').select('case_id').where('case_id', 'in', filed.map((f) => f.body.id)).execute();
    expect(events).toHaveLength(12);
    // Each key holds its own case's answer: a retry gets that case back.
    const again = await file(first, resident, keys[7]);
    expect(again.body.id).toBe(filed[7]!.body.id);
  });

  it('commits filings of one turn together, and one that fails leaves no trace among them', async () => {
    const operator = await principalOf(first, 'operator1');
    const workflow = first.app.get(CaseWorkflowService);
    const { groupCommit } = first.app.get(CasesRepository);
    const commitsBefore = groupCommit?.stats.commits ?? 0;
    const { db } = first.database;
    const totals = async () => ({
      cases: Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      events: Number((await db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      queued: Number((await db.selectFrom('queue_counts').select((eb) => eb.fn.sum('n').as('n')).where('unit_id', '=', '').executeTakeFirst())?.n ?? 0),
      filed: Number((await db.selectFrom('unit_day_rollups').select((eb) => eb.fn.sum('filed').as('n')).executeTakeFirst())?.n ?? 0),
    });
    const before = await totals();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        workflow.submit(
          residentFiling(null, { channel: 'phone', contactPhone: `1391234000${i}` }),
          operator,
          i === 3 ? { last: async () => Promise.reject(new Error('the caller gave up')) } : {},
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    // Seven cases, their first events, the county's queue counts and the day's roll-ups: the
    // failed filing is in none of them.
    expect(await totals()).toEqual({ cases: before.cases + 7, events: before.events + 7, queued: before.queued + 7, filed: before.filed + 7 });
    if (groupCommit) expect(groupCommit.stats.commits - commitsBefore).toBe(1);
  });

  // On SQLite one connection writes at a time by design; on PostgreSQL nothing every filing shares
  // (the day's tracking-number counter, the roll-ups' day buckets) is locked while a filing works.
  (testDbKind === 'postgres' ? it : it.skip)("files on one instance while another filing's transaction is still open on the other", async () => {
    const resident = await devLogin(second, 'resident');
    const operator = await principalOf(first, 'operator1');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const reachedEnd = new Promise<void>((resolve) => (inside = resolve));
    const slow = first.app.get(CaseWorkflowService).submit(residentFiling(null, { channel: 'phone', contactPhone: '13911110000' }), operator, {
      last: async () => {
        inside();
        await held;
      },
    });
    await reachedEnd;
    const quick = await Promise.race([
      file(second, resident),
      new Promise<{ status: string }>((resolve) => setTimeout(() => resolve({ status: 'still waiting after 5 s' }), 5000)),
    ]);
    release();
    const slowRow = await slow;
    expect(quick.status).toBe(201);
    expect((quick as { body: { trackingNumber: string } }).body.trackingNumber).not.toBe(slowRow.tracking_number);
  });
});
