// Filing throughput through nginx with one API instance and with two, on one PostgreSQL database
// with photos in a local S3 server (the set-up of `npm run city`), driven by autocannon: residents'
// POST /api/cases, each with its own Idempotency-Key. Prints filings per second and the ratio.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server
//   node bench/city.bench.mjs [--seconds 10] [--connections 32]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startCity } from '../deploy/city.mjs';
import { devLogin, scratchPgDatabase } from './lib/api.mjs';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '32' } },
});

async function measure(instances) {
  const database = await scratchPgDatabase(`city_${instances}`);
  const city = await startCity({
    databaseUrl: database.url,
    instances,
    // One resident from one address files everything: the abuse limits (tested elsewhere) are lifted.
    env: { HOTLINE_DEMO: '1', LOG_LEVEL: 'error', HOTLINE_FILINGS_PER_RESIDENT_DAY: '10000', HOTLINE_FILINGS_PER_IP_DAY: '1000000' },
  });
  try {
    const accessToken = await devLogin(city.url, 'resident');
    const body = JSON.stringify({
      demandType: 'complaint',
      categoryCode: '010101',
      description: '小区门口路灯连续一周不亮',
      privacyConsentVersion: '2026-01',
    });
    const autocannon = (await import('autocannon')).default;
    const result = await autocannon({
      url: `${city.url}/api/cases`,
      connections: Number(values.connections),
      duration: Number(values.seconds),
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'idempotency-key': randomUUID() },
            body,
          }),
        },
      ],
    });
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) throw new Error(`${instances} instance(s): ${failed} failed requests (non-2xx ${result.non2xx})`);
    return { perSecond: result['2xx'] / (result.duration || Number(values.seconds)), p50: result.latency.p50, p99: result.latency.p99 };
  } finally {
    await city.stop();
    await database.drop();
  }
}

const one = await measure(1);
const two = await measure(2);
const line = (n, r) => `${n} instance(s) behind nginx: ${r.perSecond.toFixed(0)} filings/s (p50 ${r.p50} ms, p99 ${r.p99} ms)`;
process.stdout.write(`${line(1, one)}\n${line(2, two)}\nratio two/one: ${(two.perSecond / one.perSecond).toFixed(2)}\n`);
