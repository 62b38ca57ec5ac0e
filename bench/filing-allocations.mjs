// What a filing allocates on the API's heap, and where: V8's sampling heap profiler, counting
// objects a later garbage collection freed too (the default profile keeps only what is still
// alive), over N filings from 16 concurrent clients. Every byte allocated is a byte the young
// generation's collector must get past; a profile that puts ~8 % of the CPU in the collector is
// read together with this.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/filing-allocations.mjs [--filings 2000] [--top 30]
//
// The clients (fetch) run in this process too; their allocations are counted apart and left out.
import { randomUUID } from 'node:crypto';
import inspector from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { devLogin, startDemoApi, villageFilingBody } from './lib/api.mjs';

const { values } = parseArgs({
  options: { filings: { type: 'string', default: '2000' }, top: { type: 'string', default: '30' } },
});
const filings = Number(values.filings);

const { running, url } = await startDemoApi('allocations', {
  HOTLINE_FILINGS_PER_RESIDENT_DAY: '10000',
  HOTLINE_FILINGS_PER_IP_DAY: '1000000',
  HOTLINE_SCHEDULER_INTERVAL_MS: '0',
  HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
});
const token = await devLogin(url, 'resident');
const body = await villageFilingBody(running);

async function file(n) {
  let started = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (started++ < n) {
        const res = await fetch(`${url}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          body,
        });
        if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
}

try {
  await file(500); // warm up: compiled code, prepared statements, caches
  const session = new inspector.Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await file(filings);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();

  const frameName = (f) => {
    const where = f.url.replace(/.*node_modules\//, '').replace(/.*\/server\/dist\//, 'server/');
    return `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  };
  const samples = [];
  (function walk(node, stack) {
    const here = [...stack, node.callFrame];
    if (node.selfSize) samples.push({ stack: here, bytes: node.selfSize });
    for (const child of node.children ?? []) walk(child, here);
  })(profile.head, []);
  const isClient = (s) => s.stack.some((f) => /undici|filing-allocations\.mjs/.test(f.url));
  const kb = (bytes) => (bytes / filings / 1024).toFixed(2).padStart(7);
  const server = samples.filter((s) => !isClient(s));
  const total = (list) => list.reduce((sum, s) => sum + s.bytes, 0);
  console.log(`${filings} filings: the API allocated ${kb(total(server)).trim()} KB per filing (the clients ${kb(total(samples) - total(server)).trim()} KB)`);

  // Each sample charged to the innermost frame of the server's own code (else the innermost frame).
  const byFrame = new Map();
  for (const s of server) {
    const own = [...s.stack].reverse().find((f) => f.url.includes('/server/dist/')) ?? s.stack.at(-1);
    const name = frameName(own);
    byFrame.set(name, (byFrame.get(name) ?? 0) + s.bytes);
  }
  console.log('\nKB per filing, by the server function that allocated it (or called what did):');
  for (const [name, bytes] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
    console.log(`${kb(bytes)}  ${name}`);
  }
} finally {
  await running.app.close();
}
