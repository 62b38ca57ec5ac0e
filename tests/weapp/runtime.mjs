// Runs the built mini-program's own code under Node with a fake `wx`: the app
// launches, the status page loads, its request goes through the axios adapter
// and wx.request to the real server (SQLite), and the page sends the health
// report to the view with setData. Proves the weapp bundle works at run time,
// not only that it compiles. Needs the server and weapp builds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const distDir = path.join(repoRoot, 'apps/client/dist/weapp');
const serverMain = path.join(repoRoot, 'server/dist/main.js');
// The origin baked into the build (TARO_APP_API_BASE); the fake wx sends it to the test server.
const BUILT_API_ORIGIN = process.env.TARO_APP_API_BASE ?? 'http://localhost:3000';

for (const file of [path.join(distDir, 'app.js'), serverMain]) {
  if (!fs.existsSync(file)) {
    console.error(`Missing ${path.relative(repoRoot, file)}: build the server and the weapp first.`);
    process.exit(2);
  }
}

const port = await new Promise((resolve, reject) => {
  const probe = net.createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-weapp-runtime-'));
const server = spawn(process.execPath, [serverMain], {
  cwd: repoRoot,
  env: { ...process.env, PORT: String(port), HOTLINE_DATA_DIR: dataDir, HOTLINE_DEMO: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`server did not start:\n${serverLog}`)), 60_000);
  const onData = (chunk) => {
    serverLog += chunk;
    if (serverLog.includes(`http://localhost:${port}`)) {
      clearTimeout(timer);
      resolve();
    }
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
  server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${serverLog}`)));
});

const requests = [];
const rendered = [];
const unknownApis = new Set();
const storage = new Map();
const systemInfo = {
  platform: 'devtools',
  windowWidth: 375,
  windowHeight: 812,
  screenWidth: 375,
  pixelRatio: 2,
  statusBarHeight: 20,
  SDKVersion: '3.6.0',
  fontSizeScaleFactor: 1,
};
const known = {
  request(options) {
    const url = options.url.replace(BUILT_API_ORIGIN, `http://localhost:${port}`);
    requests.push(`${options.method} ${options.url}`);
    const body =
      options.data === undefined || typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
    const controller = new globalThis.AbortController();
    fetch(url, { method: options.method, headers: options.header, body, signal: controller.signal })
      .then(async (res) => {
        const text = await res.text();
        let data = text;
        if (options.dataType === 'json' || options.dataType === undefined) {
          try {
            data = JSON.parse(text);
          } catch {
            // WeChat hands over the raw text when it is not JSON
          }
        }
        options.success?.({ statusCode: res.status, data, header: Object.fromEntries(res.headers) });
      })
      .catch((error) => options.fail?.({ errMsg: `request:fail ${error.message}` }))
      .finally(() => options.complete?.());
    return { abort: () => controller.abort(), onHeadersReceived() {}, offHeadersReceived() {} };
  },
  getSystemInfoSync: () => systemInfo,
  getWindowInfo: () => systemInfo,
  getAppBaseInfo: () => systemInfo,
  getDeviceInfo: () => systemInfo,
  canIUse: () => true,
  nextTick: (fn) => setTimeout(fn, 0),
  getStorageSync: (key) => storage.get(key) ?? '',
  setStorageSync: (key, value) => void storage.set(key, value),
  removeStorageSync: (key) => void storage.delete(key),
};
globalThis.wx = new Proxy(known, {
  get(target, key) {
    if (key in target || typeof key === 'symbol' || key === 'webpackJsonp') return target[key];
    unknownApis.add(key);
    return () => undefined;
  },
});

let appConfig;
let pageConfig;
globalThis.App = (config) => {
  appConfig = config;
};
globalThis.Page = (config) => {
  pageConfig = config;
};
globalThis.Component = (config) => {
  pageConfig = config;
};
globalThis.getApp = () => appConfig;
const stack = [];
globalThis.getCurrentPages = () => stack;
globalThis.requirePlugin = () => ({});

let failure = null;
const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms));
try {
  const require = createRequire(path.join(distDir, 'app.js'));
  require('./app.js');
  if (!appConfig) throw new Error('app.js did not call App()');
  appConfig.onLaunch?.call(appConfig, { path: 'pages/status/index', query: {}, scene: 1001 });
  appConfig.onShow?.call(appConfig, { path: 'pages/status/index', query: {}, scene: 1001 });

  require('./pages/status/index.js');
  if (!pageConfig) throw new Error('the status page did not register with Page()');
  const page = Object.assign(Object.create(pageConfig), {
    route: 'pages/status/index',
    __route__: 'pages/status/index',
    data: globalThis.structuredClone(pageConfig.data ?? {}),
    setData(update, callback) {
      rendered.push(JSON.stringify(update));
      Object.assign(this.data, update);
      if (callback) setTimeout(callback, 0);
    },
  });
  stack.push(page);
  page.onLoad?.call(page, {});
  page.onShow?.call(page);
  page.onReady?.call(page);

  await Promise.race([
    (async () => {
      for (;;) {
        const view = rendered.join('\n');
        if (['服务状态', '正常', 'SQLite', '0.1.0'].every((text) => view.includes(text))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })(),
    timeout(15_000, 'the status page never showed 正常 / SQLite'),
  ]);
} catch (error) {
  failure = error;
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(`wx.request calls: ${requests.join(', ') || 'none'}`);
console.log(`setData calls: ${rendered.length}`);
if (unknownApis.size)
  console.log(`wx APIs the bundle touched that the fake leaves empty: ${[...unknownApis].join(', ')}`);
if (failure) {
  console.log(`✗ status page in the weapp runtime: ${failure.stack ?? failure}`);
  console.log(`last setData: ${rendered.at(-1)?.slice(0, 600) ?? 'none'}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log('✓ status page in the weapp runtime shows 正常, SQLite and the version from the real server');
console.log('1 passed, 0 failed');
