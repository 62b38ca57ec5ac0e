// Notifications benchmark: how long a resident waits between a dispatcher's click and WeChat
// receiving the subscription message, and how fast the outbox worker sends. The compiled API runs
// in a child process (notifications.app.mjs) in demo mode, against a fake WeChat server here on
// loopback that issues tokens, answers every send with errcode 0 and records when each arrived.
// resident1 holds a long-term subscription to the dispatch template; N cases are filed and
// accepted through the services, then dispatched through HTTP as dispatcher1.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/notifications.bench.mjs [--db sqlite|postgres] [--dispatches 1000] [--concurrency 4]
//                                      [--interval-ms 50] [--timeout-ms 120000] [--backlog]
//
// --backlog measures the worker's own capacity: the timer is off while the dispatches run, then one
// drain() sends the whole backlog (its delays then only say how long the backlog waited).
//
// SQLite: a temporary data directory, removed afterwards. PostgreSQL: creates and drops its own
// database on the server of HOTLINE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URLSearchParams, fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(path.join(root, 'server', 'package.json'));
if (!fs.existsSync(path.join(root, 'server', 'dist', 'bootstrap.js'))) {
  console.error('Build the server first: npm run build -w @hotline/core && npm run build -w @hotline/server');
  process.exit(1);
}
const pg = require('pg');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const kind = args.db ?? 'sqlite';
const dispatches = Number(args.dispatches ?? 1000);
const concurrency = Number(args.concurrency ?? 4);
const intervalMs = Number(args['interval-ms'] ?? 50);
const timeoutMs = Number(args['timeout-ms'] ?? 120_000);
const backlog = 'backlog' in args;
if (
  !['sqlite', 'postgres'].includes(kind) ||
  !(dispatches >= 1 && dispatches <= 100_000) ||
  !(concurrency >= 1 && concurrency <= 64)
) {
  console.error(
    'usage: node bench/notifications.bench.mjs [--db sqlite|postgres] [--dispatches 1..100000] [--concurrency 1..64]',
  );
  process.exit(2);
}
const pgAdminUrl = process.env.HOTLINE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const APP_ID = 'wx-bench-app';
const SECRET = 'bench-secret';
const TEMPLATE_ID = 'TPL-BENCH-PROGRESS';
const TEMPLATES = {
  dispatch: {
    templateId: TEMPLATE_ID,
    data: { character_string1: 'trackingNumber', thing2: 'title', time3: 'at' },
  },
};

/** WeChat's token and subscribe-send endpoints; every well-formed send succeeds and is timed. */
async function startFakeWechat() {
  const fake = {
    url: '',
    arrivals: new Map(),
    duplicates: 0,
    tokenRequests: 0,
    rejected: 0,
    token: `TOKEN-${randomBytes(4).toString('hex')}`,
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const at = performance.now();
      const url = new URL(req.url ?? '/', 'http://x');
      const reply = (json) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (
        (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') ||
        (url.pathname === '/cgi-bin/token' && req.method === 'GET')
      ) {
        const body = req.method === 'POST' ? JSON.parse(raw || '{}') : Object.fromEntries(url.searchParams);
        if (body.appid !== APP_ID || body.secret !== SECRET) return reply({ errcode: 40013, errmsg: 'invalid appid' });
        fake.tokenRequests++;
        return reply({ access_token: fake.token, expires_in: 7200 });
      }
      if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        if (url.searchParams.get('access_token') !== fake.token) {
          fake.rejected++;
          return reply({ errcode: 40001, errmsg: 'invalid credential' });
        }
        let body;
        try {
          body = JSON.parse(raw);
        } catch {
          fake.rejected++;
          return reply({ errcode: 47001, errmsg: 'data format error' });
        }
        const caseId = new URLSearchParams(String(body.page ?? '').split('?')[1] ?? '').get('id');
        if (body.template_id !== TEMPLATE_ID || !caseId) {
          fake.rejected++;
          return reply({ errcode: 40037, errmsg: 'invalid template_id' });
        }
        if (fake.arrivals.has(caseId)) fake.duplicates++;
        else fake.arrivals.set(caseId, at);
        return reply({ errcode: 0, errmsg: 'ok', msgid: fake.arrivals.size });
      }
      res.writeHead(404).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${server.address().port}`;
  fake.close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return fake;
}

async function createPgDatabase() {
  const name = `hotline_bench_notify_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The API child process, spoken to by request/answer over IPC. */
function startApp(env) {
  const child = fork(path.join(here, 'notifications.app.mjs'), [], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = [];
  child.on('message', (m) => {
    if (m.type === 'error') console.error(`server process failed:\n${m.message}`);
    waiting.shift()?.(m);
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  exited.then(() => waiting.splice(0).forEach((w) => w({ type: 'error', message: 'server process exited' })));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  return {
    next,
    async ask(message) {
      const answer = next();
      child.send(message);
      const m = await answer;
      if (m.type === 'error') throw new Error('server process failed');
      return m;
    },
    exited,
    kill: () => child.kill(),
  };
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const ms = (v) => `${v.toFixed(1)} ms`;

const fake = await startFakeWechat();
const pgDb = kind === 'postgres' ? await createPgDatabase() : null;
const app = startApp({
  ...process.env,
  ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  WECHAT_API_BASE: fake.url,
  WECHAT_APP_ID: APP_ID,
  WECHAT_APP_SECRET: SECRET,
  WECHAT_TEMPLATES: JSON.stringify(TEMPLATES),
  HOTLINE_NOTIFY_INTERVAL_MS: backlog ? '0' : String(intervalMs),
  HOTLINE_SCHEDULER_INTERVAL_MS: '0',
  HOTLINE_ACCESS_TOKEN_TTL: '3600',
});
let exitCode = 0;
try {
  const started = await app.next();
  if (started.type !== 'started') throw new Error('server process did not start');
  const setupStart = performance.now();
  const ready = await app.ask({ type: 'setup', cases: dispatches, templateId: TEMPLATE_ID });
  console.log(
    `notifications benchmark on ${ready.kind}: ${dispatches} dispatches, ${concurrency} concurrent clients, ${backlog ? 'worker drained once after the last dispatch (backlog)' : `worker every ${intervalMs} ms`}`,
  );
  console.log(
    `setup: ${dispatches} cases filed and accepted in ${(ready.filingMs / 1000).toFixed(1)} s (server start included: ${((performance.now() - setupStart) / 1000).toFixed(1)} s); outbox rows not sent before dispatching: ${ready.outboxBefore}`,
  );

  const login = await fetch(`${ready.url}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'dispatcher' }),
  });
  const token = (await login.json()).accessToken;
  const sentAt = new Map();
  const returnedAt = new Map();
  let failures = 0;
  let cursor = 0;
  const client = async () => {
    while (cursor < ready.caseIds.length) {
      const id = ready.caseIds[cursor++];
      sentAt.set(id, performance.now());
      const res = await fetch(`${ready.url}/api/staff/cases/${id}/dispatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ leadUnitId: ready.leadUnitId }),
      });
      const text = await res.text();
      returnedAt.set(id, performance.now());
      if (res.status !== 200) {
        failures++;
        if (failures <= 3) console.error(`dispatch ${id}: ${res.status} ${text.slice(0, 200)}`);
      }
    }
  };
  const firstSent = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const lastReturned = performance.now();
  const expected = dispatches - failures;
  if (backlog) {
    if (fake.arrivals.size > 0) throw new Error('the worker sent before the backlog drain');
    console.log(`backlog drain handled ${(await app.ask({ type: 'drain' })).handled} outbox rows`);
  }

  const deadline = performance.now() + timeoutMs;
  while (fake.arrivals.size < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const waitedAfterLast = performance.now() - lastReturned;

  const delays = [];
  const fromClick = [];
  for (const [id, at] of fake.arrivals) {
    if (!returnedAt.has(id)) continue;
    delays.push(at - returnedAt.get(id));
    fromClick.push(at - sentAt.get(id));
  }
  delays.sort((a, b) => a - b);
  fromClick.sort((a, b) => a - b);
  const arrivals = [...fake.arrivals.values()].sort((a, b) => a - b);
  const spanMs = arrivals.length > 1 ? arrivals[arrivals.length - 1] - arrivals[0] : NaN;
  const outbox = await app.ask({ type: 'stats' });

  console.log(
    `dispatch requests: ${dispatches - failures} ok, ${failures} failed, ${((dispatches / (lastReturned - firstSent)) * 1000).toFixed(0)} req/s (${((lastReturned - firstSent) / 1000).toFixed(2)} s)`,
  );
  console.log(
    `WeChat messages received: ${fake.arrivals.size}/${expected} (duplicates ${fake.duplicates}, rejected ${fake.rejected}, token requests ${fake.tokenRequests}); waited ${(waitedAfterLast / 1000).toFixed(2)} s after the last dispatch returned`,
  );
  if (delays.length) {
    console.log(
      `delay dispatch returned → WeChat received: p50 ${ms(percentile(delays, 50))}, p95 ${ms(percentile(delays, 95))}, max ${ms(delays[delays.length - 1])}, min ${ms(delays[0])}`,
    );
    console.log(
      `delay dispatch sent → WeChat received:     p50 ${ms(percentile(fromClick, 50))}, p95 ${ms(percentile(fromClick, 95))}, max ${ms(fromClick[fromClick.length - 1])}`,
    );
  }
  console.log(
    `worker: ${arrivals.length} messages in ${(spanMs / 1000).toFixed(2)} s from first to last arrival = ${((arrivals.length / spanMs) * 1000).toFixed(0)} sends/s`,
  );
  console.log(
    `outbox afterwards: ${JSON.stringify(outbox.counts)}; rows that needed more than one attempt: ${outbox.retried}`,
  );
  if (failures > 0 || fake.arrivals.size < expected || fake.duplicates > 0) {
    console.error('INCOMPLETE: not every dispatch succeeded and reached WeChat exactly once');
    exitCode = 1;
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await Promise.race([app.ask({ type: 'close' }).catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
  app.kill();
  await app.exited;
  await fake.close();
  await pgDb?.drop();
}
process.exit(exitCode);
