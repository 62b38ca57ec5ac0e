// Runs the built mini-program's own code under Node with a fake `wx`: the app
// launches, the status page loads, its request goes through the Taro.request transport
// and wx.request to the real server (SQLite), and the page sends the health
// report to the view with setData. Proves the weapp bundle works at run time,
// not only that it compiles. Needs the server and weapp builds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
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

// WeChat's servers for the staff flow: jscode2session turns the wx.login code into the staff
// member's openid, and subscribe-message sends are recorded with the page they open.
const wechatSends = [];
const fakeWechat = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const url = new URL(req.url, 'http://fake');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/sns/jscode2session')
      return res.end(JSON.stringify({ openid: `openid-${url.searchParams.get('js_code')}`, session_key: 'k' }));
    if (url.pathname === '/cgi-bin/stable_token') return res.end(JSON.stringify({ access_token: 'tok', expires_in: 7200 }));
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      wechatSends.push(JSON.parse(body));
      return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
  });
});
await new Promise((resolve) => fakeWechat.listen(0, '127.0.0.1', resolve));
const STAFF_TEMPLATE = 'TPL-STAFF-NEW-CASE';
const server = spawn(process.execPath, [serverMain], {
  cwd: repoRoot,
  env: {
    ...process.env,
    PORT: String(port),
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_DEMO: '1',
    WECHAT_API_BASE: `http://127.0.0.1:${fakeWechat.address().port}`,
    WECHAT_APP_ID: 'wx-runtime-app',
    WECHAT_APP_SECRET: 'runtime-secret',
    WECHAT_TEMPLATES: JSON.stringify({
      dispatch: { templateId: STAFF_TEMPLATE, data: { character_string1: 'trackingNumber', thing2: 'title', time3: 'at' } },
    }),
    HOTLINE_NOTIFY_INTERVAL_MS: '200',
  },
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
const calls = [];
// A real small JPEG, drawn with the server's own image library.
const requireFromServer = createRequire(path.join(repoRoot, 'server/package.json'));
const photoPath = path.join(dataDir, 'photo.jpg');
// What WeChat's recorder leaves behind: an mp3 (ID3 header, then frames) of about 3 s.
const voicePath = path.join(dataDir, 'voice.mp3');
fs.writeFileSync(voicePath, Buffer.concat([Buffer.from('ID3'), Buffer.alloc(19_000, 0x55)]));
await requireFromServer('sharp')({ create: { width: 320, height: 240, channels: 3, background: '#c83c28' } })
  .jpeg()
  .toFile(photoPath);
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
  // The resident has WeChat in care mode (关怀模式, ~24 px text): the app must open in large text.
  fontSizeScaleFactor: 1.4,
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
  getLocation(options) {
    calls.push(`getLocation ${options.type}`);
    // A GCJ-02 point in 云泽县's seat (WGS-84 about 30.5° N, 114.9° E).
    setTimeout(() =>
      options.success?.({ latitude: 30.4978, longitude: 114.9055, accuracy: 15, errMsg: 'getLocation:ok' }),
    );
  },
  chooseMedia(options) {
    calls.push(`chooseMedia ${options.count}`);
    // WeChat reports the original camera size; the app must compress it below 400 KB.
    setTimeout(() =>
      options.success?.({ tempFiles: [{ tempFilePath: 'wxfile://tmp/original.jpg', size: 3_500_000 }] }),
    );
  },
  compressImage(options) {
    calls.push(`compressImage ${options.src} q${options.quality}`);
    setTimeout(() => options.success?.({ tempFilePath: photoPath, errMsg: 'compressImage:ok' }));
  },
  getFileInfo(options) {
    setTimeout(() => options.success?.({ size: fs.statSync(options.filePath).size, errMsg: 'getFileInfo:ok' }));
  },
  // WeChat's recorder: one instance; stop() reports a 16 kHz mono mp3 in a temporary file.
  getRecorderManager: () => recorder,
  uploadFile(options) {
    calls.push(`uploadFile ${options.name}`);
    const listeners = [];
    const form = new globalThis.FormData();
    form.append(
      options.name,
      new globalThis.Blob([fs.readFileSync(options.filePath)], { type: 'image/jpeg' }),
      'photo.jpg',
    );
    fetch(options.url.replace(BUILT_API_ORIGIN, `http://localhost:${port}`), {
      method: 'POST',
      headers: options.header,
      body: form,
    })
      .then(async (res) => {
        for (const listener of listeners) listener({ progress: 100, totalBytesSent: 1, totalBytesExpectedToSend: 1 });
        options.success?.({ statusCode: res.status, data: await res.text(), errMsg: 'uploadFile:ok' });
      })
      .catch((error) => options.fail?.({ errMsg: `uploadFile:fail ${error.message}` }));
    return { onProgressUpdate: (fn) => listeners.push(fn), abort() {} };
  },
  // A document download (a bulletin's PDF): fetched with the header the app gives, kept in a temporary file.
  downloadFile(options) {
    calls.push(`downloadFile ${options.header?.Authorization ? 'with a bearer token' : 'without a token'}`);
    fetch(options.url.replace(BUILT_API_ORIGIN, `http://localhost:${port}`), { headers: options.header })
      .then(async (res) => {
        const tempFilePath = path.join(dataDir, `download-${Date.now()}`);
        fs.writeFileSync(tempFilePath, Buffer.from(await res.arrayBuffer()));
        options.success?.({ statusCode: res.status, tempFilePath, errMsg: 'downloadFile:ok' });
      })
      .catch((error) => options.fail?.({ errMsg: `downloadFile:fail ${error.message}` }));
    return { onProgressUpdate() {}, abort() {} };
  },
  openDocument(options) {
    const head = fs.readFileSync(options.filePath).subarray(0, 5).toString();
    calls.push(`openDocument ${options.fileType} ${head}`);
    setTimeout(() => options.success?.({ errMsg: 'openDocument:ok' }));
  },
  requestSubscribeMessage(options) {
    calls.push(`requestSubscribeMessage ${options.tmplIds.join(',')}`);
    const answer = Object.fromEntries(options.tmplIds.map((id) => [id, 'accept']));
    setTimeout(() => options.success?.({ ...answer, errMsg: 'requestSubscribeMessage:ok' }));
  },
  redirectTo(options) {
    calls.push(`redirectTo ${options.url}`);
    setTimeout(() => options.success?.({ errMsg: 'redirectTo:ok' }));
  },
  navigateTo(options) {
    calls.push(`navigateTo ${options.url}`);
    setTimeout(() => options.success?.({ errMsg: 'navigateTo:ok' }));
  },
  navigateBack(options = {}) {
    calls.push('navigateBack');
    setTimeout(() => options.success?.({ errMsg: 'navigateBack:ok' }));
  },
  showToast(options) {
    calls.push(`showToast ${options.title}`);
  },
  login(options) {
    calls.push('login');
    setTimeout(() => options.success?.({ code: 'staff-t01', errMsg: 'login:ok' }));
  },
  getStorageSync: (key) => storage.get(key) ?? '',
  setStorageSync: (key, value) => void storage.set(key, value),
  removeStorageSync: (key) => void storage.delete(key),
};
// The Canvas 2D node a page's <canvas type="2d"> gives through a selector query: a 2D context
// that records what is drawn (the text it fills, how many shapes), so the check can tell a chart
// was drawn in the mini-program's own code path (ECharts on the node, not the H5 SVG).
const canvasDrawing = { texts: [], shapes: 0 };
function fakeContext2d() {
  const state = { font: '12px sans-serif' };
  return new Proxy(state, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'measureText')
        return (text) => ({ width: String(text).length * (Number(/(\d+)px/.exec(target.font)?.[1]) || 12) });
      if (key === 'fillText' || key === 'strokeText') return (text) => void canvasDrawing.texts.push(String(text));
      if (key === 'createLinearGradient' || key === 'createRadialGradient' || key === 'createPattern')
        return () => ({ addColorStop() {} });
      if (key === 'getImageData') return () => ({ data: new Uint8ClampedArray(4) });
      if (typeof key === 'symbol') return undefined;
      return () => {
        if (['fill', 'stroke', 'fillRect', 'strokeRect'].includes(key)) canvasDrawing.shapes++;
      };
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
}
known.createSelectorQuery = () => {
  const wanted = [];
  const query = {
    in: () => query,
    select(selector) {
      const ref = {
        fields(options, callback) {
          wanted.push({ selector, options, callback });
          return query;
        },
        boundingClientRect(callback) {
          wanted.push({ selector, options: { size: true }, callback });
          return query;
        },
        node(callback) {
          wanted.push({ selector, options: { node: true }, callback });
          return query;
        },
      };
      return ref;
    },
    selectViewport: () => ({ scrollOffset: () => query, boundingClientRect: () => query }),
    exec(callback) {
      const found = wanted.map(({ selector, options }) => {
        calls.push(`createSelectorQuery ${selector}`);
        const context = fakeContext2d();
        const node = { width: 375, height: 320, getContext: (type) => (type === '2d' ? context : null) };
        return { id: selector.replace(/^#/, ''), width: 375, height: 320, ...(options.node ? { node } : {}) };
      });
      setTimeout(() => {
        wanted.forEach((w, i) => w.callback?.(found[i]));
        callback?.(found);
      });
      return query;
    },
  };
  return query;
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

/** Loads a compiled page the way WeChat does and keeps its view tree up to date from setData. */
function openPage(route, query = {}) {
  pageConfig = undefined;
  createRequire(path.join(distDir, 'app.js'))(`./${route}.js`);
  if (!pageConfig) throw new Error(`${route} did not register with Page()`);
  const view = { root: { cn: [] } };
  const page = Object.assign(Object.create(pageConfig), {
    route,
    __route__: route,
    options: query,
    view,
    data: globalThis.structuredClone(pageConfig.data ?? {}),
    setData(update, callback) {
      rendered.push(JSON.stringify(update));
      for (const [key, value] of Object.entries(update)) {
        const keys = key.split('.').map((k) => (/^\[\d+\]$/.test(k) ? Number(k.slice(1, -1)) : k));
        let node = view;
        for (const k of keys.slice(0, -1)) node = node[k] ??= {};
        node[keys.at(-1)] = value;
      }
      if (callback) setTimeout(callback, 0);
    },
  });
  stack.splice(0, stack.length, page);
  page.onLoad?.call(page, query);
  page.onShow?.call(page);
  page.onReady?.call(page);
  return page;
}

const textOf = (node) => (node?.v ?? '') + (node?.cn ?? []).map(textOf).join('');
/** The innermost element matching, with its ancestors (innermost first). */
function findPath(node, match, ancestors = []) {
  const here = node?.sid ? [node, ...ancestors] : ancestors;
  for (const child of node?.cn ?? []) {
    const found = findPath(child, match, here);
    if (found) return found;
  }
  return node?.sid && match(node) ? here : null;
}
/** Waits for the innermost element showing `text` (or with class `cls`). */
async function element(page, { text, cls, exact }) {
  const match = (n) =>
    cls
      ? (n.cl ?? '').split(' ').includes(cls)
      : n.v === undefined && (exact ? textOf(n) === exact : textOf(n).includes(text));
  for (let i = 0; i < 300; i++) {
    const path = findPath(page.view.root, match);
    if (path) return path;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${text ?? exact ?? cls} on ${page.route}`);
}
/** WeChat calls the page's `eh` once per element on the way up (Taro itself does not bubble). */
function fire(page, [node, ...ancestors], type, detail = {}) {
  const target = { id: node.sid, dataset: {} };
  for (const current of [node, ...ancestors]) {
    page.eh({ type, timeStamp: Date.now(), target, currentTarget: { id: current.sid, dataset: {} }, detail });
  }
}
const recorderHandlers = {};
const recorder = {
  start(options) {
    calls.push(`recorder.start ${options.format} ${options.sampleRate} ${options.numberOfChannels}`);
  },
  stop() {
    calls.push('recorder.stop');
    setTimeout(() => recorderHandlers.stop?.({ tempFilePath: voicePath, duration: 3200, fileSize: fs.statSync(voicePath).size }));
  },
  onStop: (fn) => (recorderHandlers.stop = fn),
  onError: (fn) => (recorderHandlers.error = fn),
};
const tap = async (page, selector) => fire(page, await element(page, selector), 'tap');
async function until(what, ok, ms = 15_000) {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out: ${what}`);
}

let failure = null;
const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms));
try {
  const require = createRequire(path.join(distDir, 'app.js'));
  require('./app.js');
  if (!appConfig) throw new Error('app.js did not call App()');
  appConfig.onLaunch?.call(appConfig, { path: 'pages/status/index', query: {}, scene: 1001 });
  appConfig.onShow?.call(appConfig, { path: 'pages/status/index', query: {}, scene: 1001 });

  openPage('pages/status/index');

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
  console.log('✓ status page in the weapp runtime shows 正常, SQLite and the version from the real server');
  const statusPage = stack[0];
  await element(statusPage, { cls: 'page--large-text' });
  console.log('✓ with WeChat in care mode (fontSizeScaleFactor 1.4) the pages open in large-text mode');

  // Filing a demand: demo sign-in, GCJ-02 position, a compressed photo uploaded for real, submit.
  const login = openPage('pages/login/index', { redirect: '/pages/report/index' });
  await tap(login, { text: '演示登录' });
  await until('the demo sign-in stored a session', () => Boolean(storage.get('hotline.auth')?.includes('accessToken')));
  const accessToken = JSON.parse(storage.get('hotline.auth')).state.session.accessToken;

  const report = openPage('pages/report/index', { category: '010101', name: encodeURIComponent('路灯损坏') });
  await element(report, { text: '已选：路灯损坏' });
  const description = '小程序里反映：南湖路口路灯白天常亮，夜里反而不亮';
  fire(report, await element(report, { cls: 'report__textarea' }), 'input', { value: description });
  // Voice: the server (demo mode) says voice input is on; record, finish, the text is appended.
  await tap(report, { exact: '语音输入' });
  await tap(report, { exact: '说完了' });
  await element(report, { text: '已把您说的话加到问题描述里' });
  await tap(report, { text: '获取当前位置' });
  await element(report, { text: '已定位（误差约15米）' });
  await tap(report, { cls: 'report__add' });
  await element(report, { text: '照片（1/9，可选）' });
  await until('the photo finished uploading', () => !textOf(report.view.root).includes('上传中'));
  await tap(report, { text: '我已阅读并同意' });
  // A finger cannot tap twice in one tick: let React show the tick before 提交 is tapped.
  await element(report, { text: '☑ 我已阅读并同意' });
  await tap(report, { text: '提交' });
  await until('the report page moved on to the done page', () =>
    calls.some((c) => c.startsWith('redirectTo /pages/done/index')),
  );
  const doneUrl = calls.find((c) => c.startsWith('redirectTo /pages/done/index')).slice('redirectTo '.length);
  const doneQuery = Object.fromEntries(new globalThis.URLSearchParams(doneUrl.split('?')[1]));

  const done = openPage('pages/done/index', doneQuery);
  await element(done, { text: doneQuery.tn });
  await tap(done, { text: '接收办理进度通知' });
  await element(done, { text: '已开启办理进度通知' });

  const api = async (url) => {
    const res = await fetch(`http://localhost:${port}/api${url}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    return res.json();
  };
  const mine = (await api('/me/cases?limit=50')).items.filter((c) => c.description.startsWith(description));
  if (mine.length !== 1) throw new Error(`expected the case once on the server, found ${mine.length}`);
  if (!mine[0].description.slice(description.length).includes('演示'))
    throw new Error(`the spoken (demo) text never reached the description: ${mine[0].description}`);
  const detail = await api(`/cases/${mine[0].id}`);
  if (detail.trackingNumber !== doneQuery.tn)
    throw new Error(`done page showed ${doneQuery.tn}, server has ${detail.trackingNumber}`);
  if (detail.media.length !== 1) throw new Error(`expected 1 photo on the case, found ${detail.media.length}`);
  if (!detail.area?.located || !detail.area.townshipCode)
    throw new Error(`no township resolved from the GCJ-02 point: ${JSON.stringify(detail.area)}`);
  for (const expected of [
    'getLocation gcj02',
    'chooseMedia',
    'compressImage',
    'uploadFile file',
    'recorder.start mp3 16000 1',
    'recorder.stop',
    'requestSubscribeMessage',
  ])
    if (!calls.some((c) => c.startsWith(expected))) throw new Error(`the flow never called wx.${expected}`);
  console.log(
    `✓ filing in the weapp runtime: ${detail.trackingNumber} once on the server, 1 photo, township ${detail.area.townshipCode}, the description partly spoken (recorded, uploaded, transcribed)`,
  );

  // A handler signs in on the staff home, binds WeChat and subscribes from a tap; a dispatch to
  // their unit then reaches WeChat with a page the built app.json declares.
  const staffHome = openPage('staff/pages/home/index');
  await tap(staffHome, { text: '承办人' });
  await element(staffHome, { text: '✓ 承办人' });
  await tap(staffHome, { exact: '登录' });
  await tap(staffHome, { text: '接收微信工单提醒' });
  await element(staffHome, { text: '已开启提醒' });
  if (!calls.includes('login')) throw new Error('binding never called wx.login');
  if (!calls.includes(`requestSubscribeMessage ${STAFF_TEMPLATE}`))
    throw new Error(`the staff tap did not ask for ${STAFF_TEMPLATE}`);

  const call = async (method, url, token, body) => {
    const res = await fetch(`http://localhost:${port}/api${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const demo = async (body) => (await call('POST', '/auth/dev-login', '', body)).accessToken;
  const operator = await demo({ role: 'operator' });
  const dispatcher = await demo({ role: 'dispatcher' });
  const t01 = (await call('GET', '/staff/directory', dispatcher)).units.find((u) => u.code === 'T01');

  // The handler's queue is open and empty; the app then goes to the background.
  const queue = openPage('staff/pages/queue/index', { set: 'work' });
  await element(queue, { text: '暂无工单' });
  await element(queue, { text: '定时刷新中' });
  appConfig.onHide?.call(appConfig);
  queue.onHide?.call(queue);
  await call('POST', `/staff/cases/${detail.id}/accept`, operator, {});
  await call('POST', `/staff/cases/${detail.id}/dispatch`, dispatcher, { leadUnitId: t01.id });
  // Back in the foreground, WeChat shows the page again: the dispatched case is listed at once.
  appConfig.onShow?.call(appConfig, { path: 'staff/pages/queue/index', query: {}, scene: 1001 });
  queue.onShow?.call(queue);
  await element(queue, { text: detail.trackingNumber });
  // The home page's 消息 badge counts the new dispatch when it shows again.
  staffHome.onShow?.call(staffHome);
  const [badge] = await element(staffHome, { cls: 'staff-badge' });
  if (!(Number(textOf(badge)) >= 1)) throw new Error(`the inbox badge shows ${textOf(badge)}`);
  console.log(`✓ staff queue in the weapp runtime: back in the foreground it lists ${detail.trackingNumber}; the inbox badge shows ${textOf(badge)}`);
  await until('the dispatch reached the handler on WeChat', () =>
    wechatSends.some((m) => m.touser === 'openid-staff-t01' && m.template_id === STAFF_TEMPLATE),
  );
  const message = wechatSends.find((m) => m.touser === 'openid-staff-t01');
  const appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8'));
  const pages = [
    ...appJson.pages,
    ...(appJson.subPackages ?? appJson.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`)),
  ];
  const page = message.page.split('?')[0];
  if (!pages.includes(page)) throw new Error(`the WeChat message opens ${page}, which app.json does not declare`);
  if (!message.page.endsWith(`id=${detail.id}`)) throw new Error(`the WeChat message opens ${message.page}`);
  console.log(`✓ staff on WeChat: a handler bound WeChat from a tap and the dispatch reached them, opening ${page}`);

  // With the app in front, the queue reads itself again every 20 s: a second dispatch shows up
  // without any tap.
  const resident = await demo({ role: 'resident' });
  const second = await (
    await fetch(`http://localhost:${port}/api/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${resident}`,
        'content-type': 'application/json',
        'idempotency-key': `runtime-poll-${Date.now()}`,
      },
      body: JSON.stringify({
        demandType: 'help',
        categoryCode: '010101',
        description: '轮询测试：府前路路灯不亮',
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      }),
    })
  ).json();
  await call('POST', `/staff/cases/${second.id}/accept`, operator, {});
  await call('POST', `/staff/cases/${second.id}/dispatch`, dispatcher, { leadUnitId: t01.id });
  const polledFrom = Date.now();
  await until('the queue listed the second dispatch by polling', () => textOf(queue.view.root).includes(second.trackingNumber), 25_000);
  console.log(`✓ staff queue in the weapp runtime: the 20 s poll listed ${second.trackingNumber} after ${Math.round((Date.now() - polledFrom) / 1000)} s`);

  // The admin console on a phone: an admin signs in on the staff home, renames a unit (a small
  // edit, checked with the API's schema and the row's version) and reads the health page.
  await tap(staffHome, { exact: '退出登录' });
  await tap(staffHome, { text: '管理员' });
  await element(staffHome, { text: '✓ 管理员' });
  await tap(staffHome, { exact: '登录' });
  await element(staffHome, { exact: '退出登录' });
  const units = openPage('admin/pages/units/index');
  await tap(units, { exact: '北山镇人民政府' });
  await element(units, { text: 'T03 · ' });
  fire(units, await element(units, { cls: 'admin-input' }), 'input', { value: '北山镇政府', cursor: 5 });
  await element(units, { exact: '保存' });
  await tap(units, { exact: '保存' });
  await element(units, { exact: '已保存' });
  const admin = await demo({ role: 'admin' });
  const renamed = (await call('GET', '/admin/units', admin)).find((u) => u.code === 'T03');
  if (renamed.name !== '北山镇政府' || renamed.version !== 2)
    throw new Error(`the weapp rename left T03 as ${JSON.stringify(renamed)}`);
  const health = openPage('admin/pages/health/index');
  await element(health, { exact: 'SQLite' });
  await tap(health, { exact: '立即校验' });
  await element(health, { text: '校验通过' });
  console.log('✓ admin on WeChat: renamed a unit from the units page and checked the audit trail on the health page');

  // The analytics subpackage on WeChat: the trends page asks for its canvas node and ECharts draws
  // the year's bars and rate lines on it, axis names included.
  const trends = openPage('analytics/pages/trends/index');
  await element(trends, { text: '按月' });
  await until('ECharts drew the trend chart on the Canvas 2D node', () =>
    canvasDrawing.texts.includes('受理量') && canvasDrawing.shapes > 0,
  );
  console.log(
    `✓ analytics on WeChat: the trends page drew its chart on the canvas node (${canvasDrawing.shapes} shapes, texts ${[...new Set(canvasDrawing.texts)].slice(0, 6).join(' · ')})`,
  );
  // The hot-spot map: the county's townships from the seed's GeoJSON drawn on its own canvas, no tiles.
  const shapesBefore = canvasDrawing.shapes;
  const hotspots = openPage('analytics/pages/hotspots/index');
  await element(hotspots, { text: '诉求分类' });
  await until('ECharts drew the townships on the map canvas', () => canvasDrawing.shapes >= shapesBefore + 6);
  console.log(`✓ analytics on WeChat: the hot-spot page drew the county map on its canvas node (${canvasDrawing.shapes - shapesBefore} shapes)`);

  // The weekly bulletin on WeChat: the scheduler (every 30 s) has issued last week's; its page
  // downloads the PDF with the token in the header and opens it in WeChat's document viewer.
  let bulletins = [];
  await until('the scheduler issued last week’s bulletin', async () => (bulletins = (await call('GET', '/analytics/bulletins', admin)).items).length > 0, 45_000);
  const bulletin = openPage('analytics/pages/bulletin/index', { id: String(bulletins[0].id) });
  await element(bulletin, { exact: '受理概况' });
  await tap(bulletin, { exact: '下载PDF' });
  await until('WeChat opened the bulletin’s PDF', () => calls.includes('openDocument pdf %PDF-'));
  if (!calls.includes('downloadFile with a bearer token')) throw new Error('the PDF was downloaded without the access token');
  console.log(`✓ analytics on WeChat: the bulletin of ${bulletins[0].weekStart} downloaded with the token and opened as a PDF in WeChat's viewer`);

  // The measures page exports its table: on WeChat only as Excel (openDocument opens no CSV),
  // downloaded with the token and opened in the document viewer (an xlsx is a zip: 'PK').
  const measures = openPage('staff/pages/measures/index');
  await element(measures, { exact: '导出 Excel' });
  const downloadsBefore = calls.filter((c) => c === 'downloadFile with a bearer token').length;
  await tap(measures, { exact: '导出 Excel' });
  await until('WeChat opened the measures workbook', () => calls.some((c) => c.startsWith('openDocument xlsx PK')));
  if (calls.filter((c) => c === 'downloadFile with a bearer token').length !== downloadsBefore + 1)
    throw new Error('the workbook was not downloaded with the access token');
  await element(measures, { text: '已导出 考核指标-' });
  console.log("✓ staff on WeChat: the measures page exported its table as Excel and opened it in WeChat's viewer");
} catch (error) {
  failure = error;
} finally {
  server.kill('SIGTERM');
  fakeWechat.closeAllConnections();
  fakeWechat.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(`wx.request calls: ${requests.join(', ') || 'none'}`);
console.log(`setData calls: ${rendered.length}`);
if (unknownApis.size)
  console.log(`wx APIs the bundle touched that the fake leaves empty: ${[...unknownApis].join(', ')}`);
if (failure) {
  console.log(`✗ weapp runtime: ${failure.stack ?? failure}`);
  console.log(`wx calls: ${calls.join(' | ')}`);
  console.log(`WeChat sends: ${JSON.stringify(wechatSends).slice(0, 600)}`);
  console.log(`${stack[0]?.route} shows: ${textOf(stack[0]?.view?.root).slice(0, 800)}`);
  console.log(`last setData: ${rendered.at(-1)?.slice(0, 600) ?? 'none'}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log('10 passed, 0 failed');
// The server child may still be shutting down; this check is done.
process.exit(0);
