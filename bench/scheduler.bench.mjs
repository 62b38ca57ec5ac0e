// A scheduler pass after a burst of filings in one place (a burst water main, a blocked road): the
// repeated-demand check compares each new case with its earlier neighbours. Measured: the pass's
// wall and CPU time, and what requests meanwhile get — the event loop's longest stall and the
// latency of GET /api/health asked every 20 ms while the pass runs (on SQLite every query runs on
// the event loop, so a pass that never yields holds every request until it ends).
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/scheduler.bench.mjs [--cases 2000] [--pg]
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { devLogin, requireServer, scratchPgDatabase, serverDist, startDemoApi, villageFilingBody } from './lib/api.mjs';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '2000' }, pg: { type: 'boolean', default: false } },
});
const cases = Number(values.cases);

const database = values.pg ? await scratchPgDatabase('scheduler') : null;
const { running, url } = await startDemoApi('scheduler', {
  HOTLINE_FILINGS_PER_RESIDENT_DAY: '10000',
  HOTLINE_FILINGS_PER_IP_DAY: '1000000',
  // The pass is run by hand below, once the burst is filed.
  HOTLINE_SCHEDULER_INTERVAL_MS: '0',
  HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
  ...(database ? { DATABASE_URL: database.url } : {}),
});
try {
  const { SchedulerService } = requireServer(serverDist('scheduler/scheduler.service.js'));
  const scheduler = running.app.get(SchedulerService);
  // The first pass of the day builds the weekly bulletin and the like: not what is measured.
  await scheduler.tick();

  const token = await devLogin(url, 'resident');
  const body = await villageFilingBody(running);
  let filed = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (filed < cases) {
        filed += 1;
        const res = await fetch(`${url}/api/cases`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': randomUUID(),
          },
          body,
        });
        if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );

  const latencies = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  // The event loop's stalls: how late a 10 ms timer fires, sampled through the pass.
  const stalls = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stalls.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await scheduler.tick();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(ticker);
  stalls.push(Math.max(0, performance.now() - last - 10));
  probing = false;
  await probe;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(
    `${values.pg ? 'PostgreSQL' : 'SQLite'}: ${cases} cases filed at one point, then one scheduler pass ` +
      `(${report.repeats} new repeated-demand matters, ${report.spikes} spikes)`,
  );
  console.log(
    `pass: ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (this process)`,
  );
  console.log(
    `event loop meanwhile: longest stall ${Math.max(...stalls).toFixed(1)} ms (${stalls.length} samples of a 10 ms timer)`,
  );
  console.log(
    `GET /api/health meanwhile: ${latencies.length} answers, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
  );
} finally {
  await running.app.close();
  await database?.drop();
}
