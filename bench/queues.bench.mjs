// Queue benchmark: seeds a fresh database with many cases (default 1 000 000) and times the
// queue queries of the compiled server's QueuesRepository (the very code the API runs):
// every tab's first page, a deep keyset page, a unit's view, the tab counts, a text search.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/queues.bench.mjs [--db sqlite|postgres] [--cases 1000000] [--runs 30] [--keep NAME]
//
// SQLite: a temporary file, removed afterwards. PostgreSQL: creates and drops its own database on
// the server of HOTLINE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// --keep NAME keeps the seeded data (SQLite: $TMPDIR/hotline-bench-NAME.sqlite, PostgreSQL: the
// database hotline_bench_NAME) and reuses it on the next run with the same NAME: seeding a million
// cases once is enough; newer migrations still run on it.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storedCaseRow } from './lib/case-rows.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'server', 'package.json'));
const dist = (p) => path.join(root, 'server', 'dist', p);
if (!fs.existsSync(dist('queues/queues.repository.js'))) {
  console.error('Build the server first: npm run build -w @hotline/core && npm run build -w @hotline/server');
  process.exit(1);
}
require('reflect-metadata');
const { Kysely, PostgresDialect, SqliteDialect, sql } = require('kysely');
const SQLite = require('better-sqlite3');
const pg = require('pg');
const { migrateToLatest } = require(dist('database/migrator.js'));
const { seedDemoCountyIfEmpty } = require(dist('seed/seed.js'));
const { PhoneVault } = require(dist('privacy/phone-vault.js'));
const { QueuesRepository } = require(dist('queues/queues.repository.js'));

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const kind = args.db ?? 'sqlite';
const total = Number(args.cases ?? 1_000_000);
const runs = Number(args.runs ?? 30);
/** --explain: print the plan of each timed query (the first one it ran) instead of only timings. */
const explain = 'explain' in args;
let captured = null;
const log = (event) => {
  if (captured && event.level === 'query') captured.push(event.query);
};
const pgAdminUrl = process.env.HOTLINE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
pg.types.setTypeParser(20, (v) => Number(v));

// The shape of a county's year: most cases closed; the open ones spread over the workflow.
const OPEN_MIX = [
  ['submitted', 0.01],
  ['accepted', 0.01],
  ['dispatched', 0.03],
  ['signed', 0.07],
  ['returned', 0.005],
  ['replied', 0.015],
  ['callback', 0.01],
];
const CHANNELS = ['phone', 'phone', 'phone', 'wechat', 'h5', 'open311'];
const DEMAND = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'];
const WORDS = [
  '路灯不亮',
  '井盖破损',
  '噪音扰民',
  '垃圾未清运',
  '停水',
  '占道经营',
  '违章搭建',
  '道路积水',
  '公交改线',
  '医保报销',
];
const START = Date.parse('2025-11-01T00:00:00Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;
const NOW = START + YEAR_MS;

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keep = args.keep ? String(args.keep).replace(/[^a-z0-9_]/gi, '') : null;

async function openDatabase() {
  if (kind === 'postgres') {
    const name = keep ? `hotline_bench_${keep}` : `hotline_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount > 0;
    if (!exists) await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
    const db = new Kysely({ dialect: new PostgresDialect({ pool }), log });
    return {
      db,
      pool,
      label: 'PostgreSQL 15',
      async close() {
        await db.destroy();
        if (keep) return;
        const c = new pg.Client({ connectionString: pgAdminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = keep ? os.tmpdir() : fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
  const file = path.join(dir, keep ? `hotline-bench-${keep}.sqlite` : 'bench.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }), log });
  return {
    db,
    sqlite,
    label: `SQLite ${sqlite.prepare('select sqlite_version() v').get().v} (better-sqlite3, WAL)`,
    async close() {
      await db.destroy();
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One generated case as a row of the cases table (only what the queues read is realistic). */
function makeCase(i, rnd, ctx) {
  const createdMs = START + Math.floor((i / total) * YEAR_MS);
  const created = new Date(createdMs).toISOString();
  let status = 'closed';
  let r = rnd();
  const openShare = OPEN_MIX.reduce((s, [, p]) => s + p, 0);
  // Open cases are the recent ones, as in life.
  if (i / total > 1 - openShare * 1.6 && r < 0.62) {
    let pick = rnd() * openShare;
    for (const [s, p] of OPEN_MIX) {
      if ((pick -= p) <= 0) {
        status = s;
        break;
      }
    }
    if (status === 'closed') status = 'signed';
  }
  const open = status !== 'closed';
  const withUnit = ['dispatched', 'signed', 'returned', 'replied', 'callback'].includes(status) || status === 'closed';
  const unit = withUnit ? ctx.handlingUnits[Math.floor(rnd() * ctx.handlingUnits.length)] : null;
  const clock = open && status !== 'returned';
  const dueMs = NOW + Math.floor((rnd() - 0.3) * 20 * 24 * 3600 * 1000);
  r = rnd();
  const deadline = clock ? (dueMs < NOW ? 'overdue' : r < 0.15 ? 'warning' : 'normal') : 'normal';
  const township = ctx.townships[Math.floor(rnd() * ctx.townships.length)];
  return storedCaseRow(i, created, {
    status,
    deadline_state: deadline,
    supervised: deadline === 'overdue' && rnd() < 0.3 ? 1 : 0,
    problem: rnd() < 0.01 ? 1 : 0,
    extension_pending: status === 'signed' && rnd() < 0.05 ? 1 : 0,
    demand_type: DEMAND[Math.floor(rnd() * DEMAND.length)],
    urgency: rnd() < 0.05 ? 'urgent' : 'normal',
    channel: CHANNELS[Math.floor(rnd() * CHANNELS.length)],
    category_code: ctx.leaves[Math.floor(rnd() * ctx.leaves.length)],
    description: `${WORDS[i % WORDS.length]}，地点在${township.name}第${i % 97}号附近，已持续${1 + (i % 9)}天，请尽快处理。`,
    township_code: township.code,
    lead_unit_id: unit?.id ?? null,
    assignee_unit_id: unit?.id ?? null,
    step: clock ? 'reply' : null,
    step_started_at: clock ? created : null,
    warn_at: clock ? new Date(dueMs - 2 * 24 * 3600 * 1000).toISOString() : null,
    due_at: clock ? new Date(dueMs).toISOString() : null,
    closed_at: open ? null : new Date(createdMs + 3 * 24 * 3600 * 1000).toISOString(),
  });
}

async function seed(handle) {
  const { db } = handle;
  const migrating = performance.now();
  const { applied } = await migrateToLatest(db);
  if (applied.length)
    console.error(`migrations ${applied.join(', ')} in ${((performance.now() - migrating) / 1000).toFixed(1)} s`);
  await seedDemoCountyIfEmpty(db, path.join(root, 'server', 'seed', 'demo-county'), new PhoneVault(randomBytes(32)));
  const units = await db.selectFrom('units').select(['id', 'code', 'kind', 'parent_id']).execute();
  const ctx = {
    handlingUnits: units.filter((u) => u.kind !== 'centre'),
    townships: await db.selectFrom('areas').select(['code', 'name']).where('kind', '=', 'township').execute(),
    leaves: (await db.selectFrom('categories').select('code').where('is_leaf', '=', 1).execute()).map((c) => c.code),
  };
  const rnd = mulberry32(42);
  const t0 = performance.now();
  const { n: already } = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(already) > 0) {
    console.error(`reusing ${Number(already).toLocaleString('en')} cases kept by --keep ${keep}`);
    return { ctx, units, seconds: 0 };
  }
  const columns = Object.keys(makeCase(0, mulberry32(1), ctx));
  if (handle.sqlite) {
    const insert = handle.sqlite.prepare(
      `insert into cases (${columns.join(',')}) values (${columns.map((c) => '@' + c).join(',')})`,
    );
    const batch = handle.sqlite.transaction((from, to) => {
      for (let i = from; i < to; i++) insert.run(makeCase(i, rnd, ctx));
    });
    for (let i = 0; i < total; i += 50_000) batch(i, Math.min(total, i + 50_000));
    handle.sqlite.exec('analyze');
    await new QueuesRepository({ db }).recount();
  } else {
    // Multi-row INSERTs of 1 000 rows, 20 batches per transaction.
    const client = await handle.pool.connect();
    try {
      const per = 1000;
      for (let i = 0; i < total;) {
        await client.query('begin');
        for (let b = 0; b < 20 && i < total; b++) {
          const rows = [];
          for (let k = 0; k < per && i < total; k++, i++) rows.push(makeCase(i, rnd, ctx));
          const params = [];
          const tuples = rows.map(
            (row) => `(${columns.map((c) => (params.push(row[c]), `$${params.length}`)).join(',')})`,
          );
          await client.query(`insert into cases (${columns.join(',')}) values ${tuples.join(',')}`, params);
        }
        await client.query('commit');
      }
      await new QueuesRepository({ db }).recount();
      // What autovacuum does soon after a load: statistics, and the visibility map index-only scans need.
      await client.query('vacuum analyze cases');
      await client.query('vacuum analyze queue_counts');
    } finally {
      client.release();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { ctx, units, seconds };
}

let planDb = null;
async function planOf(query) {
  const prefix = planDb.kind === 'sqlite' ? 'explain query plan ' : 'explain ';
  const params = query.parameters.map((v) => (typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v)));
  let text = query.sql;
  if (planDb.kind === 'sqlite') {
    let i = 0;
    text = text.replace(/\?/g, () => params[i++]);
  } else {
    text = text.replace(/\$(\d+)/g, (_, n) => params[Number(n) - 1]);
  }
  const { rows } = await sql.raw(prefix + text).execute(planDb.db);
  return rows.map((r) => r.detail ?? r['QUERY PLAN']).join('\n');
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const plans = [];

async function time(label, fn) {
  captured = [];
  await fn(); // warm up, and catch the SQL it runs
  const queries = captured;
  captured = null;
  if (explain && queries[0]) plans.push({ label, plan: await planOf(queries[0]) });
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

const TABS = [
  'to_accept',
  'to_dispatch',
  'to_sign',
  'in_progress',
  'warning',
  'overdue',
  'returned',
  'extension_requests',
  'replies_to_review',
  'callbacks_due',
  'problem',
];

async function main() {
  const handle = await openDatabase();
  try {
    console.error(`seeding ${total.toLocaleString('en')} cases into ${handle.label} …`);
    const { units, seconds } = await seed(handle);
    console.error(`seeded in ${seconds.toFixed(1)} s`);
    const repo = new QueuesRepository({ db: handle.db });
    planDb = { db: handle.db, kind };
    const all = { kind: 'all' };
    const results = [];
    const counts = {};
    for (const tab of TABS) counts[tab] = await repo.count(tab, all, {});

    for (const tab of TABS)
      results.push(
        await time(`first page: ${tab} (${counts[tab].toLocaleString('en')} cases)`, () =>
          repo.page(tab, all, {}, null, 20),
        ),
      );

    // A deep page: the keyset of the row 90 % down the largest tab (found once, untimed).
    const deepOffset = Math.floor(counts.in_progress * 0.9);
    const deep = await handle.db
      .selectFrom('cases')
      .select(['due_at', 'id'])
      .where('status', '=', 'signed')
      .where('due_at', 'is not', null)
      .orderBy('due_at')
      .orderBy('id')
      .offset(deepOffset)
      .limit(1)
      .executeTakeFirst();
    if (deep)
      results.push(
        await time(`deep keyset page: in_progress after row ${deepOffset.toLocaleString('en')}`, () =>
          repo.page('in_progress', all, {}, { dueAt: deep.due_at, id: deep.id }, 20),
        ),
      );

    // The busiest township, as its staff see it (its own cases and those it forwarded to its villages).
    const township = units.find((u) => u.code === 'T01');
    const scope = { kind: 'unit', unitId: township.id };
    results.push(
      await time('unit view (township T01): in_progress', () =>
        repo.page('in_progress', scope, {}, null, 20),
      ),
    );
    results.push(await time('unit view: to_sign', () => repo.page('to_sign', scope, {}, null, 20)));
    results.push(await time('unit view: counts of all 11 tabs (kept counters)', () => repo.counts(TABS, scope, {})));
    results.push(
      await time('unit view: counts of all 11 tabs (counting the cases)', () => repo.countsQueried(TABS, scope, {})),
    );
    const dept = units.find((u) => u.code === 'D-ZJJ');
    results.push(
      await time('department view (D-ZJJ): in_progress', () =>
        repo.page('in_progress', { kind: 'unit', unitId: dept.id }, {}, null, 20),
      ),
    );

    results.push(await time('centre counts of all 11 tabs (kept counters)', () => repo.counts(TABS, all, {})));
    results.push(
      await time('centre counts of all 11 tabs (counting the cases)', () => repo.countsQueried(TABS, all, {})),
    );
    const kept = await repo.counts(TABS, scope, {});
    const queried = await repo.countsQueried(TABS, scope, {});
    if (JSON.stringify(kept) !== JSON.stringify(queried))
      throw new Error(`kept counts ${JSON.stringify(kept)} differ from the cases ${JSON.stringify(queried)}`);
    results.push(
      await time('filter: in_progress, channel=wechat, one township', () =>
        repo.page(
          'in_progress',
          all,
          { channel: 'wechat', townshipCode: units.find((u) => u.code === 'T02').area_code ?? '421199002000' },
          null,
          20,
        ),
      ),
    );
    results.push(
      await time('search: in_progress, description contains 噪音', () =>
        repo.page('in_progress', all, { q: '噪音' }, null, 20),
      ),
    );
    const tracked = await handle.db
      .selectFrom('cases')
      .select('tracking_number')
      .where('status', '=', 'signed')
      .limit(1)
      .executeTakeFirstOrThrow();
    results.push(
      await time('search: tracking number', () =>
        repo.page('in_progress', all, { q: tracked.tracking_number }, null, 20),
      ),
    );

    // The other way to fast counts: covering indexes, so counting a unit's open cases reads only
    // index entries (not partial: the query binds its statuses as parameters, which neither
    // database matches against a partial index's WHERE). Built, timed and dropped again.
    const flags = 'status, deadline_state, extension_pending, problem, supervised';
    const t = performance.now();
    for (const [name, lead] of [
      ['bench_open_assignee_idx', 'assignee_unit_id'],
      ['bench_open_responsible_idx', 'responsible_township_unit_id'],
    ])
      await sql.raw(`create index ${name} on cases (${lead}, ${flags}, id)`).execute(handle.db);
    await sql.raw(kind === 'sqlite' ? 'analyze' : 'analyze cases').execute(handle.db);
    console.error(`covering indexes built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    results.push(
      await time('unit view: counts (counting the cases, covering indexes)', () => repo.countsQueried(TABS, scope, {})),
    );
    results.push(
      await time('centre counts (counting the cases, covering indexes)', () => repo.countsQueried(TABS, all, {})),
    );
    for (const name of ['bench_open_assignee_idx', 'bench_open_responsible_idx'])
      await sql.raw(`drop index ${name}`).execute(handle.db);

    const width = Math.max(...results.map((r) => r.label.length));
    console.log(`\n${handle.label}, ${total.toLocaleString('en')} cases, ${runs} runs each (ms)\n`);
    console.log(`| query | p50 | p95 |\n|---|---:|---:|`);
    for (const r of results) console.log(`| ${r.label.padEnd(width)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} |`);
    console.log(`\nseeding: ${seconds.toFixed(1)} s`);
    for (const p of plans) console.log(`\n## ${p.label}\n${p.plan}`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
