// End-to-end proof of the resident H5 app: sign in, file a demand with photos and a location,
// find it in my cases. Same harness as shell.e2e.mjs: the real server (SQLite, demo mode) serves
// the built H5 app and the API; Debian's Chromium opens it on a phone-sized
// screen. Needs: `npm run build -w @hotline/core && npm run build -w @hotline/server`
// and `npm run build:h5 -w @hotline/client`.
import zlib from 'node:zlib';
import {
  fillLabelled as fill,
  phoneProfileSetup,
  requireBuilds,
  runSuite,
  screenshotter,
  suite,
  visible,
} from './support.mjs';

requireBuilds();

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

const { tests, test } = suite();
const shot = screenshotter('resident');

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
  // The done page promises acceptance by the case's own acceptance deadline.
  if (!detail.deadline?.dueAt) throw new Error(`a filed case has no acceptance clock: ${JSON.stringify(detail.deadline)}`);
  const acceptBy = new Date(detail.deadline.dueAt).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const [, mo, d, hh, mm] = /(\d+)\/(\d+)\D+(\d+):(\d+)/.exec(acceptBy);
  await visible(page, `热线中心将在 ${mo}月${d}日 ${hh.padStart(2, '0')}:${mm} 前受理`).waitFor({ timeout: 5_000 });

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
  // Where it is: the county's townships with the point (drawn without any tile service), and
  // links that open the point in a map app.
  const map = page.locator('.location-map img, .location-map [aria-label^="诉求位置"]').first();
  await map.waitFor({ timeout: 15_000 });
  const box = await map.boundingBox();
  if (!box || box.height < 100) throw new Error(`the case map is ${JSON.stringify(box)}`);
  for (const app of ['amap', 'baidu', 'tencent']) {
    const href = await page.locator(`.location-map a[data-app="${app}"]`).getAttribute('href');
    if (!/^https:\/\/(uri\.amap\.com|api\.map\.baidu\.com|apis\.map\.qq\.com)\//.test(href ?? ''))
      throw new Error(`the ${app} link is ${href}`);
  }
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
          endpoint: 'https://fcm.googleapis.com/fcm/send/e2e-resident',
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

await runSuite({
  tests,
  setup: phoneProfileSetup('resident', {
    geolocation: { latitude: 30.5, longitude: 114.9, accuracy: 20 },
    permissions: ['geolocation'],
  }),
});
