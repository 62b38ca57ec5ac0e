// End-to-end proof of the public pages (no sign-in) in Chromium on a phone: typical cases with
// their filters, map and detail, the statistics, and the status look-up by tracking number +
// last four phone digits. The published case is prepared over the API the way the centre does it.
// Needs the server and H5 builds (see support.mjs).
import { apiOf, fillLabelled as fill, phoneProfileSetup, requireBuilds, runSuite, screenshotter, suite, visible } from './support.mjs';

requireBuilds();

const { tests, test } = suite();
const shot = screenshotter('public');
const CALLER = '13912345678';
let prepared;

/** A closed case with the filer's consent, moderated and published; and a phone call's tracking number. */
async function prepare(baseUrl) {
  if (prepared) return prepared;
  const api = apiOf(baseUrl);
  const login = async (role, unitCode) => (await api('POST', '/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } })).accessToken;
  const [resident, operator, dispatcher, supervisor] = await Promise.all(['resident', 'operator', 'dispatcher', 'supervisor'].map((r) => login(r)));
  const filed = await api('POST', '/cases', {
    token: resident,
    headers: { 'idempotency-key': `public-e2e-${Date.now()}` },
    body: {
      demandType: 'help',
      categoryCode: '010101',
      description: `我是张秀英，电话${CALLER}，府前路12号门口路灯连续三晚不亮`,
      location: { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84' },
      address: '城关街道府前路12号',
      contactName: '张秀英',
      publishConsent: true,
      privacyConsentVersion: '2026-01',
    },
  });
  const act = (token, action, body = {}) => api('POST', `/staff/cases/${filed.id}/${action}`, { token, body });
  await act(operator, 'accept');
  const lead = (await api('GET', `/staff/cases/${filed.id}/dispatch-suggestions`, { token: dispatcher })).suggestions[0].lead[0];
  await act(dispatcher, 'dispatch', { leadUnitId: lead.unitId });
  const handler = await login('handler', lead.code);
  await act(handler, 'sign');
  await act(handler, 'reply', { text: '已更换路灯灯泡，恢复夜间照明' });
  await act(supervisor, 'review', { decision: 'approve' });
  await act(operator, 'callback', { satisfaction: 'satisfied', solved: true });
  const draft = await api('POST', '/disclosure', { token: supervisor, body: { caseId: filed.id, filerTitle: 'ms' } });
  await api('POST', `/disclosure/${draft.id}/publish`, { token: supervisor });
  const call = await api('POST', '/cases/phone', {
    token: operator,
    body: { callerPhone: CALLER, demandType: 'consultation', categoryCode: '010201', description: '物业费收费标准咨询', acceptNow: true },
  });
  const published = (await api('GET', '/public/cases')).items[0];
  const townships = (await api('GET', '/public/map')).townships.map((t) => t.name);
  prepared = {
    title: draft.title,
    trackingNumber: call.trackingNumber,
    township: published.townshipName,
    otherTownship: townships.find((name) => name !== published.townshipName),
  };
  return prepared;
}

async function notSignedIn(page) {
  const auth = await page.evaluate(() => globalThis.localStorage.getItem('hotline.auth'));
  const session = auth ? JSON.parse(auth).state?.session : null;
  if (session) throw new Error('the browser holds a session; the public pages must work without one');
}

test('typical cases: from the home page, filter by township, map, and a case’s steps and reply without signing in', async ({ page, baseUrl }) => {
  const { title, township, otherTownship } = await prepare(baseUrl);
  const authorised = [];
  page.on('request', (r) => r.headers().authorization && authorised.push(r.url()));
  await page.goto(`${baseUrl}/`);
  await visible(page, '典型案例').click({ timeout: 20_000 });
  await page.waitForURL(/\/public\/cases\/index/, { timeout: 15_000 });
  await page.getByText(`1. ${title}`).first().waitFor({ timeout: 15_000 });
  const map = page.locator('img[src^="data:image/svg+xml;base64,"]').first();
  await map.waitFor({ timeout: 10_000 });
  const box = await map.boundingBox();
  if (!box || box.width < 200 || box.height < 100) throw new Error(`map drawn at ${JSON.stringify(box)}`);
  await shot(page, 'cases');

  await visible(page, otherTownship).click();
  await visible(page, '暂无公开的案例').waitFor({ timeout: 10_000 });
  await visible(page, township).click();
  await page.getByText(`1. ${title}`).first().click({ timeout: 10_000 });
  await page.waitForURL(/\/public\/case\/index\?id=/, { timeout: 10_000 });
  await visible(page, '已更换路灯灯泡，恢复夜间照明').waitFor({ timeout: 15_000 });
  await visible(page, '办理过程').waitFor();
  const text = await page.locator('body').innerText();
  for (const secret of ['张秀英', CALLER, '12号']) if (text.includes(secret)) throw new Error(`public page shows ${secret}`);
  if (!text.includes('张女士')) throw new Error('the filer should read as 张女士');
  await shot(page, 'case');
  await notSignedIn(page);
  if (authorised.length) throw new Error(`requests carried a token: ${authorised.join(', ')}`);
});

test('statistics: this month’s volume, top categories and the units’ rates without signing in', async ({ page, baseUrl }) => {
  await prepare(baseUrl);
  await page.goto(`${baseUrl}/public/statistics/index`);
  await visible(page, '本月热点分类').waitFor({ timeout: 20_000 });
  await page.getByText('1. 路灯损坏').first().waitFor({ timeout: 10_000 });
  const rows = await page.locator('[data-unit]').count();
  if (rows < 1) throw new Error('no unit in the ranking');
  await page.getByText('100.0%').first().waitFor({ timeout: 10_000 });
  await shot(page, 'statistics');
  await notSignedIn(page);
});

test('status page: a caller finds the case by tracking number and the last four digits, and nothing with wrong digits', async ({ page, baseUrl }) => {
  const { trackingNumber } = await prepare(baseUrl);
  await page.goto(`${baseUrl}/`);
  await visible(page, '进度查询').click({ timeout: 20_000 });
  await page.waitForURL(/\/public\/track\/index/, { timeout: 15_000 });
  await fill(page, '工单编号', trackingNumber);
  await fill(page, '手机号后4位', '0000');
  await page.locator('.nut-button', { hasText: '查询' }).click();
  await visible(page, '没有找到，请核对工单编号和手机号后4位').waitFor({ timeout: 10_000 });
  await fill(page, '手机号后4位', CALLER.slice(-4));
  await page.locator('.nut-button', { hasText: '查询' }).click();
  await visible(page, '已受理').waitFor({ timeout: 10_000 });
  await shot(page, 'track');
  await notSignedIn(page);
});

await runSuite({ tests, setup: phoneProfileSetup('public'), clearFailures: 'public-failure' });
