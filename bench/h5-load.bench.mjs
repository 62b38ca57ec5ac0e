// How long a first-time visitor on a cheap phone waits for the 我要反映 button. Starts the built
// server (demo mode, SQLite) serving the built H5 app, then opens the home page in Debian's
// Chromium N times, each in a fresh browser context (nothing cached, no service worker yet) with
// CDP throttling: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×, cache disabled.
// The page records, from its navigation start, the first frame in which the button has a size.
//
//   npm run build -w @hotline/core && npm run build -w @hotline/server && npm run build:h5 -w @hotline/client
//   node bench/h5-load.bench.mjs [--runs 7] [--no-throttle]
//   node bench/h5-load.bench.mjs --trace      # one cold load under a Chromium trace: what the
//       page's main thread did (tasks over 3 ms) and when each request went out and finished
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, PHONE, requireBuilds, startServer } from '../tests/e2e/support.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'no-throttle': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const throttle = !values['no-throttle'];
const CHEAP_PHONE = { latency: 150, downloadKbit: 1600, uploadKbit: 750, cpuSlowdown: 4 };

/* global document, requestAnimationFrame, MutationObserver -- watchReportButton runs in the page */
// Runs in the page before any of its scripts: notes the first frame where the button is laid out.
function watchReportButton() {
  const mark = () => {
    const button = [...document.querySelectorAll('.nut-button')].find((b) => b.textContent?.includes('我要反映'));
    if (!button || button.getBoundingClientRect().height === 0) return false;
    requestAnimationFrame(() => {
      globalThis.__reportVisibleAt ??= performance.now();
    });
    return true;
  };
  const observer = new MutationObserver(() => {
    if (mark()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/** The page's main-thread tasks over 3 ms up to its first paint, its requests and its paints, in ms from its navigation start. */
function printTrace(buffer, origin) {
  const events = JSON.parse(buffer.toString()).traceEvents;
  // The trace holds the whole browser: the page's thread is the one that sent its requests.
  const ours = events.filter((e) => e.name === 'ResourceSendRequest' && e.args.data.url.startsWith(origin));
  if (ours.length === 0) throw new Error('the trace holds no request of the page');
  const thread = `${ours[0].pid}:${ours[0].tid}`;
  const onThread = (e) => `${e.pid}:${e.tid}` === thread;
  // The page's own navigation (the tab's about:blank has one too), and its paints.
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args.data?.documentLoaderURL?.startsWith(origin));
  const paint = (name) => events.find((e) => e.name === name && e.args.data?.navigationId === navigation.args.data.navigationId);
  const ms = (ts) => ((ts - navigation.ts) / 1000).toFixed(0).padStart(6);
  const firstPaint = paint('firstPaint');
  const firstContentfulPaint = paint('firstContentfulPaint');
  console.log('main thread (from, ms):');
  for (const e of events.filter((e) => e.ph === 'X' && e.dur > 3000 && onThread(e)).sort((a, b) => a.ts - b.ts)) {
    if (firstPaint && e.ts > firstPaint.ts) break;
    console.log(`${ms(e.ts)} +${(e.dur / 1000).toFixed(0).padStart(4)} ${e.name}`);
  }
  const requests = new Map();
  for (const e of events) {
    const data = e.args?.data;
    if (e.name === 'ResourceSendRequest' && data.url.startsWith(origin))
      requests.set(data.requestId, { url: data.url, sent: e.ts, blocking: data.renderBlocking ?? '' });
    if (e.name === 'ResourceFinish' && requests.has(data.requestId)) requests.get(data.requestId).finished = e.ts;
  }
  console.log('requests (sent → finished, ms):');
  for (const r of requests.values()) console.log(`${ms(r.sent)} → ${r.finished ? ms(r.finished) : '     -'}  ${new URL(r.url).pathname} ${r.blocking}`);
  const at = (event) => (event ? `${ms(event.ts).trim()} ms` : 'none');
  console.log(`first paint: ${at(firstPaint)}, first contentful paint (text: the shell's words): ${at(firstContentfulPaint)}`);
}

async function coldLoad(browser, url, { trace = false } = {}) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttle) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: CHEAP_PHONE.latency,
        downloadThroughput: (CHEAP_PHONE.downloadKbit * 1000) / 8,
        uploadThroughput: (CHEAP_PHONE.uploadKbit * 1000) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CHEAP_PHONE.cpuSlowdown });
    }
    let received = 0;
    let scripts = 0;
    cdp.on('Network.loadingFinished', (e) => {
      received += e.encodedDataLength;
    });
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script') scripts++;
    });
    await page.addInitScript(watchReportButton);
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'loading', 'blink.user_timing'] });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => globalThis.__reportVisibleAt !== undefined, null, {
      timeout: 60_000,
      polling: 100,
    });
    const visibleAt = await page.evaluate(() => globalThis.__reportVisibleAt);
    if (trace) {
      await page.waitForLoadState('load');
      printTrace(await browser.stopTracing(), new URL(url).origin);
    }
    // Where the wait went: the HTML, the last script's bytes, the scripts run (DOMContentLoaded).
    const phases = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation');
      const scripts = performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
      return {
        html: nav.responseEnd,
        scriptsIn: Math.max(0, ...scripts.map((r) => r.responseEnd)),
        dcl: nav.domContentLoadedEventEnd,
      };
    });
    return { visibleAt, received, scripts, phases };
  } finally {
    await context.close();
  }
}

requireBuilds();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-h5-'));
const server = await startServer(dataDir);
const browser = await launchBrowser();
try {
  console.log(
    throttle
      ? `cheap phone: ${CHEAP_PHONE.latency} ms latency, ${CHEAP_PHONE.downloadKbit / 1000} Mbit/s down, ${CHEAP_PHONE.uploadKbit} kbit/s up, CPU ${CHEAP_PHONE.cpuSlowdown}× slower, cache disabled`
      : 'no throttling, cache disabled',
  );
  await coldLoad(browser, server.url); // warms the server's file cache, not the browser's
  if (values.trace) {
    const r = await coldLoad(browser, server.url, { trace: true });
    console.log(`我要反映 visible ${r.visibleAt.toFixed(0)} ms (from the page's own navigation start)`);
  } else await timedRuns();
} finally {
  await browser.close();
  server.child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function timedRuns() {
  const results = [];
  for (let i = 1; i <= runs; i++) {
    const r = await coldLoad(browser, server.url);
    results.push(r);
    console.log(
      `run ${i}: 我要反映 visible ${r.visibleAt.toFixed(0)} ms · ${(r.received / 1024).toFixed(1)} KB received (all requests, headers included), ${r.scripts} scripts · HTML in ${r.phases.html.toFixed(0)} ms, last script in ${r.phases.scriptsIn.toFixed(0)} ms, DOMContentLoaded ${r.phases.dcl.toFixed(0)} ms`,
    );
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const phase = (k) => median(results.map((r) => r.phases[k])).toFixed(0);
  console.log(
    `medians: HTML in ${phase('html')} ms, last script in ${phase('scriptsIn')} ms, DOMContentLoaded ${phase('dcl')} ms, button ${median(results.map((r) => r.visibleAt)).toFixed(0)} ms`,
  );
  console.log(
    `median of ${runs} cold loads: 我要反映 visible ${median(results.map((r) => r.visibleAt)).toFixed(0)} ms (min ${Math.min(...results.map((r) => r.visibleAt)).toFixed(0)}, max ${Math.max(...results.map((r) => r.visibleAt)).toFixed(0)})`,
  );
}
