// End-to-end proof of the H5 shell: the real server (SQLite, demo mode) serves
// the built H5 app and the API; Debian's Chromium opens it on a phone-sized
// screen. Needs: `npm run build -w @hotline/core && npm run build -w @hotline/server`
// and `npm run build:h5 -w @hotline/client`.
import path from 'node:path';
import { artifacts, PHONE, phoneProfileSetup, requireBuilds, runSuite, suite } from './support.mjs';

const COUNTY_TITLE = '云泽县12345';

requireBuilds();

const { tests, test } = suite();
/** The active service worker's script URL; fails when none activates within 15 s. */
const serviceWorkerReady = (page) =>
  page.evaluate(() =>
    Promise.race([
      globalThis.navigator.serviceWorker.ready.then((registration) => registration.active.scriptURL),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker became active')), 15_000)),
    ]),
  );

test('home page shows the county hotline and its report button', async ({ page, baseUrl, firstLoad }) => {
  await page.goto(`${baseUrl}/`);
  // Taro's H5 navigation bar repeats the title, hidden: look at what is shown.
  await page.getByText(COUNTY_TITLE, { exact: true }).filter({ visible: true }).waitFor({ timeout: 20_000 });
  // Taro's H5 button is a custom element without a button role: find it by its class.
  const report = page.locator('.nut-button', { hasText: '我要反映' });
  await report.waitFor();
  await page.getByText('大字模式', { exact: true }).first().waitFor();
  await page.screenshot({ path: path.join(artifacts, 'shell-home.png'), fullPage: true });
  await firstLoad.report();
  // Signed out, 我要反映 asks to sign in first and comes back to the form.
  await report.click();
  await page.waitForURL(/\/pages\/login\/index\?redirect=/, { timeout: 10_000 });
  await page.getByText('获取验证码', { exact: true }).first().waitFor({ timeout: 10_000 });
});

test("the home page's 我要反映 is parsed from the HTML while stylesheets are still on their way, in large text when chosen", async ({
  context,
  baseUrl,
}) => {
  const heights = {};
  // Its own context, without service workers: one that an earlier visit installed would answer the
  // requests itself, past these routes.
  const fresh = await context.browser().newContext({ ...PHONE, serviceWorkers: 'block' });
  for (const large of [false, true]) {
    const page = await fresh.newPage();
    await page.addInitScript((chosen) => globalThis.localStorage.setItem('hotline.largeText', chosen ? '1' : '0'), large);
    // The app's scripts never arrive: what shows is index.html's own header and button.
    await page.route(/\.js(\?|$)/, (route) => route.abort());
    // Every stylesheet request is held back (the app's own stylesheet is written into index.html).
    let releaseStylesheets;
    const stylesheetsHeld = new Promise((resolve) => (releaseStylesheets = resolve));
    await page.route(/\.css(\?|$)/, async (route) => {
      await stylesheetsHeld;
      await route.continue();
    });
    await page.goto(`${baseUrl}/`, { waitUntil: 'commit' });
    // A script placed after a stylesheet's link would hold the parser here until it arrived.
    await page
      .waitForFunction(() => globalThis.document.querySelector('#boot .nut-button') !== null, null, { timeout: 5_000 })
      .catch(() => {
        throw new Error('the shell was not parsed while the stylesheets were held back');
      });
    releaseStylesheets();
    const button = page.locator('#boot .nut-button', { hasText: '我要反映' });
    await button.waitFor();
    if ((await button.getAttribute('href')) !== '/pages/report/index') throw new Error('the shell\'s 我要反映 does not lead to the form');
    heights[large] = (await button.boundingBox()).height;
    await page.close();
  }
  await fresh.close();
  if (!(heights.true > heights.false)) throw new Error(`large text did not enlarge the shell's button: ${JSON.stringify(heights)}`);
});

test('status page shows the health the API reports', async ({ page, baseUrl }) => {
  await page.goto(`${baseUrl}/`);
  await page.getByText('查看服务状态', { exact: true }).first().click({ timeout: 20_000 });
  await page.waitForURL(/\/pages\/status\/index/, { timeout: 10_000 });
  await page.getByText('正常', { exact: true }).first().waitFor({ timeout: 15_000 });
  await page.getByText('SQLite', { exact: true }).first().waitFor();
  await page.getByText('演示模式', { exact: true }).first().waitFor();
  // Let the page slide-in animation finish before taking the picture.
  await page.waitForFunction(() => globalThis.document.body.scrollWidth <= globalThis.innerWidth);
  await page.screenshot({ path: path.join(artifacts, 'shell-status.png'), fullPage: true });
});

test('status page opens from its own address (browser history routing)', async ({ page, baseUrl }) => {
  await page.goto(`${baseUrl}/pages/status/index`);
  await page.getByText('正常', { exact: true }).first().waitFor({ timeout: 20_000 });
  await page.getByText('SQLite', { exact: true }).first().waitFor();
});

test('the app installs as a web app: manifest, icons, and a service worker that shows pushes', async ({
  page,
  baseUrl,
}) => {
  const manifest = await (await fetch(`${baseUrl}/manifest.webmanifest`)).json();
  if (manifest.name !== '云泽县12345' || manifest.lang !== 'zh-CN')
    throw new Error(`unexpected manifest ${JSON.stringify(manifest)}`);
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size);
    const res = icon && (await fetch(`${baseUrl}${icon.src}`));
    if (!res?.ok || res.headers.get('content-type') !== 'image/png') throw new Error(`icon ${size} is not served`);
  }
  await page.goto(`${baseUrl}/`);
  const linked = await page.locator('link[rel="manifest"]').getAttribute('href');
  if (linked !== '/manifest.webmanifest') throw new Error(`index.html links the manifest as ${linked}`);
  const scriptURL = await serviceWorkerReady(page);
  if (scriptURL !== `${baseUrl}/sw.js`) throw new Error(`service worker ${scriptURL}`);
  await page.waitForFunction(() => globalThis.navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });

  // A push as the server sends it ({ title, body, url }) becomes a notification pointing at the case.
  await page.context().grantPermissions(['notifications'], { origin: baseUrl });
  const cdp = await page.context().newCDPSession(page);
  const registrationId = new Promise((resolve) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${baseUrl}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  const message = { title: '您的诉求有新进展', body: '城关镇已签收', url: '/resident/case/index?id=e2e' };
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: baseUrl,
    registrationId: await registrationId,
    data: JSON.stringify(message),
  });
  let notification;
  for (let tries = 0; !notification && tries < 50; tries++) {
    notification = await page.evaluate(async () => {
      const registration = await globalThis.navigator.serviceWorker.ready;
      const [shown] = await registration.getNotifications();
      return shown && { title: shown.title, body: shown.body, url: shown.data?.url };
    });
    if (!notification) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (JSON.stringify(notification) !== JSON.stringify(message))
    throw new Error(`push showed ${JSON.stringify(notification)}`);

  // Tapping it opens the case in the app's window: the worker receives notificationclick.
  const worker =
    page.context().serviceWorkers().find((w) => w.url() === `${baseUrl}/sw.js`) ??
    (await page.context().waitForEvent('serviceworker', { timeout: 10_000 }));
  await worker.evaluate(async () => {
    const [shown] = await globalThis.registration.getNotifications();
    globalThis.dispatchEvent(new globalThis.NotificationEvent('notificationclick', { notification: shown }));
  });
  await page.waitForURL(`${baseUrl}${message.url}`, { timeout: 10_000 });
  const left = await worker.evaluate(async () => (await globalThis.registration.getNotifications()).length);
  if (left !== 0) throw new Error(`${left} notification(s) still shown after the tap`);
});

test('after one visit the app shell opens with the network off', async ({ page, baseUrl, context }) => {
  await page.goto(`${baseUrl}/`);
  await serviceWorkerReady(page);
  await context.setOffline(true);
  try {
    const offline = await page.evaluate(async () => {
      try {
        await fetch('/api/health', { cache: 'no-store' });
        return false;
      } catch {
        return true;
      }
    });
    if (!offline) throw new Error('the context is not offline: the API still answered');
    await page.reload();
    await page.getByText(COUNTY_TITLE, { exact: true }).filter({ visible: true }).waitFor({ timeout: 20_000 });
    await page.locator('.nut-button', { hasText: '我要反映' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'shell-offline.png'), fullPage: true });
  } finally {
    await context.setOffline(false);
  }
});

await runSuite({ tests, setup: phoneProfileSetup('shell') });
