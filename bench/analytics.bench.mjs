// Analytics benchmark: a generated year of cases (default a city's 3.65 million, 10 000 a day)
// rolled up by the domain core's own reducer and written straight into the roll-up tables, then
// the staff analytics routes timed over HTTP on the compiled API, and the cost the roll-up hook
// adds to a case action measured as a ratio.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/analytics.bench.mjs [--db sqlite|postgres] [--cases 3650000] [--runs 30] [--actions 200]
//
// What is generated: for each case a typical history (filing, acceptance, dispatch with its sign
// deadline, sign, reply with its deadline, some returns and send-backs, review, callback or the
// resident's rating) over the demo county's units, 43 categories and 6 townships, replayed through
// `tallyCase` exactly as the live hook would; the buckets go into case_rollups and
// unit_day_rollups, and each case's ~500 m cell into case_cells. The cases and events themselves are
// not written (the analytics routes never read them; the queue benchmark covers cases at scale).
//
// Each route is also given its CPU time per request (process.cpuUsage() over its runs, divided by
// the runs; the API and the fetching client share this process, so it includes the client's
// parsing of the answer) and the 1-minute load average while it ran: on a shared machine the wall
// clock waits for other processes' turns, the CPU time does not.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'server', 'package.json'));
const dist = (p) => path.join(root, 'server', 'dist', p);
if (!fs.existsSync(dist('analytics/rollups.service.js'))) {
  console.error('Build the server first: npm run build -w @hotline/core && npm run build -w @hotline/server');
  process.exit(1);
}
require('reflect-metadata');
const pg = require('pg');
const { sql, CompiledQuery } = require('kysely');
const { latLngToCell } = require('h3-js');
const core = require('@hotline/core');
const { createApp } = require(dist('bootstrap.js'));
const { loadConfig } = require(dist('config/config.js'));
const { RollupsService } = require(dist('analytics/rollups.service.js'));
const { mergeDeltas, rollupSums, sumBy } = require(dist('analytics/rollups.repository.js'));
const { CaseWorkflowService } = require(dist('cases/case-workflow.service.js'));
const { BulletinsService } = require(dist('measures/bulletins.service.js'));

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const kind = args.db ?? 'sqlite';
const total = Number(args.cases ?? 3_650_000);
const runs = Number(args.runs ?? 30);
const actions = Number(args.actions ?? 200);
const DAYS = 365;
const pgAdminUrl = process.env.HOTLINE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(12345);
const pick = (list) => list[Math.floor(rnd() * list.length)];
const iso = (ms) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function database() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-analytics-bench-'));
  if (kind !== 'postgres') return { env: { HOTLINE_DATA_DIR: dataDir }, dataDir, drop: async () => {} };
  const name = `hotline_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    env: { HOTLINE_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** One case's events as the workflow would record them (times, deadlines, units). */
function history(startMs, unit, township) {
  const events = [];
  const ev = (type, at, extra = {}) => events.push({ type, at: iso(at), fromStatus: null, toStatus: extra.toStatus ?? 'x', actorUnitId: extra.actorUnitId ?? null, payload: extra.payload ?? {} });
  let t = startMs;
  const byPhone = rnd() < 0.7;
  ev('submit', t, { payload: byPhone ? { acceptNow: true } : {} });
  if (!byPhone) ev('accept', (t += rnd() * HOUR));
  if (rnd() < 0.5) {
    // Over half are consultations answered at first contact.
    ev('answer', (t += 5 * 60_000), { toStatus: 'closed' });
    return events;
  }
  let lead = rnd() < 0.35 ? township : unit;
  ev('dispatch', (t += rnd() * HOUR), { payload: { leadUnit: { id: lead }, dueAt: iso(t + 2 * HOUR) } });
  if (rnd() < 0.04) {
    ev('return', (t += rnd() * 3 * HOUR), { actorUnitId: lead, toStatus: 'returned' });
    lead = lead === unit ? township : unit;
    ev('rule_return', (t += rnd() * 2 * HOUR), { payload: { decision: 'redispatch', leadUnit: { id: lead }, dueAt: iso(t + 2 * HOUR) } });
  }
  ev('sign', (t += rnd() * 3 * HOUR), { actorUnitId: lead, payload: { dueAt: iso(t + 7 * DAY) } });
  const replyDue = t + 7 * DAY;
  ev('reply', (t += rnd() * 9 * DAY), { actorUnitId: lead, toStatus: 'replied' });
  if (rnd() < 0.06) {
    ev('review', (t += rnd() * DAY), { payload: { decision: 'send_back', dueAt: iso(Math.max(replyDue, t + 3 * DAY)) } });
    ev('reply', (t += rnd() * 3 * DAY), { actorUnitId: lead, toStatus: 'replied' });
  }
  ev('review', (t += rnd() * DAY), { payload: { decision: 'approve' }, toStatus: 'callback' });
  if (rnd() < 0.85) {
    const r = rnd();
    const satisfaction = r < 0.7 ? 'satisfied' : r < 0.88 ? 'basically_satisfied' : 'unsatisfied';
    ev('callback', (t += rnd() * 2 * DAY), { toStatus: 'closed', payload: { satisfaction, solved: rnd() < 0.86 } });
  }
  return events;
}

async function generate(db, kindLabel) {
  const units = await db.selectFrom('units').select(['id', 'code', 'kind', 'area_code']).execute();
  const departments = units.filter((u) => u.kind === 'department');
  const townships = await db.selectFrom('areas').select(['code', 'min_lat', 'min_lng', 'max_lat', 'max_lng']).where('kind', '=', 'township').execute();
  const townshipUnit = new Map(units.filter((u) => u.kind === 'township').map((u) => [u.area_code, u.id]));
  const categories = (await db.selectFrom('categories').select('code').where('is_leaf', '=', 1).execute()).map((c) => c.code);
  const categoryUnit = new Map(categories.map((c, i) => [c, departments[i % departments.length].id]));
  const channels = ['phone', 'phone', 'phone', 'phone', 'wechat', 'wechat', 'h5', 'open311'];
  const policy = core.defaultTimeLimitPolicy;
  const calendar = core.createWorkCalendar();
  const fallback = core.fallbackDeadlines(policy, calendar, { demandType: 'help', urgency: 'normal' });
  const firstDayMs = Date.parse(`${core.shanghaiDate(new Date(Date.now() - DAYS * DAY))}T00:00:00+08:00`);
  const perDay = total / DAYS;

  const buckets = new Map();
  let written = 0;
  let cells = [];
  const started = Date.now();
  // Multi-row inserts with one SQL text per shape (built once): the statement cache reuses them.
  const texts = new Map();
  let target = db;
  const insertRows = async (table, rows) => {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const perStatement = Math.floor(4000 / columns.length);
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const key = `${table}|${chunk.length}`;
      let text = texts.get(key);
      if (!text) {
        let n = 0;
        const ph = () => (kind === 'postgres' ? `$${++n}` : '?');
        text = `insert into ${table} (${columns.join(', ')}) values ${chunk.map(() => `(${columns.map(ph).join(', ')})`).join(', ')}`;
        texts.set(key, text);
      }
      await target.executeQuery(CompiledQuery.raw(text, chunk.flatMap((r) => columns.map((c) => r[c]))));
    }
  };
  const flush = async (beforeDay) => {
    const rows = [];
    for (const [key, row] of buckets) {
      if (beforeDay === null || row.day < beforeDay) {
        rows.push(row);
        buckets.delete(key);
      }
    }
    await insertRows('case_rollups', rows);
    for (const { table, key } of rollupSums) await insertRows(table, sumBy(rows, key));
    written += rows.length;
  };
  const flushCells = async () => {
    await insertRows('case_cells', cells);
    cells = [];
  };
  // Bulk load: secondary indexes are dropped first and built once at the end.
  const indexes = [
    ['case_rollups_unit_day_idx', 'case_rollups', 'unit_id, day'],
    ['case_rollups_category_day_idx', 'case_rollups', 'category_code, day'],
    ['case_rollups_township_day_idx', 'case_rollups', 'township_code, day'],
    ['case_rollups_category_township_day_idx', 'case_rollups', 'category_code, township_code, day'],
    ['case_cells_day_cell_idx', 'case_cells', 'day, cell'],
    ['case_cells_cell_day_idx', 'case_cells', 'cell, day'],
    ['case_cells_category_day_idx', 'case_cells', 'category_code, day, cell'],
  ];
  for (const [name] of indexes) await sql.raw(`drop index ${name}`).execute(db);
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    const dayStart = firstDayMs + d * DAY;
    const today = Math.round(perDay * (d + 1)) - Math.round(perDay * d);
    for (let i = 0; i < today; i++, n++) {
      const category = categories[Math.floor(Math.pow(rnd(), 2) * categories.length)];
      const township = pick(townships);
      const channel = pick(channels);
      const startMs = dayStart + (7 + rnd() * 14) * HOUR;
      const { deltas } = core.tallyCase(history(startMs, categoryUnit.get(category), townshipUnit.get(township.code)), fallback);
      for (const row of mergeDeltas({ categoryCode: category, townshipCode: township.code, channel }, deltas)) {
        const key = `${row.day}|${row.unit_id}|${row.category_code}|${row.township_code}|${row.channel}`;
        const existing = buckets.get(key);
        if (!existing) buckets.set(key, row);
        else for (const c of Object.keys(row)) if (typeof row[c] === 'number') existing[c] += row[c];
      }
      const lat = township.min_lat + rnd() * (township.max_lat - township.min_lat);
      const lng = township.min_lng + rnd() * (township.max_lng - township.min_lng);
      cells.push({ case_id: `bench-${n}`, cell: latLngToCell(lat, lng, 8), day: core.shanghaiDate(startMs), category_code: category, township_code: township.code });
    }
    await db.transaction().execute(async (trx) => {
      target = trx;
      await flushCells();
      // A case's later steps land within ~3 weeks: days older than that are final.
      await flush(core.shanghaiDate(dayStart - 25 * DAY));
    });
    target = db;
    if (d % 30 === 29) process.stdout.write(`  ${kindLabel}: day ${d + 1}/${DAYS}, ${n} cases, ${written} buckets written, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await flush(null);
  for (const [name, table, columns] of indexes) await sql.raw(`create index ${name} on ${table} (${columns})`).execute(db);
  return { cases: n, buckets: written, seconds: (Date.now() - started) / 1000, firstDay: core.shanghaiDate(firstDayMs) };
}

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const store = await database();
  const config = loadConfig({
    ...store.env,
    HOTLINE_DEMO: '1',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    HOTLINE_SCHEDULER_INTERVAL_MS: '0',
  });
  const running = await createApp(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.getHttpServer().address();
  const base = `http://127.0.0.1:${address.port}`;
  const db = running.database.db;
  try {
    console.log(`# analytics benchmark on ${kind}, ${total} cases over ${DAYS} days`);
    const gen = await generate(db, kind);
    console.log(`generated ${gen.cases} cases → ${gen.buckets} roll-up rows in ${gen.seconds.toFixed(0)} s`);
    // Planner statistics, as a maintained database has them (PostgreSQL's autovacuum, SQLite's PRAGMA optimize).
    await sql`analyze`.execute(db);

    const login = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'analyst' }) });
    const token = (await login.json()).accessToken;
    const yesterday = core.shanghaiDate(new Date(Date.now() - DAY));
    const monthStart = core.shanghaiDate(new Date(Date.now() - 31 * DAY));
    // The rest of the analytics pages: a topic and last week's bulletin, so their list and detail
    // read real rows (spikes and repeats are lists over their own tables, empty here).
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const topicRes = await fetch(`${base}/api/analytics/topics`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ month: monthStart.slice(0, 7), categoryCode: '010101', townshipCode: '421199001000', title: '路灯不亮反复出现' }),
    });
    if (topicRes.status !== 201 && topicRes.status !== 200) throw new Error(`topic: ${topicRes.status} ${await topicRes.text()}`);
    const topicId = (await topicRes.json()).id;
    await running.app.get(BulletinsService).buildDue(new Date());
    const bulletinId = (await (await fetch(`${base}/api/analytics/bulletins`, { headers: auth })).json()).items[0].id;
    const grid = await (await fetch(`${base}/api/analytics/hotspots?from=${monthStart}&to=${yesterday}`, { headers: auth })).json();
    const busiest = [...grid.cells].sort((a, b) => b.count - a.count)[0].cell;
    const queries = [
      ['三率 all units, a month', `/api/measures?from=${monthStart}&to=${yesterday}`],
      ['三率 all units, a year', `/api/measures?from=${gen.firstDay}&to=${yesterday}`],
      ['ranking by unit with last period, a month', `/api/analytics/measures?from=${monthStart}&to=${yesterday}&by=unit`],
      ['ranking by township, a month', `/api/analytics/measures?from=${monthStart}&to=${yesterday}&by=township`],
      ['measures by category, a month', `/api/analytics/measures?from=${monthStart}&to=${yesterday}&by=category`],
      ['12-month trend', `/api/analytics/trends?from=${gen.firstDay}&to=${yesterday}&interval=month`],
      ['daily trend of one category, a year', `/api/analytics/trends?from=${gen.firstDay}&to=${yesterday}&interval=day&categoryCode=010101`],
      ['weekly trend of one township, a year', `/api/analytics/trends?from=${gen.firstDay}&to=${yesterday}&interval=week&townshipCode=421199001000`],
      ['monthly trend of one channel, a year', `/api/analytics/trends?from=${gen.firstDay}&to=${yesterday}&interval=month&channel=wechat`],
      ['hot-spot grid, a month', `/api/analytics/hotspots?from=${monthStart}&to=${yesterday}`],
      ['hot-spot grid of one category, a month', `/api/analytics/hotspots?from=${monthStart}&to=${yesterday}&categoryCode=010101`],
      ['cases of the busiest cell, a month', `/api/analytics/hotspots/${busiest}/cases?from=${monthStart}&to=${yesterday}`],
      ['spike alerts, a month', `/api/analytics/spikes?from=${monthStart}&to=${yesterday}`],
      ['repeated demands, a month', `/api/analytics/repeats?from=${monthStart}&to=${yesterday}`],
      ['每月一题 list', `/api/analytics/topics`],
      ['每月一题 detail (12 months)', `/api/analytics/topics/${topicId}`],
      ['bulletin list', `/api/analytics/bulletins`],
      ['bulletin detail', `/api/analytics/bulletins/${bulletinId}`],
    ];
    console.log(`\nload average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
    console.log(`\n| query | bytes | p50 ms | p95 ms | CPU ms/req | load |\n| --- | --- | --- | --- | --- | --- |`);
    for (const [label, route] of queries) {
      const times = [];
      let bytes = 0;
      let cpu;
      for (let i = 0; i < runs + 2; i++) {
        if (i === 2) cpu = process.cpuUsage();
        const t0 = performance.now();
        const res = await fetch(base + route, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${route}: ${res.status} ${body.slice(0, 200)}`);
        if (i >= 2) times.push(performance.now() - t0);
        bytes = body.length;
      }
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000 / runs;
      console.log(`| ${label} | ${bytes} | ${median(times).toFixed(1)} | ${p95(times).toFixed(1)} | ${cpuMs.toFixed(1)} | ${os.loadavg()[0].toFixed(1)} |`);
    }

    // The hook's share of a case action: every sink call timed inside real actions.
    const rollups = running.app.get(RollupsService);
    const workflow = running.app.get(CaseWorkflowService);
    const original = rollups.onTransition.bind(rollups);
    let sinkMs = 0;
    rollups.onTransition = async (trx, record) => {
      const t0 = performance.now();
      await original(trx, record);
      sinkMs += performance.now() - t0;
    };
    const users = Object.fromEntries(
      (await db.selectFrom('users').select(['id', 'role', 'unit_id', 'username']).execute()).map((u) => [u.username, { userId: u.id, role: u.role, unitId: u.unit_id }]),
    );
    const t01 = (await db.selectFrom('units').select(['id', 'kind', 'parent_id']).where('code', '=', 'T01').executeTakeFirstOrThrow());
    const lead = { id: t01.id, kind: t01.kind, parentId: t01.parent_id };
    let actionMs = 0;
    let count = 0;
    const timed = async (work) => {
      const t0 = performance.now();
      const out = await work();
      actionMs += performance.now() - t0;
      count += 1;
      return out;
    };
    for (let i = -5; i < actions; i++) {
      // The first five cases warm up (h3's WebAssembly, statement caches) and are not counted.
      if (i === 0) {
        actionMs = 0;
        sinkMs = 0;
        count = 0;
      }
      const row = await timed(() =>
        workflow.submit(
          { demandType: 'help', urgency: 'normal', channel: 'phone', categoryCode: '010101', description: '路灯不亮', address: null, location: { lat: 30.5, lng: 114.9, accuracyM: 10, crs: 'wgs84' }, townshipCode: '421199001000', villageCode: null, filerUserId: null, contactName: null, contactPhone: null, anonymous: false, consentVersion: null, callId: null, callbackWanted: false, mediaIds: [], acceptNow: true },
          users.operator1,
        ),
      );
      await timed(() => workflow.act(row.id, { type: 'dispatch', leadUnit: lead }, users.dispatcher1));
      await timed(() => workflow.act(row.id, { type: 'sign' }, users.t01_handler));
      await timed(() => workflow.act(row.id, { type: 'reply', text: '已修复' }, users.t01_handler));
      await timed(() => workflow.act(row.id, { type: 'review', decision: 'approve' }, users.supervisor1));
      await timed(() => workflow.act(row.id, { type: 'callback', satisfaction: 'satisfied', solved: true }, users.operator1));
    }
    const withoutHook = actionMs - sinkMs;
    console.log(
      `\nroll-up hook: ${count} case actions (${actions} cases filed → closed) took ${actionMs.toFixed(0)} ms, of which the roll-up sink ${sinkMs.toFixed(0)} ms: ` +
        `it adds ${((sinkMs / withoutHook) * 100).toFixed(1)} % to a case action (${(withoutHook / count).toFixed(2)} → ${(actionMs / count).toFixed(2)} ms per action)`,
    );
  } finally {
    await running.app.close();
    await store.drop();
    fs.rmSync(store.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
