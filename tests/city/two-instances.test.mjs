// The city set-up as `npm run city` starts it: two built API instances on one PostgreSQL database,
// photos in a local S3 server, nginx in front. A photo uploaded through one instance is served by
// the other; a case filed on A is handled through B; a handler's stream on A hears B's dispatch
// within a second; the same holds through nginx; and the scheduler, running on both, warns once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { startCity } from '../../deploy/city.mjs';

const adminUrl = process.env.HOTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `hotline_city_${Date.now()}_${randomBytes(3).toString('hex')}`;
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
let city;
let A;
let B;
const token = {};

async function admin(sqlText) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

async function request(base, method, path, { as, body, headers = {} } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${token[as]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

/** The live stream on `base`, its one-time ticket taken from `ticketFrom` (another instance will do). */
function stream(base, as, ticketFrom = base) {
  const ctrl = new AbortController();
  let text = '';
  const opened = request(ticketFrom, 'POST', '/api/me/events/tickets', { as }).then(async (ticket) => {
    assert.equal(ticket.status, 201, ticket.text);
    const res = await fetch(`${base}/api/me/events?ticket=${ticket.body.ticket}`, { signal: ctrl.signal });
    assert.equal(res.status, 200);
    const reader = res.body.getReader();
    (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ done: true }));
        if (done) return;
        text += Buffer.from(value).toString('utf8');
      }
    })();
  });
  return {
    opened,
    text: () => text,
    async waitFor(pattern, ms = 5000, from = 0) {
      const started = Date.now();
      while (Date.now() - started < ms) {
        if (pattern.test(text.slice(from))) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 10));
      }
      return null;
    },
    close: () => ctrl.abort(),
  };
}

const phoneCall = (description) => ({
  callerPhone: '13912345678', callerName: '王建国', callbackWanted: false, callId: `CITY-${randomBytes(4).toString('hex')}`,
  demandType: 'help', urgency: 'normal', description, address: '城关街道府前路 8 号',
  townshipCode: '421199001000', villageCode: '421199001001', acceptNow: true,
});

before(async () => {
  await admin(`create database ${dbName}`);
  city = await startCity({
    databaseUrl: dbUrl,
    // The load test files 1 000 demands as one resident from one address; the abuse limits have their own tests.
    env: {
      HOTLINE_DEMO: '1',
      HOTLINE_SCHEDULER_INTERVAL_MS: '300',
      HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
      HOTLINE_FILINGS_PER_RESIDENT_DAY: '10000',
      HOTLINE_FILINGS_PER_IP_DAY: '1000000',
    },
  });
  [A, B] = city.apis;
  for (const [name, role, unitCode] of [
    ['resident', 'resident'],
    ['operator', 'operator'],
    ['dispatcher', 'dispatcher'],
    ['t01', 'handler', 'T01'],
  ]) {
    // Signed in through nginx: whichever instance answers, the token holds on both.
    const res = await request(city.url, 'POST', '/api/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } });
    assert.equal(res.status, 200, res.text);
    token[name] = res.body.accessToken;
  }
});

after(async () => {
  await city?.stop();
  await admin(`drop database if exists ${dbName} with (force)`);
});

test('a photo uploaded through one instance is served by the other, from the bucket', async () => {
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
  const form = new globalThis.FormData();
  form.append('file', new globalThis.Blob([jpeg], { type: 'image/jpeg' }), 'p.jpg');
  const up = await fetch(`${A.url}/api/media`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token.resident}` } });
  assert.equal(up.status, 201);
  const photo = await up.json();
  const served = await fetch(B.url + photo.url);
  assert.equal(served.status, 200);
  assert.equal((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width, 40);
});

test('a case filed on A is acted on through B, and the handler on A hears the dispatch within a second', async () => {
  const filed = await request(A.url, 'POST', '/api/cases/phone', { as: 'operator', body: phoneCall('两实例测试：路灯不亮') });
  assert.equal(filed.status, 201, filed.text);
  const units = await request(B.url, 'GET', `/api/staff/cases/${filed.body.id}`, { as: 'dispatcher' });
  assert.equal(units.status, 200);
  const t01 = new pg.Client({ connectionString: dbUrl });
  await t01.connect();
  const unitId = (await t01.query(`select id from units where code = 'T01'`)).rows[0].id;
  await t01.end();

  const live = stream(A.url, 't01', B.url);
  await live.opened;
  assert.notEqual(await live.waitFor(/event: queue\n/), null);
  const dispatched = await request(B.url, 'POST', `/api/staff/cases/${filed.body.id}/dispatch`, { as: 'dispatcher', body: { leadUnitId: unitId } });
  assert.equal(dispatched.status, 200, dispatched.text);
  const took = await live.waitFor(new RegExp(`event: inbox\\ndata: [^\\n]*${filed.body.id}`), 3000);
  live.close();
  assert.notEqual(took, null, 'the dispatch never reached the stream on A');
  assert.ok(took < 1000, `took ${took} ms`);

  // The same stream through nginx: unbuffered, so the next dispatch arrives as promptly.
  const proxied = stream(city.url, 't01');
  await proxied.opened;
  assert.notEqual(await proxied.waitFor(/event: queue\n/), null);
  const next = await request(city.url, 'POST', '/api/cases/phone', { as: 'operator', body: phoneCall('经 nginx 的推送测试') });
  await request(city.url, 'POST', `/api/staff/cases/${next.body.id}/dispatch`, { as: 'dispatcher', body: { leadUnitId: unitId } });
  const viaNginx = await proxied.waitFor(new RegExp(`event: inbox\\ndata: [^\\n]*${next.body.id}`), 3000);
  proxied.close();
  assert.ok(viaNginx !== null && viaNginx < 1000, `through nginx: ${viaNginx} ms`);
});

test('the scheduler runs on both instances and fires each warning once', async () => {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const ids = [];
    for (let i = 0; i < 6; i++) {
      const filed = await request(city.url, 'POST', '/api/cases/phone', { as: 'operator', body: phoneCall(`预警测试 ${i}`) });
      assert.equal(filed.status, 201, filed.text);
      ids.push(filed.body.id);
    }
    // Their warning points moved into the past, as if the clock had run on.
    const past = new Date(Date.now() - 60_000).toISOString();
    await db.query(
      `update cases set warn_at = $1::text, state_json = jsonb_set(state_json::jsonb, '{clock,warnAt}', to_jsonb($1::text))::text where id = any($2)`,
      [past, ids],
    );
    const deadline = Date.now() + 15_000;
    let warned = [];
    while (Date.now() < deadline) {
      warned = (await db.query(`select case_id, count(*)::int as n from case_events where case_id = any($1) and type = 'deadline_warning' group by case_id`, [ids])).rows;
      if (warned.length === ids.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(warned.length, ids.length, `warned ${warned.length} of ${ids.length}`);
    await new Promise((r) => setTimeout(r, 1500)); // several more ticks on both instances
    const again = (await db.query(`select count(*)::int as n from case_events where case_id = any($1) and type = 'deadline_warning'`, [ids])).rows[0].n;
    assert.equal(again, ids.length);
  } finally {
    await db.end();
  }
});

test('the audit trail written by both instances verifies', async () => {
  const res = await request(city.url, 'POST', '/api/auth/dev-login', { body: { role: 'admin' } });
  const verify = await fetch(`${B.url}/api/admin/audit/verify`, { headers: { authorization: `Bearer ${res.body.accessToken}` } });
  const report = await verify.json();
  assert.equal(report.ok, true, JSON.stringify(report.problems));
  assert.ok(report.eventsChecked > 8);
});

test('filings through nginx while one instance is SIGKILLed: each acknowledged one exists once, and no key makes two cases', async () => {
  const total = 1000;
  const run = randomBytes(3).toString('hex');
  const marker = `并发提交-${run}`;
  const body = (i) => ({ demandType: 'complaint', categoryCode: '010101', description: `${marker} 第${i}件：路灯不亮`, privacyConsentVersion: '2026-01' });
  const file = (base, i) =>
    request(base, 'POST', '/api/cases', { as: 'resident', body: body(i), headers: { 'idempotency-key': `kill-${run}-${i}` } }).catch(
      (error) => ({ status: 0, text: String(error) }),
    );
  let next = 0;
  let done = 0;
  const results = new Array(total);
  let killed = null;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await file(city.url, i);
      done += 1;
      if (done === total / 2 && !killed) killed = B.kill();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await killed;
  const acked = results.map((r, i) => [i, r]).filter(([, r]) => r.status === 201);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const stored = (await db.query(`select id, description from cases where description like $1`, [`${marker} %`])).rows;
    const byId = new Map(stored.map((c) => [c.id, c]));
    for (const [, r] of acked) assert.ok(byId.has(r.body.id), `acknowledged case ${r.body.id} is missing`);
    const perFiling = new Map();
    for (const c of stored) perFiling.set(c.description, (perFiling.get(c.description) ?? 0) + 1);
    assert.ok([...perFiling.values()].every((n) => n === 1), 'a filing was stored twice');

    // The clients that saw no answer retry with their key against the survivor.
    const retried = [];
    for (const [i, r] of results.map((r, i) => [i, r])) if (r.status !== 201) retried.push([i, await file(A.url, i)]);
    const after = (await db.query(`select description, count(*)::int as n from cases where description like $1 group by description`, [`${marker} %`])).rows;
    assert.ok(after.every((row) => row.n === 1), 'a retry made a second case');
    const outcomes = {};
    for (const [, r] of retried) outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
    process.stdout.write(
      `# ${total} filings, ${acked.length} acknowledged before/after the kill, ${retried.length} retried on the survivor: ${JSON.stringify(outcomes)}\n`,
    );
    assert.ok(acked.length > total / 2, results.find((r) => r.status !== 201)?.text);
  } finally {
    await db.end();
  }
});
