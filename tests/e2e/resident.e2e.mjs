// End-to-end proof of the resident H5 app: sign in, file a demand with photos and a location,
// find it in my cases. Same harness as shell.e2e.mjs: the real server (SQLite, demo mode) serves
// the built H5 app and the API; Debian's Chromium opens it on a phone-sized
// screen. Needs: `npm run build -w @hotline/core && npm run build -w @hotline/server`
// and `npm run build:h5 -w @hotline/client`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib, { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const serverMain = path.join(repoRoot, 'server/dist/main.js');
const webDir = path.join(repoRoot, 'apps/client/dist/h5');
const artifacts = path.join(repoRoot, 'tests/artifacts');
// What a phone downloads before the home page shows (measured 116 KB gzip in Nov 2026; target 120).
const FIRST_LOAD_JS_GZIP_BUDGET = 125 * 1024;
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

for (const [file, hint] of [
  [serverMain, 'npm run build -w @hotline/core && npm run build -w @hotline/server'],
  [path.join(webDir, 'index.html'), 'npm run build:h5 -w @hotline/client'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`Missing ${path.relative(repoRoot, file)}: run \`${hint}\` first.`);
    process.exit(2);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [serverMain], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOTLINE_DATA_DIR: dataDir, HOTLINE_DEMO: '1', HOTLINE_WEB_DIR: webDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${log}`)), 60_000);
    const onData = (chunk) => {
      log += chunk;
      if (log.includes(`http://localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  await ready;
  return { url: `http://localhost:${port}`, child, log: () => log };
}

function png(width, height, [r, g, b]) {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([r, g, b]))]);
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `resident-${name}.png`), fullPage: true });
const visible = (page, text) => page.getByText(text, { exact: true }).filter({ visible: true }).first();
const fill = async (page, label, value) => {
  const field = page.locator(`[aria-label="${label}"]`).filter({ visible: true }).first();
  await field.locator('input, textarea').first().fill(value);
};

async function signIn(page, baseUrl) {
  await page.goto(`${baseUrl}/`);
  await page.locator('.nut-button', { hasText: '我要反映' }).click({ timeout: 20_000 });
  // The persistent context keeps the session of an earlier test: then 我要反映 opens the form at once.
  await page.waitForURL(/\/pages\/(login|report)\/index/, { timeout: 10_000 });
  if (/\/pages\/login\/index/.test(page.url())) {
    await page.locator('.nut-button', { hasText: '演示登录' }).click({ timeout: 15_000 });
    await page.waitForURL(/\/pages\/report\/index/, { timeout: 10_000 });
  }
}

const tokenOf = (page) =>
  page.evaluate(() => JSON.parse(globalThis.localStorage.getItem('hotline.auth')).state.session.accessToken);

async function myCases(page, baseUrl) {
  const res = await fetch(`${baseUrl}/api/me/cases?limit=50`, {
    headers: { authorization: `Bearer ${await tokenOf(page)}` },
  });
  if (!res.ok) throw new Error(`GET /api/me/cases answered ${res.status}`);
  return (await res.json()).items;
}

/** Category, description, position and one photo, as a resident fills them in. */
async function fillDraft(page, description, color = [30, 160, 60]) {
  await fill(page, '问题分类', '路灯');
  await visible(page, '路灯损坏').click({ timeout: 15_000 });
  await visible(page, '已选：路灯损坏').waitFor();
  await fill(page, '问题描述', description);
  await page.locator('.nut-button', { hasText: '获取当前位置' }).click();
  await page.getByText('已定位（误差约20米）').first().waitFor({ timeout: 15_000 });
  await page.locator('.report__add').click();
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await visible(page, '从相册选择').click({ timeout: 10_000 });
  await (await chooser).setFiles([{ name: 'c.png', mimeType: 'image/png', buffer: png(40, 30, color) }]);
  await page.getByText('照片（1/9，可选）').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !globalThis.document.body.innerText.includes('上传中'), null, { timeout: 20_000 });
}

test('a resident files a demand with two photos and the current position, then finds it in my cases', async ({
  page,
  baseUrl,
}) => {
  await signIn(page, baseUrl);
  await fill(page, '问题分类', '路灯');
  await visible(page, '路灯损坏').click({ timeout: 15_000 });
  await visible(page, '已选：路灯损坏').waitFor();
  await fill(page, '问题描述', '府前路小区门口的路灯连续三晚不亮，晚上出行不便');
  await page.locator('.nut-button', { hasText: '获取当前位置' }).click();
  await page
    .getByText(/已定位/)
    .first()
    .waitFor({ timeout: 15_000 });
  await page.locator('.report__add').click();
  // On a phone Taro first asks camera or album.
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await visible(page, '从相册选择').click({ timeout: 10_000 });
  await (
    await chooser
  ).setFiles([
    { name: 'a.png', mimeType: 'image/png', buffer: png(64, 48, [200, 30, 30]) },
    { name: 'b.png', mimeType: 'image/png', buffer: png(48, 64, [30, 30, 200]) },
  ]);
  await page.getByText('照片（2/9，可选）').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !globalThis.document.body.innerText.includes('上传中'), null, { timeout: 20_000 });
  await page.getByRole('checkbox').first().click();
  await shot(page, 'report');
  await page.locator('.nut-button', { hasText: '提交' }).click();
  await page.waitForURL(/\/pages\/done\/index/, { timeout: 15_000 });
  const trackingNumber = (await page.locator('.done__number').first().innerText()).trim();
  if (!/^HL\d{8}-\d{6}$/.test(trackingNumber)) throw new Error(`no tracking number shown: ${trackingNumber}`);
  await visible(page, '已根据位置确定所属乡镇和村（社区）').waitFor();
  await shot(page, 'done');

  const token = await tokenOf(page);
  const mine = await (
    await fetch(`${baseUrl}/api/me/cases?limit=50`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  const filed = mine.items.filter((c) => c.trackingNumber === trackingNumber);
  if (filed.length !== 1) throw new Error(`expected the case once in my cases, got ${filed.length}`);
  const detail = await (
    await fetch(`${baseUrl}/api/cases/${filed[0].id}`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  if (detail.media.length !== 2) throw new Error(`expected 2 photos on the case, got ${detail.media.length}`);

  await page.goto(`${baseUrl}/pages/cases/index`);
  await page.getByText('府前路小区门口的路灯连续三晚不亮，晚上出行不便').first().waitFor({ timeout: 15_000 });
  await shot(page, 'cases');
});

test('a draft survives a reload: its text, photo and position come back', async ({ page, baseUrl }) => {
  await signIn(page, baseUrl);
  const description = '滨河路公交站旁的路灯杆被撞歪，存在倒伏风险';
  await fillDraft(page, description);
  await page.reload();
  await visible(page, '已恢复您上次未提交的内容').waitFor({ timeout: 20_000 });
  const text = await page.locator('[aria-label="问题描述"] textarea').filter({ visible: true }).first().inputValue();
  if (text !== description) throw new Error(`description after reload: ${JSON.stringify(text)}`);
  await visible(page, '已选：路灯损坏').waitFor();
  await page.getByText('照片（1/9，可选）').first().waitFor();
  // The thumbnail is the server's copy: it must load again, not only be counted.
  await page.waitForFunction(
    () => [...globalThis.document.querySelectorAll('.report__thumb img')].some((img) => img.naturalWidth > 0),
    null,
    { timeout: 15_000 },
  );
  await page.getByText('已定位（误差约20米）').first().waitFor();
  await shot(page, 'draft-restored');
  await visible(page, '重新填写').click();
  await page.getByText('照片（0/9，可选）').first().waitFor();
});

test('the network drops after the server filed the demand: retrying in the app files it once', async ({
  page,
  baseUrl,
}) => {
  await signIn(page, baseUrl);
  const description = '东门菜市场夜间施工噪声扰民，持续到凌晨两点';
  await fillDraft(page, description, [120, 60, 200]);
  await page.getByRole('checkbox').first().click();
  let firstAnswer = null;
  await page.route('**/api/cases', async (route) => {
    if (route.request().method() !== 'POST' || firstAnswer) return route.fallback();
    // The request reaches the server and the case is created; the phone never hears back.
    const response = await route.fetch();
    firstAnswer = { status: response.status(), body: await response.json() };
    await route.abort('internetdisconnected');
  });
  await page.locator('.nut-button', { hasText: '提交' }).click();
  await visible(page, '网络不太好，请稍后重试；已填写的内容会保留，不会重复提交').waitFor({ timeout: 20_000 });
  if (firstAnswer?.status !== 201) throw new Error(`first submit reached the server as ${JSON.stringify(firstAnswer)}`);
  const created = (await myCases(page, baseUrl)).filter((c) => c.description === description);
  if (created.length !== 1)
    throw new Error(`the lost answer should leave 1 case on the server, found ${created.length}`);
  await shot(page, 'network-lost');

  await page.locator('.nut-button', { hasText: '提交' }).click();
  await page.waitForURL(/\/pages\/done\/index/, { timeout: 15_000 });
  const trackingNumber = (await page.locator('.done__number').first().innerText()).trim();
  if (trackingNumber !== firstAnswer.body.trackingNumber)
    throw new Error(`retry showed ${trackingNumber}, the server filed ${firstAnswer.body.trackingNumber}`);
  const filed = (await myCases(page, baseUrl)).filter((c) => c.description === description);
  if (filed.length !== 1) throw new Error(`expected exactly one case after the retry, found ${filed.length}`);
});

test('a resident opens a case from my cases and adds a supplement', async ({ page, baseUrl }) => {
  await signIn(page, baseUrl);
  const [target] = (await myCases(page, baseUrl)).filter((c) => c.description.startsWith('府前路小区门口'));
  if (!target) throw new Error('the case filed by the first test is not in my cases');
  await page.goto(`${baseUrl}/pages/cases/index`);
  await page.getByText(target.description).first().click({ timeout: 15_000 });
  await page.waitForURL(/\/resident\/case\/index\?id=/, { timeout: 10_000 });
  await visible(page, target.trackingNumber).waitFor({ timeout: 15_000 });
  await shot(page, 'case');
  await page.locator('.nut-button', { hasText: '补充材料' }).click();
  const supplement = '补充：路灯编号 FQ-017，位于小区南门东侧';
  await fill(page, '补充材料', supplement);
  await page.locator('.card .nut-button', { hasText: '提交' }).filter({ visible: true }).first().click();
  await page.getByText(supplement).first().waitFor({ timeout: 15_000 });
  await shot(page, 'case-supplemented');
  const detail = await (
    await fetch(`${baseUrl}/api/cases/${target.id}`, { headers: { authorization: `Bearer ${await tokenOf(page)}` } })
  ).json();
  if (!detail.timeline.some((event) => event.text === supplement))
    throw new Error(`the supplement is not on the case timeline: ${JSON.stringify(detail.timeline)}`);
});

test('a resident turns on browser notifications: the subscription made with the VAPID key reaches the server', async ({
  page,
  baseUrl,
}) => {
  await page.context().grantPermissions(['notifications'], { origin: baseUrl });
  // Headless Chromium cannot reach a real push service: the browser's subscribe answers a made-up
  // subscription and keeps the key it was given, the rest (service worker, API) is the real thing.
  await page.addInitScript(() => {
    globalThis.PushManager.prototype.subscribe = async function subscribe(options) {
      const bytes = new Uint8Array(options.applicationServerKey);
      globalThis.subscribedWithKey = globalThis
        .btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
      return {
        toJSON: () => ({
          endpoint: 'https://push.example.test/send/e2e-resident',
          expirationTime: null,
          keys: {
            p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
            auth: 'tBHItJI5svbpez7KI4CCXg',
          },
        }),
      };
    };
  });
  await signIn(page, baseUrl);
  await page.goto(`${baseUrl}/resident/settings/index`);
  const saved = page.waitForResponse(
    (res) => res.url().endsWith('/api/me/subscriptions/push') && res.request().method() === 'POST',
    { timeout: 20_000 },
  );
  await page.locator('.nut-button', { hasText: '消息通知' }).click({ timeout: 20_000 });
  if ((await saved).status() !== 201) throw new Error(`saving the subscription answered ${(await saved).status()}`);
  await visible(page, '已开启通知').waitFor({ timeout: 10_000 });
  await shot(page, 'settings-push');
  const { publicKey } = await (await fetch(`${baseUrl}/api/push/vapid-public-key`)).json();
  const used = await page.evaluate(() => globalThis.subscribedWithKey);
  if (!publicKey || used !== publicKey) throw new Error(`subscribed with ${used}, the server's key is ${publicKey}`);
});

fs.mkdirSync(artifacts, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-e2e-data-'));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-e2e-chromium-'));
let server;
let context;
let passed = 0;
let failed = 0;
try {
  server = await startServer(dataDir);
  const health = await (await fetch(`${server.url}/api/health`)).json();
  console.log(`server ${server.url} · health ${JSON.stringify(health)}`);
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { latitude: 30.5, longitude: 114.9, accuracy: 20 },
    permissions: ['geolocation'],
    timezoneId: 'Asia/Shanghai',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  });

  for (const { name, fn } of tests) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const scripts = [];
    page.on('request', (request) => {
      const { origin, pathname } = new URL(request.url());
      if (origin === server.url && pathname.endsWith('.js')) {
        const body = fs.readFileSync(path.join(webDir, pathname));
        scripts.push({ url: pathname, raw: body.length, gzip: gzipSync(body).length });
      }
    });
    const firstLoad = {
      report() {
        const loaded = scripts;
        const raw = loaded.reduce((sum, s) => sum + s.raw, 0);
        const gzip = loaded.reduce((sum, s) => sum + s.gzip, 0);
        console.log(
          `  first-load JS: ${loaded.length} files, ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip`,
        );
        if (gzip > FIRST_LOAD_JS_GZIP_BUDGET) {
          throw new Error(
            `first-load JS ${(gzip / 1024).toFixed(1)} KB gzip exceeds the ${FIRST_LOAD_JS_GZIP_BUDGET / 1024} KB budget`,
          );
        }
      },
    };
    try {
      await fn({ page, baseUrl: server.url, firstLoad });
      if (problems.length) throw new Error(problems.join('\n'));
      passed++;
      console.log(`✓ ${name}`);
    } catch (error) {
      failed++;
      console.log(
        `✗ ${name}\n  ${String(error.stack ?? error)
          .split('\n')
          .slice(0, 6)
          .join('\n  ')}`,
      );
      await page
        .screenshot({ path: path.join(artifacts, `resident-failure-${passed + failed}.png`), fullPage: true })
        .catch(() => {});
    } finally {
      await page.close();
    }
  }
} catch (error) {
  failed += tests.length - passed - failed;
  console.log(`✗ setup failed: ${error.message}`);
} finally {
  await context?.close().catch(() => {});
  if (server) {
    server.child.kill('SIGTERM');
    if (failed) console.log(`--- server log ---\n${server.log().slice(-3000)}`);
  }
  fs.rmSync(userDataDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
