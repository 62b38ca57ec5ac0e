// The city set-up as `npm run city` starts it: two built API instances on one PostgreSQL database,
// photos in a local S3 server, nginx in front, texts through a fake Tencent Cloud SMS gateway on
// loopback. A photo uploaded through one instance is served by the other; a case filed on A is
// handled through B; a handler's stream on A hears B's dispatch within a second, queue counts
// refresh for the others it touches, and a stream resumed on B replays what it missed on A; the
// scheduler and the outbox workers, running on both, warn once and text once; and when one
// instance is killed mid-surge, every acknowledged filing exists once and every retry with its
// key gets exactly one case.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
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
let sms;
let t01Id;
const token = {};

/**
 * Tencent Cloud SMS (SendSms 2021-01-11) on loopback: checks each request's TC3-HMAC-SHA256
 * signature and records what it would have sent. It answers after `delayMs`, like a gateway far
 * away, so one instance's worker is still busy when the other's next tick comes.
 */
async function startFakeSms(secretId, secretKey, delayMs = 300) {
  const sha256 = (t) => createHash('sha256').update(t).digest('hex');
  const hmac = (k, t) => createHmac('sha256', k).update(t).digest();
  const sent = [];
  let rejected = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      const answer = (payload) => res.end(JSON.stringify({ Response: { ...payload, RequestId: randomBytes(8).toString('hex') } }));
      res.setHeader('content-type', 'application/json');
      const timestamp = Number(req.headers['x-tc-timestamp']);
      const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
      const canonical = `POST\n/\n\ncontent-type:${req.headers['content-type']}\nhost:${req.headers.host}\n\ncontent-type;host\n${sha256(body)}`;
      const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${sha256(canonical)}`;
      const signature = createHmac('sha256', hmac(hmac(hmac(`TC3${secretKey}`, date), 'sms'), 'tc3_request')).update(toSign).digest('hex');
      const expected = `TC3-HMAC-SHA256 Credential=${secretId}/${date}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
      if (req.headers['x-tc-action'] !== 'SendSms' || req.headers.authorization !== expected) {
        rejected += 1;
        return answer({ Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature mismatch' } });
      }
      const input = JSON.parse(body);
      sent.push({ phone: input.PhoneNumberSet[0], templateId: input.TemplateId, params: input.TemplateParamSet });
      answer({ SendStatusSet: [{ PhoneNumber: input.PhoneNumberSet[0], Code: 'Ok', Message: 'send success', SerialNo: 'fake', Fee: 1 }] });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sent,
    rejected: () => rejected,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

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

/**
 * The live stream on `base`, its one-time ticket taken from `ticketFrom` (another instance will do);
 * with `lastEventId`, a resumed stream.
 */
function stream(base, as, ticketFrom = base, lastEventId = null) {
  const ctrl = new AbortController();
  let text = '';
  const opened = request(ticketFrom, 'POST', '/api/me/events/tickets', { as }).then(async (ticket) => {
    assert.equal(ticket.status, 201, ticket.text);
    const headers = lastEventId ? { 'last-event-id': String(lastEventId) } : {};
    const res = await fetch(`${base}/api/me/events?ticket=${ticket.body.ticket}`, { signal: ctrl.signal, headers });
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
    /** The queue counts of the newest `queue` event after `from`, or null. */
    lastCounts(from = 0) {
      const found = [...text.slice(from).matchAll(/event: queue\ndata: ([^\n]*)/g)];
      return found.length ? JSON.parse(found[found.length - 1][1]) : null;
    },
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

const phoneCall = (description, { callerPhone = '13912345678', acceptNow = true } = {}) => ({
  callerPhone, callerName: '王建国', callbackWanted: false, callId: `CITY-${randomBytes(4).toString('hex')}`,
  demandType: 'help', urgency: 'normal', description, address: '城关街道府前路 8 号',
  townshipCode: '421199001000', villageCode: '421199001001', acceptNow,
});

before(async () => {
  await admin(`create database ${dbName}`);
  sms = await startFakeSms('AKIDcity', 'city-sms-secret');
  city = await startCity({
    databaseUrl: dbUrl,
    // The load test files 1 000 demands as one resident from one address; the abuse limits have their own tests.
    env: {
      HOTLINE_DEMO: '1',
      HOTLINE_SCHEDULER_INTERVAL_MS: '300',
      HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
      HOTLINE_FILINGS_PER_RESIDENT_DAY: '10000',
      HOTLINE_FILINGS_PER_IP_DAY: '1000000',
      HOTLINE_NOTIFY_INTERVAL_MS: '200',
      SMS_ENDPOINT: sms.url,
      SMS_SECRET_ID: 'AKIDcity',
      SMS_SECRET_KEY: 'city-sms-secret',
      SMS_SDK_APP_ID: '1400000000',
      SMS_SIGN_NAME: '云泽县12345',
      SMS_TEMPLATE_IDS: 'login_code=100001,case_update=100002,case_alert=100003',
    },
  });
  [A, B] = city.apis;
  for (const [name, role, unitCode] of [
    ['resident', 'resident'],
    ['operator', 'operator'],
    ['dispatcher', 'dispatcher'],
    ['t01', 'handler', 'T01'],
    ['t01manager', 'unit_manager', 'T01'],
  ]) {
    // Signed in through nginx: whichever instance answers, the token holds on both.
    const res = await request(city.url, 'POST', '/api/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } });
    assert.equal(res.status, 200, res.text);
    token[name] = res.body.accessToken;
  }
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  t01Id = (await db.query(`select id from units where code = 'T01'`)).rows[0].id;
  await db.end();
});

/** Files a phone call through `base` and dispatches it to T01 there; answers the case. */
async function dispatchedToT01(base, description, options) {
  const filed = await request(base, 'POST', '/api/cases/phone', { as: 'operator', body: phoneCall(description, options) });
  assert.equal(filed.status, 201, filed.text);
  const dispatched = await request(base, 'POST', `/api/staff/cases/${filed.body.id}/dispatch`, { as: 'dispatcher', body: { leadUnitId: t01Id } });
  assert.equal(dispatched.status, 200, dispatched.text);
  return filed.body;
}

after(async () => {
  await city?.stop();
  await sms?.close();
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

test('both instances sign in, answer and push with the same secrets', async () => {
  const keys = await Promise.all([A, B].map(async (api) => (await request(api.url, 'GET', '/api/push/vapid-public-key')).body));
  assert.ok(keys[0]?.publicKey, JSON.stringify(keys[0]));
  assert.deepEqual(keys[1], keys[0]);
  for (const api of [A, B]) assert.equal((await request(api.url, 'GET', '/api/me/inbox/unread-count', { as: 'resident' })).status, 200);
});

test('a case filed on A is acted on through B, and the handler on A hears the dispatch within a second', async () => {
  const filed = await request(A.url, 'POST', '/api/cases/phone', { as: 'operator', body: phoneCall('两实例测试：路灯不亮') });
  assert.equal(filed.status, 201, filed.text);
  const seenOnB = await request(B.url, 'GET', `/api/staff/cases/${filed.body.id}`, { as: 'dispatcher' });
  assert.equal(seenOnB.status, 200);
  const unitId = t01Id;

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

test('a change on B refreshes the queue counts on A of everyone it touches, without an inbox item', async () => {
  const filed = await dispatchedToT01(B.url, '计数测试：井盖缺失');
  const manager = stream(A.url, 't01manager');
  const centre = stream(A.url, 'dispatcher');
  await Promise.all([manager.opened, centre.opened]);
  assert.notEqual(await manager.waitFor(/event: queue\n/), null);
  assert.notEqual(await centre.waitFor(/event: queue\n/), null);
  try {
    // The handler signs on B: the unit's manager gets no inbox item, but the unit's counts move.
    const unitBefore = manager.lastCounts();
    const from = manager.text().length;
    const signed = await request(B.url, 'POST', `/api/staff/cases/${filed.id}/sign`, { as: 't01', body: {} });
    assert.equal(signed.status, 200, signed.text);
    const took = await manager.waitFor(/event: queue\n/, 3000, from);
    assert.ok(took !== null && took < 1000, `the manager's counts came after ${took} ms`);
    assert.deepEqual(manager.lastCounts(from), { ...unitBefore, toSign: unitBefore.toSign - 1, inProgress: unitBefore.inProgress + 1 });

    // A new call on B waits for the centre: the dispatcher's count on A moves too.
    const centreBefore = centre.lastCounts();
    const centreFrom = centre.text().length;
    const call = await request(B.url, 'POST', '/api/cases/phone', { as: 'operator', body: phoneCall('计数测试：新来电待受理', { acceptNow: false }) });
    assert.equal(call.status, 201, call.text);
    // Counts for the sign above may still be on their way: wait for the ones that show the call.
    const started = Date.now();
    while (Date.now() - started < 3000 && centre.lastCounts(centreFrom)?.submitted !== centreBefore.submitted + 1) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const centreTook = Date.now() - started;
    assert.equal(centre.lastCounts(centreFrom)?.submitted, centreBefore.submitted + 1);
    assert.ok(centreTook < 1000, `the centre's counts came after ${centreTook} ms`);
  } finally {
    manager.close();
    centre.close();
  }
});

test('a stream resumed on B with Last-Event-ID replays from the database what it missed on A', async () => {
  const live = stream(A.url, 't01');
  await live.opened;
  assert.notEqual(await live.waitFor(/event: queue\n/), null);
  const seen = await dispatchedToT01(B.url, '续传测试：第一件');
  assert.notEqual(await live.waitFor(new RegExp(`event: inbox\\ndata: [^\\n]*${seen.id}`), 3000), null);
  const lastId = Math.max(...[...live.text().matchAll(/id: (\d+)\nevent: inbox/g)].map((m) => Number(m[1])));
  live.close();

  const missed = await dispatchedToT01(B.url, '续传测试：断线期间的一件');
  const resumed = stream(B.url, 't01', A.url, lastId);
  await resumed.opened;
  try {
    assert.notEqual(await resumed.waitFor(new RegExp(`event: inbox\\ndata: [^\\n]*${missed.id}`), 3000), null, 'the missed item was not replayed');
    assert.doesNotMatch(resumed.text(), new RegExp(`event: inbox\\ndata: [^\\n]*${seen.id}`), 'an item seen before was sent again');
  } finally {
    resumed.close();
  }
});

test('the outbox workers on both instances text each message once', async () => {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    // One case at a time, each waiting until a worker has claimed its text: on a quiet machine
    // sixteen quick filings would otherwise land in one worker's batch, and which worker claims
    // each message is then left to the two workers' polling, as in production.
    const cases = [];
    for (let i = 0; i < 16; i++) {
      const filed = await dispatchedToT01(i % 2 ? A.url : B.url, `短信测试 ${i}：路灯不亮`, { callerPhone: `1390000${String(i).padStart(4, '0')}` });
      cases.push(filed);
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        const { rows } = await db.query(`select count(*)::int as n from notification_outbox where channel = 'sms' and case_id = $1 and status = 'pending'`, [filed.id]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const ids = cases.map((c) => c.id);
    const deadline = Date.now() + 15_000;
    let rows = [];
    while (Date.now() < deadline) {
      rows = (await db.query(`select id, status from notification_outbox where channel = 'sms' and case_id = any($1)`, [ids])).rows;
      if (rows.length >= cases.length && rows.every((r) => r.status === 'sent')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(rows.length >= cases.length, `${rows.length} texts planned for ${cases.length} callers`);
    assert.deepEqual([...new Set(rows.map((r) => r.status))], ['sent']);
    await new Promise((r) => setTimeout(r, 1000)); // more ticks of both workers
    const tracking = new Set(cases.map((c) => c.trackingNumber));
    const received = sms.sent.filter((m) => tracking.has(m.params[0]));
    const distinct = new Set(received.map((m) => `${m.phone}|${m.templateId}|${m.params.join('|')}`));
    assert.equal(received.length, rows.length, `${received.length} texts arrived for ${rows.length} messages`);
    assert.equal(distinct.size, received.length, 'a text arrived twice');
    assert.equal(sms.rejected(), 0);
    const workers = (await db.query(`select worker, count(*)::int as n from notification_attempts where outbox_id = any($1) group by worker`, [rows.map((r) => r.id)])).rows;
    process.stdout.write(`# ${rows.length} texts, each delivered once; attempts by worker: ${JSON.stringify(workers)}\n`);
    assert.equal(workers.length, 2, 'both instances\' workers took part');
  } finally {
    await db.end();
  }
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

test('filings through nginx while one instance is SIGKILLed: each acknowledged one exists once, and each retry with its key on the survivor gets one case', async () => {
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

    // The clients that saw no answer retry with their key against the survivor: each gets one case,
    // the one it may already have made (replayed) or a new one, and never a second.
    const retried = [];
    for (const [i, r] of results.map((r, i) => [i, r])) if (r.status !== 201) retried.push([i, await file(A.url, i)]);
    const outcomes = {};
    for (const [, r] of retried) {
      const outcome = `${r.status}${r.headers?.get('idempotent-replayed') ? ' replayed' : ''}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    process.stdout.write(`# ${total} filings, ${acked.length} acknowledged, ${retried.length} retried on the survivor: ${JSON.stringify(outcomes)}\n`);
    assert.ok(retried.length > 0, 'the kill cut no filing off');
    for (const [i, r] of retried) assert.equal(r.status, 201, `retry of filing ${i}: ${r.text}`);
    const finalRows = (await db.query(`select id, description from cases where description like $1`, [`${marker} %`])).rows;
    const byDescription = new Map();
    for (const c of finalRows) byDescription.set(c.description, [...(byDescription.get(c.description) ?? []), c.id]);
    assert.equal(byDescription.size, total, 'a filing is missing after the retries');
    for (const [i, r] of [...acked, ...retried]) assert.deepEqual(byDescription.get(body(i).description), [r.body.id], `filing ${i}`);
    assert.ok(acked.length > total / 2, results.find((r) => r.status !== 201)?.text);
  } finally {
    await db.end();
  }
});
