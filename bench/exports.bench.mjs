// Export benchmark: a queue tab of many cases (default 100 000) exported as CSV and as XLSX over
// HTTP from the compiled API, while a second client keeps asking for a small queue page. Prints
// rows per second, the process's peak RSS above its level before the export, and the p95 of the
// small request during the export (it shows whether a big export blocks everyone else).
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/exports.bench.mjs [--db sqlite|postgres] [--cases 100000]
//
// The API runs in this process (bench/lib/api.mjs), so the RSS includes the reading client, which
// counts the bytes and drops them. The cases are written straight into the cases table.
import { setTimeout as sleep } from 'node:timers/promises';
import { devLogin, requireServer, scratchPgDatabase, startDemoApi } from './lib/api.mjs';
import { storedCaseRow } from './lib/case-rows.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]?.startsWith('--') ? true : (all[i + 1] ?? true)]);
    return pairs;
  }, []),
);
const kind = args.db === 'postgres' ? 'postgres' : 'sqlite';
const total = Number(args.cases ?? 100_000);

function caseRow(i, township, unitId) {
  const start = Date.parse('2026-06-01T00:00:00Z');
  const created = new Date(start + i * 60_000).toISOString();
  return storedCaseRow(i, created, {
    tracking_number: `HL20260601-${String(i).padStart(7, '0')}`,
    status: 'signed',
    description: `第${i}号诉求：府前路小区门口路灯连续三晚不亮，晚上出行不便，请尽快派人维修。`,
    address: `城关街道府前路${i % 200}号`,
    township_code: township,
    contact_name: '张三丰',
    lead_unit_id: unitId,
    assignee_unit_id: unitId,
    step: 'reply',
    step_started_at: created,
    warn_at: new Date(start + i * 60_000 + 8 * 86_400_000).toISOString(),
    due_at: new Date(start + i * 60_000 + 10 * 86_400_000).toISOString(),
  });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The small request alone, for comparison: its p95 over `ms` milliseconds with no export running. */
async function idleProbe(url, token, ms = 3000) {
  const probes = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/queues/to_accept?limit=20`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    probes.push(performance.now() - t0);
    await sleep(20);
  }
  return { requests: probes.length, p95ms: Number(percentile(probes, 95).toFixed(1)) };
}

async function exportOnce(url, token, format, township) {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  let done = false;
  const probes = [];
  const prober = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/queues/to_accept?limit=20`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (!done) probes.push(performance.now() - t0);
      await sleep(20);
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/queues/in_progress/export?format=${format}&townshipCode=${township}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    if (format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await prober;
  clearInterval(sampler);
  return {
    format,
    rows: format === 'csv' ? newlines - 1 : total,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(total / seconds),
    megabytes: Number((bytes / 1e6).toFixed(1)),
    peakRssAboveStartMB: Number(((peak - rssBefore) / 1e6).toFixed(1)),
    peakRssMB: Number((peak / 1e6).toFixed(1)),
    concurrentRequests: probes.length,
    concurrentP95ms: Number(percentile(probes, 95).toFixed(1)),
    concurrentMaxMs: Number(Math.max(...probes).toFixed(1)),
  };
}

async function main() {
  const pgDb = kind === 'postgres' ? await scratchPgDatabase('exports') : null;
  const { running, url } = await startDemoApi('exports', pgDb ? { DATABASE_URL: pgDb.url } : {});
  try {
    const db = running.database.db;
    const township = (await db.selectFrom('areas').select('code').where('kind', '=', 'township').orderBy('code').executeTakeFirstOrThrow()).code;
    const unitId = (await db.selectFrom('units').select('id').where('code', '=', 'T01').executeTakeFirstOrThrow()).id;
    const t0 = performance.now();
    for (let i = 0; i < total; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(total, i + 500); k++) rows.push(caseRow(k, township, unitId));
      await db.insertInto('cases').values(rows).execute();
    }
    // What autovacuum does soon after a bulk load: the planner's statistics (the queue bench does the same).
    const { sql } = requireServer('kysely');
    await sql`analyze cases`.execute(db);
    console.error(`seeded ${total} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${kind}`);
    const token = await devLogin(url, 'supervisor');
    // A warm-up pass, then the measured ones.
    await exportOnce(url, token, 'csv', township);
    globalThis.gc?.();
    const idle = await idleProbe(url, token);
    const results = [];
    for (const format of ['csv', 'xlsx']) results.push(await exportOnce(url, token, format, township));
    console.log(JSON.stringify({ db: kind, cases: total, node: process.version, idle, results }, null, 2));
  } finally {
    await running.app.close();
    await pgDb?.drop();
  }
}

await main();
