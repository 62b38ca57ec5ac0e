// Attacks the running server through every route of its own OpenAPI document: every route x every
// role x a foreign object (the access matrix), hostile bodies, paths and queries generated with
// fast-check from each route's schema, and an anonymous filer looked for in every response a
// resident, a unit, an analyst or an admin can get. Prints the figures docs/security.md records.
/* global AbortSignal, URLSearchParams */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { runServer, tempDir } from './support.mjs';

const ROLES = [
  ['anonymous'],
  ['resident'],
  ['operator'],
  ['dispatcher'],
  ['supervisor'],
  ['handler', 'T03'],
  ['unit_manager', 'D-ZJJ'],
  ['analyst'],
  ['admin'],
];
const FOREIGN_ID = '00000000-0000-4000-8000-000000000000';
/** 503s a route declares on purpose (a gateway not configured, a full queue), never an accident. */
const DECLARED_UNAVAILABLE = new Set(['WECHAT_NOT_CONFIGURED', 'MEDIA_BUSY', 'WECHAT_BUSY', 'SMS_SEND_FAILED']);
const STACK = /\n\s+at |node_modules|\.[jt]s:\d+:\d+/;
const figures = { matrixRequests: 0, routes: 0, roles: ROLES.length, hostileInputs: 0, leakChecks: 0, leaksFound: 0, serverErrors: 0, ssrfEndpoints: 0, concurrentGuesses: 0, floodFilings: 0, ownObjectRequests: 0 };

let server;
let dataDir;
let doc;
const token = {};

async function call(method, path, { as, body, raw, headers = {} } = {}) {
  const h = { ...headers };
  if (as && token[as]) h.authorization = `Bearer ${token[as]}`;
  let payload = raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(server.url + path, { method: method.toUpperCase(), headers: h, body: payload, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** No 5xx, and every refusal in the one error shape without internals. */
function assertSane(res, what) {
  const unavailable = res.status === 503 && DECLARED_UNAVAILABLE.has(res.json?.code);
  if (res.status >= 500 && !unavailable) figures.serverErrors++;
  assert.ok(res.status < 500 || unavailable, `${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
  assert.doesNotMatch(res.text, STACK, `${what} leaked internals: ${res.text.slice(0, 300)}`);
  if (res.status >= 400) {
    assert.equal(typeof res.json?.code, 'string', `${what}: error without a code: ${res.text.slice(0, 200)}`);
    assert.equal(typeof res.json?.requestId, 'string', `${what}: error without a request id`);
  }
}

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (path === '/api/me/events') continue; // a stream; covered by the notifications tests
      ops.push({ path, method, op, roles: op['x-roles'] ?? (op.security ? 'authenticated' : 'public') });
    }
  }
  return ops;
}

const resolve = (schema) => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema);

/** A plausible value for a JSON schema (zod's output): the base the hostile inputs mutate. */
function sample(schema, depth = 0) {
  schema = resolve(schema) ?? {};
  if (depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return sample(union.find((s) => resolve(s)?.type !== 'null') ?? union[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sample(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out = {};
      for (const name of schema.required ?? []) out[name] = sample(schema.properties?.[name], depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? schema.exclusiveMinimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return FOREIGN_ID;
      if (schema.pattern?.includes('1[3-9]') || /phone/i.test(schema.description ?? '')) return '13900001111';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return null;
  }
}

const bodySchema = (op) => op.requestBody?.content?.['application/json']?.schema;
const fillPath = (path, id) => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(id));

/** What a nasty client sends instead of a field's value. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', "' or 1=1 --", '<script>alert(1)</script>', '1e309', '-0', '__proto__', 'NaN'),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 31), 1.5, 1e308),
  fc.array(fc.string(), { maxLength: 200 }),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
);

/** Asks for a sign-in code and reads it from the demo SMS log (the masked number marks the line). */
async function smsCode(phone) {
  const sent = await call('post', '/api/auth/sms-code', { body: { phone } });
  assert.equal(sent.status, 200, sent.text);
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  for (let i = 0; i < 50; i++) {
    const line = server.output().stdout.split('\n').findLast((l) => l.includes(masked) && l.includes('login_code'));
    const code = /login_code: (\d{6})/.exec(line ?? '')?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${masked} in the demo SMS log`);
}

before(async () => {
  dataDir = tempDir();
  server = await runServer({ HOTLINE_DEMO: '1', HOTLINE_DATA_DIR: dataDir, LOG_LEVEL: 'info', HOTLINE_SCHEDULER_INTERVAL_MS: '0', HOTLINE_NOTIFY_INTERVAL_MS: '0' });
  assert.ok(server.stop, `server did not start: ${server.output?.().stderr}`);
  doc = (await call('get', '/api/openapi.json')).json;
  for (const [role, unitCode] of ROLES.slice(1)) {
    const res = await call('post', '/api/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } });
    assert.equal(res.status, 200, `dev-login ${role}: ${res.text}`);
    token[role] = res.json.accessToken;
  }
});

after(async () => {
  await server?.stop?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`\nsecurity figures: ${JSON.stringify(figures)}\n`);
});

describe('the API under attack', () => {
  let probe; // a case filed anonymously by a second resident, followed by the first

  before(async () => {
    const phone = '13912398765';
    token.filer = (await call('post', '/api/auth/sms-login', { body: { phone, code: await smsCode(phone) } })).json.accessToken;
    const here = { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84', accuracyM: 10 };
    const filed = await call('post', '/api/cases', {
      as: 'filer',
      headers: { 'idempotency-key': 'probe-1' },
      body: {
        demandType: 'complaint',
        categoryCode: '010101',
        description: '楼下夜市噪音扰民，晚上十二点后仍在营业',
        location: here,
        address: '府前路88号',
        contactName: '欧阳匿名',
        anonymous: true,
        privacyConsentVersion: '2026-01',
      },
    });
    assert.equal(filed.status, 201, filed.text);
    probe = filed.json.id;
    const followed = await call('post', `/api/cases/${probe}/follow`, { as: 'resident', body: { location: here } });
    assert.equal(followed.status, 200, followed.text);
    // Dispatched to the unit whose handler takes part below, so the unit's views are real ones.
    const units = (await call('get', '/api/admin/units', { as: 'admin' })).json;
    const zjj = units.find((u) => u.code === 'D-ZJJ');
    assert.equal((await call('post', `/api/staff/cases/${probe}/accept`, { as: 'operator', body: {} })).status, 200);
    assert.equal((await call('post', `/api/staff/cases/${probe}/dispatch`, { as: 'dispatcher', body: { leadUnitId: zjj.id } })).status, 200);
  });

  it('answers every route x every role as its access rule says, and a foreign object like a missing one', async () => {
    const ops = operations();
    figures.routes = ops.length;
    for (const { path, method, op, roles } of ops) {
      const body = bodySchema(op) ? sample(bodySchema(op)) : undefined;
      for (const [role] of ROLES) {
        const as = role === 'anonymous' ? undefined : role;
        const res = await call(method, fillPath(path, FOREIGN_ID), { as, body });
        figures.matrixRequests++;
        const what = `${method.toUpperCase()} ${path} as ${role}`;
        assertSane(res, what);
        if (roles === 'public') continue;
        if (role === 'anonymous') assert.equal(res.status, 401, `${what}: ${res.text.slice(0, 200)}`);
        else if (Array.isArray(roles) && !roles.includes(role)) assert.equal(res.status, 403, `${what}: ${res.text.slice(0, 200)}`);
        else if (path.includes('{id}') && path.includes('/cases/')) assert.ok([400, 404, 409, 422, 429].includes(res.status), `${what} on a missing case: ${res.status}`);
      }
    }
    const stranger = await call('get', `/api/cases/${probe}/rate`, { as: 'analyst' });
    assertSane(stranger, 'odd method');
  });

  it('answers each role’s own case on every case read, and the same case of another unit like a missing one', async () => {
    // The probe was filed by `filer`, is followed by `resident`, and is held by D-ZJJ (`unit_manager`);
    // `handler` belongs to township T03. The centre, analysts and admins see every case.
    const seesProbe = new Set(['filer', 'resident', 'operator', 'dispatcher', 'supervisor', 'analyst', 'admin', 'unit_manager']);
    const roleOf = (who) => (who === 'filer' ? 'resident' : who);
    const reads = operations().filter((o) => o.method === 'get' && /^\/api\/(staff\/)?cases\/\{id\}/.test(o.path));
    assert.ok(reads.length >= 3, reads.map((r) => r.path).join(' '));
    for (const { path, roles } of reads) {
      for (const who of [...ROLES.slice(1).map(([r]) => r), 'filer']) {
        const res = await call('get', fillPath(path, probe), { as: who });
        figures.ownObjectRequests++;
        assertSane(res, `GET ${path} as ${who}`);
        const allowed = roles === 'authenticated' || (Array.isArray(roles) && roles.includes(roleOf(who)));
        const expected = !allowed ? 403 : seesProbe.has(who) ? 200 : 404;
        assert.equal(res.status, expected, `GET ${path} on the probe as ${who}: ${res.text.slice(0, 200)}`);
        if (expected === 404) assert.equal(res.json.code, 'CASE_NOT_FOUND');
      }
    }
  });

  it('survives hostile bodies, paths and queries generated from each route’s schema', async () => {
    const ops = operations().filter((o) => o.path !== '/api/auth/logout');
    const allowedRole = (roles) => (roles === 'public' ? undefined : Array.isArray(roles) ? roles[0] : 'resident');
    for (const { path, method, op, roles } of ops) {
      const as = allowedRole(roles);
      const schema = bodySchema(op);
      const base = schema ? sample(schema) : undefined;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            mutate: base && typeof base === 'object' ? fc.constantFrom(...Object.keys(base), '__extra__') : fc.constant(null),
            value: hostileValue,
            wholeBody: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
            pathParam: fc.oneof(fc.constant(FOREIGN_ID), fc.string({ maxLength: 80 }), fc.constantFrom('..%2f..', '%00', '1 or 1=1', 'ＡＢＣ')),
            query: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 50 }), { maxKeys: 3 }),
          }),
          async ({ mutate, value, wholeBody, pathParam, query }) => {
            let body = base;
            if (schema) body = wholeBody !== null ? wholeBody : mutate ? { ...base, [mutate]: value } : base;
            const qs = new URLSearchParams(query).toString();
            const res = await call(method, fillPath(path, pathParam) + (qs ? `?${qs}` : ''), { as, body });
            figures.hostileInputs++;
            assertSane(res, `${method.toUpperCase()} ${path} as ${as ?? 'anonymous'} with ${JSON.stringify(body)?.slice(0, 120)}`);
          },
        ),
        { numRuns: schema ? 12 : 4, seed: 20261130 },
      );
    }
    // Bodies that are not JSON at all.
    for (const raw of ['{', 'null', '[]', '"x"', '{"a":'.repeat(2000), '\u0000']) {
      const res = await call('post', '/api/cases', { as: 'resident', raw, headers: { 'content-type': 'application/json', 'idempotency-key': 'raw' } });
      figures.hostileInputs++;
      assertSane(res, `raw body ${JSON.stringify(raw.slice(0, 20))}`);
    }
  });

  it('keeps query strings, where tokens and phone digits travel, out of the request log', async () => {
    await call('get', '/api/cases/lookup?trackingNumber=HL20261130-000001&phoneLast4=4321');
    const { ticket } = (await call('post', '/api/me/events/tickets', { as: 'operator' })).json;
    const events = await fetch(`${server.url}/api/me/events?ticket=${ticket}`, { signal: AbortSignal.timeout(3000) });
    assert.equal(events.status, 200);
    await events.body?.cancel();
    await new Promise((r) => setTimeout(r, 300));
    const log = server.output().stdout;
    assert.match(log, /"url":"\/api\/cases\/lookup\?\[redacted\]"/);
    assert.ok(!log.includes('phoneLast4=4321'), 'phone digits in the log');
    assert.ok(!log.includes(ticket), 'a stream ticket in the log');
    assert.ok(!log.includes(token.operator.split('.')[2]), 'an access token in the log');
  });

  it('compares a sign-in code at most 5 times under 20 concurrent guesses, and stops a filing flood at the daily limit', async () => {
    const phone = '13912390001';
    const right = await smsCode(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    const guesses = await Promise.all(Array.from({ length: 20 }, () => call('post', '/api/auth/sms-login', { body: { phone, code: wrong } })));
    figures.concurrentGuesses = guesses.length;
    for (const g of guesses) assertSane(g, 'a concurrent guess');
    assert.ok(guesses.every((g) => g.status !== 200), 'a wrong code signed in');
    // Each compared guess claims a try in the database first: the code was compared 5 times, no more.
    const db = new Database(path.join(dataDir, 'hotline.sqlite'), { readonly: true });
    const tries = db.prepare('select attempts from sms_codes where attempts > 1').all().map((r) => r.attempts);
    db.close();
    assert.deepEqual(tries, [5]);
    const late = await call('post', '/api/auth/sms-login', { body: { phone, code: right } });
    assert.notEqual(late.status, 200, 'the right code still worked after the locked guesses');

    const flooder = (await call('post', '/api/auth/sms-login', { body: { phone: '13912390002', code: await smsCode('13912390002') } })).json.accessToken;
    token.flooder = flooder;
    const filing = (i) =>
      call('post', '/api/cases', {
        as: 'flooder',
        headers: { 'idempotency-key': `flood-${i}` },
        body: { demandType: 'help', categoryCode: '010101', description: '同一个人一次提交很多诉求', privacyConsentVersion: '2026-01' },
      });
    const flood = await Promise.all(Array.from({ length: 30 }, (_, i) => filing(i)));
    figures.floodFilings = flood.length;
    for (const f of flood) assertSane(f, 'a flood filing');
    assert.equal(flood.filter((f) => f.status === 201).length, 20);
    const refused = flood.filter((f) => f.status !== 201);
    assert.ok(refused.every((f) => f.status === 429 && f.json.code === 'RATE_LIMITED' && Number(f.headers.get('retry-after')) > 0));
  });

  it('stores no Web Push endpoint the server could be made to call inside the network (SSRF)', async () => {
    const keys = { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' };
    const hostile = [
      'http://fcm.googleapis.com/fcm/send/x',
      `${server.url}/api/health`,
      'https://127.0.0.1:5432/x',
      'https://localhost/x',
      'https://[::1]/x',
      'https://10.1.2.3/x',
      'https://192.168.0.1/admin',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::ffff:10.0.0.1]/x',
      'https://fcm.googleapis.com.attacker.example/x',
      'https://attacker.example/x',
    ];
    for (const endpoint of hostile) {
      const res = await call('post', '/api/me/subscriptions/push', { as: 'resident', body: { endpoint, keys } });
      figures.ssrfEndpoints++;
      assert.equal(res.status, 400, `${endpoint} answered ${res.status}`);
      assert.equal(res.json.code, 'VALIDATION_FAILED');
    }
    const real = await call('post', '/api/me/subscriptions/push', { as: 'resident', body: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys } });
    assert.equal(real.status, 201, real.text);
  });

  it('never shows the anonymous filer to anyone outside the centre, in any response', async () => {
    // Everyone outside the centre: no name, no number. A follower also gets no address (the
    // handling unit needs it to do the work).
    const identity = ['欧阳匿名', '欧**', '13912398765', '139****8765'];
    const viewers = ['resident', 'handler', 'unit_manager', 'analyst', 'admin'];
    for (const { path, method } of operations()) {
      if (method !== 'get' || path.includes('/auth/')) continue;
      for (const as of viewers) {
        const secrets = as === 'resident' ? [...identity, '府前路88号'] : identity;
        const res = await call('get', fillPath(path, probe), { as });
        figures.leakChecks++;
        const leaked = secrets.filter((s) => res.text.includes(s));
        if (leaked.length) figures.leaksFound++;
        assert.deepEqual(leaked, [], `GET ${path} as ${as} shows ${leaked.join(', ')}`);
      }
    }
    // The centre does see who filed it: the probe is real, so the checks above could fail.
    const centre = await call('get', `/api/staff/cases/${probe}`, { as: 'operator' });
    assert.equal(centre.json.contactName, '欧阳匿名');
  });
});
