// Filing throughput against what the machine can do at all, measured in one run so the ratios
// hold on a noisy shared box. Each side runs in its own child process (its own event loop):
//   api      POST /api/cases through the compiled API (demo mode, resident token, a new
//            Idempotency-Key per request, a leaf category and a point inside a village)
//   fastify  bare Fastify 5 answering the same JSON body with a JSON 201
//   raw      prepared better-sqlite3 statements committing a case row and its event row, in a loop
// and with --pg also the API on PostgreSQL against node-postgres inserting the same two rows
// (BEGIN, 2 INSERTs, COMMIT) from as many connections as the load uses.
// autocannon drives the HTTP sides from this (parent) process.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/submit.bench.mjs [--seconds 5] [--rounds 3] [--connections 16] [--pg]
// Each round also prints the API process's CPU time per filing (from /proc), steadier than the
// rates while other work shares the cores: all its threads, and its event loop's thread alone.
//   node bench/submit.bench.mjs --profile DIR [--pg]   # only the API side, under node --cpu-prof
//   node bench/submit.bench.mjs --sql-times [--pragma NAME=VALUE]…  # only the API side (SQLite): µs per filing
//       of each SQL statement, optionally with SQLite settings changed on the API's connection
//       (--pragma wal_autocheckpoint=0 keeps the whole run in the WAL, for bench/wal-pages.mjs)
//   node bench/submit.bench.mjs --ab NAME=VALUE [--rounds 6]   # only the API side (SQLite), twice at
//       once, the second with NAME=VALUE in its environment, loaded in turn: an A/B of a setting
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { devLogin, requireServer, scratchPgDatabase, startDemoApi, villageFilingBody } from './lib/api.mjs';

const self = fileURLToPath(import.meta.url);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    pg: { type: 'boolean', default: false },
    side: { type: 'string' },
    profile: { type: 'string' },
    'sql-times': { type: 'boolean', default: false },
    pragma: { type: 'string', multiple: true, default: [] },
    ab: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

// ---- children -------------------------------------------------------------------------------

const send = (message) =>
  new Promise((resolve, reject) => process.send(message, (err) => (err ? reject(err) : resolve())));

/** The API in demo mode, a resident token, and a filing body that locates to a village. */
async function startApi(databaseUrl) {
  const { running, url, dataDir } = await startDemoApi('submit', {
    // One resident files every request: lift the per-resident and per-IP daily limits.
    HOTLINE_FILINGS_PER_RESIDENT_DAY: '10000',
    HOTLINE_FILINGS_PER_IP_DAY: '1000000',
    // The minute jobs (the scheduler's deadline sweeps, spikes, repeats and bulletins; the audit
    // checkpoint) are off: they landed in whichever side's window was running (bare Fastify
    // measured 6 300–14 800/s in one run). They are not filing work; the filings' own outbox is
    // still sent by the notification worker.
    HOTLINE_SCHEDULER_INTERVAL_MS: '0',
    HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const token = await devLogin(url, 'resident');
  const body = await villageFilingBody(running);
  const first = await fetch(`${url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body,
  });
  if (first.status !== 201) throw new Error(`filing answered ${first.status}: ${await first.text()}`);
  const filed = await first.json();
  if (!filed.area.located) throw new Error('the benchmark point did not locate to a village');
  return { running, url, token, body, dataDir, sample: filed };
}

/** A case row and its event row as the API wrote them, to be written again under new ids. */
async function templateRows(db, caseId) {
  const caseRow = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const eventRow = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .executeTakeFirstOrThrow();
  delete eventRow.id;
  return { caseRow, eventRow };
}

const renumbered = ({ caseRow, eventRow }, i) => {
  const id = randomUUID();
  return [
    { ...caseRow, id, tracking_number: `RAW-${process.pid}-${i}` },
    { ...eventRow, case_id: id },
  ];
};

/**
 * Times every run of every prepared better-sqlite3 statement (the server's own copy of the module,
 * so its statement cache keeps these timed statements): milliseconds and runs by SQL text.
 */
function timeSqlStatements() {
  const SQLite = requireServer('better-sqlite3');
  const times = new Map();
  const prepare = SQLite.prototype.prepare;
  SQLite.prototype.prepare = function timedPrepare(text) {
    const statement = prepare.call(this, text);
    const timed =
      (method) =>
      (...args) => {
        const started = performance.now();
        try {
          return statement[method](...args);
        } finally {
          const entry = times.get(text) ?? { ms: 0, runs: 0 };
          entry.ms += performance.now() - started;
          entry.runs += 1;
          times.set(text, entry);
        }
      };
    return { reader: statement.reader, all: timed('all'), run: timed('run'), get: timed('get'), iterate: statement.iterate.bind(statement) };
  };
  return times;
}

async function sideApi(databaseUrl) {
  const sqlTimes = values['sql-times'] ? timeSqlStatements() : null;
  const { running, url, token, body, sample } = await startApi(databaseUrl);
  const { db } = running.database;
  // A/B of the server's SQLite settings on its own connection (--pragma temp_store=FILE), and
  // wal_autocheckpoint=0 for bench/wal-pages.mjs: the WAL then keeps every commit of the run.
  for (const pragma of values.pragma) {
    if (!/^\w+=-?\w+$/.test(pragma)) throw new Error(`--pragma wants NAME=VALUE, got ${pragma}`);
    await requireServer('kysely').sql.raw(`pragma ${pragma.replace('=', ' = ')}`).execute(db);
  }
  process.on('message', async (m) => {
    // A clean exit on request, so `node --cpu-prof` can write its profile.
    if (m.type === 'exit') process.exit(0);
    if (m.type === 'reset') {
      await db.deleteFrom('rate_counters').execute();
      sqlTimes?.clear();
      await send({ type: 'reset' });
    }
    if (m.type === 'sql-times') await send({ type: 'sql-times', times: [...(sqlTimes ?? [])] });
  });
  await send({ type: 'ready', url, token, body, sample: sample.trackingNumber });
  return running;
}

async function sideFastify() {
  const Fastify = requireServer('fastify');
  const app = Fastify({ logger: false });
  app.post('/api/cases', async (req, reply) => {
    const b = req.body;
    return reply.code(201).send({
      id: randomUUID(),
      trackingNumber: 'HL20261130-000001',
      status: 'submitted',
      demandType: b.demandType,
      categoryCode: b.categoryCode,
      description: b.description,
      createdAt: new Date().toISOString(),
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await send({ type: 'ready', url: `http://127.0.0.1:${app.server.address().port}` });
}

async function sideRawSqlite() {
  const { running, sample, dataDir } = await startApi(null);
  const rows = await templateRows(running.database.db, sample.id);
  await running.app.close();
  const SQLite = requireServer('better-sqlite3');
  const sqlite = new SQLite(path.join(dataDir, 'hotline.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const insertOf = (table, row) =>
    sqlite.prepare(
      `insert into ${table} (${Object.keys(row).join(', ')}) values (${Object.keys(row)
        .map((k) => `@${k}`)
        .join(', ')})`,
    );
  const insertCase = insertOf('cases', rows.caseRow);
  const insertEvent = insertOf('case_events', rows.eventRow);
  const commit = sqlite.transaction((c, e) => {
    insertCase.run(c);
    insertEvent.run(e);
  });
  await send({ type: 'ready' });
  let n = 0;
  process.on('message', async (m) => {
    if (m.type !== 'go') return;
    const from = n;
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      for (let k = 0; k < 100; k++) commit(...renumbered(rows, n++));
    }
    await send({ type: 'result', perSecond: (n - from) / ((performance.now() - started) / 1000) });
  });
}

async function sideRawPg() {
  const database = await scratchPgDatabase('submit');
  try {
    const { running, sample } = await startApi(database.url);
    const rows = await templateRows(running.database.db, sample.id);
    await running.app.close();
    const pg = requireServer('pg');
    const pool = new pg.Pool({ connectionString: database.url, max: connections });
    const insertText = (table, row) =>
      `insert into ${table} (${Object.keys(row).join(', ')}) values (${Object.keys(row)
        .map((_, i) => `$${i + 1}`)
        .join(', ')})`;
    const caseSql = { name: 'raw-case', text: insertText('cases', rows.caseRow) };
    const eventSql = { name: 'raw-event', text: insertText('case_events', rows.eventRow) };
    let n = 0;
    const round = async () => {
      const from = n;
      const started = performance.now();
      const until = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          const client = await pool.connect();
          try {
            while (performance.now() < until) {
              const [c, e] = renumbered(rows, n++);
              await client.query('begin');
              await client.query({ ...caseSql, values: Object.values(c) });
              await client.query({ ...eventSql, values: Object.values(e) });
              await client.query('commit');
            }
          } finally {
            client.release();
          }
        }),
      );
      return (n - from) / ((performance.now() - started) / 1000);
    };
    await send({ type: 'ready' });
    await new Promise((resolve) =>
      process.on('message', async (m) => {
        if (m.type === 'go') await send({ type: 'result', perSecond: await round() });
        if (m.type === 'exit') resolve();
      }),
    );
    await pool.end();
  } finally {
    await database.drop();
  }
  // Only now: the parent ends this process when it hears it, and the database must be gone first.
  await send({ type: 'dropped' });
}

// ---- parent ---------------------------------------------------------------------------------

/**
 * Two API children on SQLite at once, the second with NAME=VALUE in its environment, loaded in
 * turn (A, B, A, B…): the machine's drift lands on both, so their difference is the setting's.
 */
async function abApi(setting) {
  const [name, ...rest] = setting.split('=');
  if (!name || rest.length === 0) throw new Error(`--ab wants NAME=VALUE, got ${setting}`);
  const variants = [
    ['A', 'as configured', {}],
    ['B', setting, { [name]: rest.join('=') }],
  ];
  console.log(`A/B: ${connections} connections, ${seconds} s per run, ${rounds} rounds (A B, B A, …); B has ${setting}`);
  const running = [];
  try {
    for (const [, , env] of variants) running.push(await launch('api', env));
    const got = { A: [], B: [] };
    for (let r = 1; r <= rounds; r++) {
      // A B, then B A: whichever runs second in a round has measured faster, so each goes second
      // as often as the other.
      const order = r % 2 === 1 ? [0, 1] : [1, 0];
      for (const i of order) {
        const [label] = variants[i];
        await settle();
        const m = await measure(running[i]);
        got[label].push(m);
        console.log(
          `round ${r} ${label}: ${m.perSecond.toFixed(0)}/s, CPU ${m.cpuPerRequest.toFixed(3)} ms/filing, event loop ${m.mainCpuPerRequest.toFixed(3)}, latency p50 ${m.p50} ms p99 ${m.p99} ms`,
        );
      }
    }
    for (const [label, description] of variants) {
      const runs = got[label];
      console.log(
        `${label} (${description}): median ${median(runs.map((m) => m.perSecond)).toFixed(0)}/s, ` +
          `CPU ${median(runs.map((m) => m.cpuPerRequest)).toFixed(3)} ms/filing, event loop ${median(runs.map((m) => m.mainCpuPerRequest)).toFixed(3)}, ` +
          `latency p50 ${median(runs.map((m) => m.p50))} ms p99 ${median(runs.map((m) => m.p99))} ms`,
      );
    }
  } finally {
    for (const handle of running) {
      handle.child.send({ type: 'exit' });
      await new Promise((resolve) => handle.child.once('exit', resolve));
    }
  }
}

function startSide(side, execArgv = [], args = [], env = {}) {
  const child = fork(self, ['--side', side, '--seconds', String(seconds), '--connections', String(connections), ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
    env: { ...process.env, ...env },
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const exited = (code) => reject(new Error(`${side} exited with ${code}`));
      child.once('exit', exited);
      child.once('message', (m) => {
        child.off('exit', exited);
        resolve(m);
      });
    });
  return { child, next };
}

async function loadHttp(side, { url, token, body }, duration = seconds) {
  const autocannon = (await import('autocannon')).default;
  const payload =
    body ??
    JSON.stringify({ demandType: 'complaint', categoryCode: '010101', description: '小区门口路灯连续一周不亮' });
  const result = await autocannon({
    url: `${url}/api/cases`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'idempotency-key': randomUUID(),
          },
          body: payload,
        }),
      },
    ],
  });
  const ok = result['2xx'];
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || ok === 0) throw new Error(`${side}: ${ok} ok, ${failed} failed (non-2xx ${result.non2xx})`);
  return { ok, perSecond: ok / (result.duration || duration), p50: result.latency.p50, p99: result.latency.p99 };
}

/** A side's child with its first message (its URL for the HTTP sides), warmed up. */
async function launch(side, env = {}) {
  const { child, next } = startSide(side, [], [], env);
  const ready = await next();
  // Warm-up (JIT, statement caches, pages): after 2 s the API's first round was still the slowest
  // of its run (0.101–0.107 of bare Fastify against 0.113–0.150 in the rounds after, 17:07–17:12
  // UTC); after 6 s it was not. In 2-s parts, the API's daily limits counted afresh before each
  // (a fast machine would reach the resident's 10 000 within one 6-s run).
  for (let part = 0; ready.url && part < 3; part++) {
    if (side.startsWith('api')) {
      child.send({ type: 'reset' });
      await next();
    }
    await loadHttp(side, ready, 2);
  }
  return { side, child, next, ready };
}

/**
 * CPU time (user + system) a child has used so far, in ms (Linux /proc): all its threads, or with
 * `mainThread` only the thread of its event loop (the one every request waits for).
 */
function cpuMs(pid, { mainThread = false } = {}) {
  try {
    const stat = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = fs.readFileSync(stat, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

async function measure({ side, child, next, ready }) {
  if (ready.url) {
    // The resident's daily filing limit is lifted to its maximum; each round starts the count again.
    if (side.startsWith('api')) {
      child.send({ type: 'reset' });
      await next();
    }
    // The API's CPU per filing: steadier than requests per second while other work shares the cores.
    const before = cpuMs(child.pid);
    const beforeMain = cpuMs(child.pid, { mainThread: true });
    const r = await loadHttp(side, ready);
    return {
      ...r,
      cpuPerRequest: (cpuMs(child.pid) - before) / r.ok,
      mainCpuPerRequest: (cpuMs(child.pid, { mainThread: true }) - beforeMain) / r.ok,
    };
  }
  child.send({ type: 'go' });
  return next();
}

/**
 * Lets the machine go quiet before a side is measured: the kernel writes the previous sides'
 * database pages back to disk up to 30 s after they were written, with CPU to match; `sync` does it
 * now, outside every side's window.
 */
async function settle() {
  execFileSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 300));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (values.side === 'api') return sideApi(null);
  if (values.side === 'api-pg') {
    const database = await scratchPgDatabase('submit');
    const api = sideApi(database.url);
    process.on('message', async (m) => {
      if (m.type === 'drop') {
        // The API (its workers too) stops before its database goes.
        await (await api).app.close();
        await database.drop();
        await send({ type: 'dropped' });
      }
    });
    return api;
  }
  if (values.side === 'fastify') return sideFastify();
  if (values.side === 'raw') return sideRawSqlite();
  if (values.side === 'raw-pg') return sideRawPg();

  if (values.profile) {
    // Only the API side (on PostgreSQL with --pg), under `node --cpu-prof`: the profile of filings under this load.
    const side = values.pg ? 'api-pg' : 'api';
    const { child, next } = startSide(side, ['--cpu-prof', `--cpu-prof-dir=${values.profile}`]);
    const ready = await next();
    await loadHttp(side, ready, 2);
    // The resident's daily limit (10 000) is within reach of a warm-up and a run at ~1 000/s.
    child.send({ type: 'reset' });
    await next();
    const r = await loadHttp(side, ready);
    if (values.pg) {
      // Its scratch database goes first.
      child.send({ type: 'drop' });
      await next();
    }
    child.send({ type: 'exit' });
    await new Promise((resolve) => child.once('exit', resolve));
    console.log(`API filing (${side}) under --cpu-prof: ${r.perSecond.toFixed(0)}/s; profile written to ${values.profile}`);
    return;
  }
  if (values['sql-times']) {
    // Only the API side on SQLite, with every statement timed: where a filing's SQLite time goes.
    const { child, next } = startSide('api', [], ['--sql-times', ...values.pragma.flatMap((p) => ['--pragma', p])]);
    const ready = await next();
    await loadHttp('api', ready, 2);
    child.send({ type: 'reset' }); // the rate counters, and the times of the warm-up
    await next();
    const r = await loadHttp('api', ready);
    child.send({ type: 'sql-times' });
    const { times } = await next();
    child.send({ type: 'exit' });
    await new Promise((resolve) => child.once('exit', resolve));
    const perFiling = (ms) => ((ms * 1000) / r.ok).toFixed(1).padStart(7);
    const total = times.reduce((sum, [, t]) => sum + t.ms, 0);
    console.log(`${r.ok} filings (${r.perSecond.toFixed(0)}/s, timing included); SQLite ${perFiling(total)} µs per filing:`);
    for (const [text, t] of times.sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      console.log(`${perFiling(t.ms)} µs  ${(t.runs / r.ok).toFixed(2).padStart(5)}×  ${text.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
    return;
  }
  if (values.ab) return abApi(values.ab);
  console.log(
    `${connections} connections, ${seconds} s per side and round, ${rounds} rounds, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  // Every side runs in each round, one after another: the machine's load changes by the minute,
  // so each round's ratios compare sides measured seconds apart, and the medians are reported.
  const sides = [
    ['api', 'API filing, SQLite (POST /api/cases)'],
    ['fastify', 'bare Fastify, same JSON body'],
    ['raw', 'raw prepared better-sqlite3 (case + event)'],
    ...(values.pg
      ? [
          ['api-pg', 'API filing, PostgreSQL'],
          ['raw-pg', `raw node-postgres (case + event, ${connections} conns)`],
        ]
      : []),
  ];
  const running = [];
  try {
    for (const [side] of sides) running.push(await launch(side));
    const results = Object.fromEntries(sides.map(([side]) => [side, []]));
    const ratios = { fastify: [], raw: [], pg: [], fastifyCpu: [] };
    const cpu = { api: [], 'api-pg': [] };
    const mainCpu = { api: [], 'api-pg': [] };
    for (let r = 1; r <= rounds; r++) {
      const got = {};
      for (const handle of running) {
        await settle();
        got[handle.side] = await measure(handle);
      }
      for (const [side] of sides) results[side].push(got[side].perSecond);
      for (const side of ['api', 'api-pg'])
        if (got[side]) {
          cpu[side].push(got[side].cpuPerRequest);
          mainCpu[side].push(got[side].mainCpuPerRequest);
        }
      ratios.fastify.push(got.api.perSecond / got.fastify.perSecond);
      // The same comparison by the CPU each request takes on its server's event loop: steadier,
      // since it does not move with what else shares the cores at that moment.
      ratios.fastifyCpu.push(got.fastify.mainCpuPerRequest / got.api.mainCpuPerRequest);
      ratios.raw.push(got.api.perSecond / got.raw.perSecond);
      if (values.pg) ratios.pg.push(got['api-pg'].perSecond / got['raw-pg'].perSecond);
      console.log(
        `round ${r} (load ${os.loadavg()[0].toFixed(1)}): ` +
          sides
            .map(([side]) => `${side} ${got[side].perSecond.toFixed(0)}/s` + (side.startsWith('api') ? ` (CPU ${got[side].cpuPerRequest.toFixed(2)} ms/filing, event loop ${got[side].mainCpuPerRequest.toFixed(2)})` : ''))
            .join(', ') +
          ` · API/Fastify ${ratios.fastify.at(-1).toFixed(3)} (by event-loop CPU ${ratios.fastifyCpu.at(-1).toFixed(3)}), API/raw ${ratios.raw.at(-1).toFixed(3)}` +
          (values.pg ? `, API-pg/raw-pg ${ratios.pg.at(-1).toFixed(3)}` : ''),
      );
    }
    console.log('\nmedians over the rounds');
    for (const [side, label] of sides) console.log(`${label.padEnd(44)} ${median(results[side]).toFixed(0).padStart(7)}/s`);
    for (const side of ['api', 'api-pg'].filter((s) => cpu[s].length))
      console.log(
        `${side} CPU per filing (API process, all threads): ${median(cpu[side]).toFixed(2)} ms; its event loop's thread: ${median(mainCpu[side]).toFixed(2)} ms`,
      );
    console.log(`ratio API / bare Fastify:   ${median(ratios.fastify).toFixed(3)}`);
    console.log(`  by event-loop CPU per request (Fastify's / the API's): ${median(ratios.fastifyCpu).toFixed(3)}`);
    console.log(`ratio API / raw SQLite:     ${median(ratios.raw).toFixed(3)}`);
    if (values.pg) console.log(`ratio API / raw PostgreSQL: ${median(ratios.pg).toFixed(3)}`);
  } finally {
    for (const handle of running) {
      if (handle.side.endsWith('pg')) {
        handle.child.send({ type: handle.side === 'api-pg' ? 'drop' : 'exit' });
        await handle.next().catch(() => {});
      }
      handle.child.kill();
    }
  }
}

await main();
