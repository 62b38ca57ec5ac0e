// End-to-end proof of the analytics pages on H5: the real server (SQLite, demo mode) and Debian's
// Chromium. Demands are filed and handled through the API; an analyst reads the ranking with its
// definitions, the trends chart with its filters, and the hot-spot map, taps a hexagon and sees its
// cases; a unit manager sees only their own unit; a supervisor reads the weekly bulletin and
// downloads its PDF; an analyst marks the month's topic (每月一题) and reads its months.
// Needs: `npm run build -w @hotline/core && npm run build -w @hotline/server` and
// `npm run build:h5 -w @hotline/client`.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  apiOf,
  button,
  choice,
  DESK,
  fillLabelled,
  launchBrowser,
  personSessions,
  PHONE,
  requireBuilds,
  runSuite,
  screenshotter,
  suite,
} from './support.mjs';

requireBuilds();

const shot = screenshotter('analytics', { settleMs: 400 });
const { tests, test } = suite();

// 城关街道 (T01) and 东湖街道 (T02) of the demo county.
const T01_POINT = { lat: 30.4738, lng: 114.8771 };
const T02_POINT = { lat: 30.4746, lng: 114.9782 };

async function signIn(page, baseUrl, role, unitLabel) {
  await page.goto(`${baseUrl}/staff/pages/home/index`);
  await choice(page, role).click({ timeout: 20_000 });
  if (unitLabel) await choice(page, unitLabel).click();
  await button(page, '登录').click();
  await page.getByText('退出登录', { exact: true }).first().waitFor({ timeout: 20_000 });
}

const rowCells = (page, name) => page.locator(`.staff-table__row[data-name="${name}"]`).first();

/** Files `n` demands at a point; with a unit, accepts and dispatches them to it, and it signs `signed` of them. */
async function fileAndDispatch({ api, units, tokens }, { n, point, unit, signed, categoryCode = '010101', channelNote }) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const filed = await api('POST', '/cases', {
      token: tokens.resident,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        demandType: 'complaint',
        categoryCode,
        description: `${channelNote} 第${i + 1}件：路灯不亮`,
        location: { ...point, coordinateSystem: 'wgs84' },
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      },
    });
    ids.push(filed);
    if (!unit) continue;
    await api('POST', `/staff/cases/${filed.id}/accept`, { token: tokens.operator, body: {} });
    await api('POST', `/staff/cases/${filed.id}/dispatch`, { token: tokens.operator, body: { leadUnitId: units[unit].id } });
    if (i < signed) await api('POST', `/staff/cases/${filed.id}/sign`, { token: tokens[unit], body: {} });
  }
  return ids;
}

test('an analyst ranks the units with the definitions beside them, and a unit manager sees only their own unit', async ({
  open,
  baseUrl,
  api,
  units,
  tokens,
}) => {
  // T01 signs both of its cases, T02 one of three: T01 ranks first on the response rate.
  await fileAndDispatch({ api, units, tokens }, { n: 2, point: T01_POINT, unit: 'T01', signed: 2, channelNote: '排名T01' });
  await fileAndDispatch({ api, units, tokens }, { n: 3, point: T02_POINT, unit: 'T02', signed: 1, channelNote: '排名T02' });

  const analyst = await open('analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('考核指标', { exact: true }).click();
  const t01 = rowCells(analyst, units.T01.name);
  const t02 = rowCells(analyst, units.T02.name);
  await t02.waitFor({ timeout: 15_000 });
  const rank = async (row) => Number((await row.locator('.staff-table__rank').innerText()).split('\n')[0]);
  const response = (row) => row.locator('[data-rate="responseRate"] .staff-table__value').innerText();
  if ((await response(t01)) !== '100.0%' || (await response(t02)) !== '33.3%')
    throw new Error(`response rates shown as T01 ${await response(t01)}, T02 ${await response(t02)}`);
  if (!((await rank(t01)) < (await rank(t02)))) throw new Error('T01 (all signed in time) does not rank above T02');
  // Nothing was handled in the previous period: the page says so rather than inventing a change.
  await t01.getByText('上期无排名').waitFor();
  await analyst.getByText(/^对比上期：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/).waitFor();
  // Definitions are on the page, beside the figures.
  await analyst.getByText(/^响应率 = 时限内签收的派单数 \/ 派单数/).waitFor();
  await analyst.getByText(/^满意率 = /).waitFor();
  await shot(analyst, 'ranking-units');

  // The same figures by township: the two townships where the demands were filed.
  await choice(analyst, '乡镇（街道）').click();
  await rowCells(analyst, '城关街道').waitFor({ timeout: 10_000 });
  const filed = async (name) => Number(await rowCells(analyst, name).locator('.staff-table__count').innerText());
  if ((await filed('城关街道')) < 2 || (await filed('东湖街道')) < 3)
    throw new Error(`township volumes ${await filed('城关街道')}, ${await filed('东湖街道')}`);
  await shot(analyst, 'ranking-townships');

  // A unit manager of T01 sees T01 (and its villages), never T02.
  const manager = await open('manager', PHONE);
  await signIn(manager, baseUrl, '单位负责人', '城关街道 T01');
  await manager.getByText('考核指标', { exact: true }).click();
  await rowCells(manager, units.T01.name).waitFor({ timeout: 15_000 });
  await manager.getByText('仅显示本单位（及所辖村、社区）的数据').waitFor();
  if (await rowCells(manager, units.T02.name).count()) throw new Error('a T01 manager sees T02');
  if (await manager.getByText('趋势分析', { exact: true }).count()) throw new Error('a unit manager is offered the county trends');
});

test('an analyst reads the trends as a chart and a table, filtered by township and channel', async ({ open, baseUrl, api, units, tokens }) => {
  await fileAndDispatch({ api, units, tokens }, { n: 2, point: T02_POINT, unit: 'T02', signed: 2, channelNote: '趋势' });
  const analyst = await open('analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('趋势分析', { exact: true }).click();
  await analyst.waitForURL(/\/analytics\/pages\/trends\/index/, { timeout: 15_000 });
  const chart = analyst.locator('#trend-chart svg');
  await chart.waitFor({ timeout: 20_000 });
  const today = await analyst.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
  const todayFiled = async () => Number(await analyst.locator(`.staff-table__row[data-period="${today}"] [data-filed]`).getAttribute('data-filed'));
  const all = await todayFiled();
  // Every demand of this suite so far was filed today (2 + 3 in the first test, 2 here).
  if (all < 7) throw new Error(`today's volume shown as ${all}`);
  // The chart draws a bar for today: ECharts' SVG has one bar path per non-empty day at least.
  const bars = await chart.locator('path').count();
  if (bars < 3) throw new Error(`the trend chart drew ${bars} paths`);
  await shot(analyst, 'trends-day');

  // Filter to 城关街道: only its 2 demands remain.
  await choice(analyst, '城关街道').click();
  await analyst.waitForFunction(
    (day) => globalThis.document.querySelector(`.staff-table__row[data-period="${day}"] [data-filed]`)?.getAttribute('data-filed') === '2',
    today,
    { timeout: 10_000 },
  );
  // The phone channel had none of these (they were filed online).
  await choice(analyst, '电话').click();
  await analyst.waitForFunction(
    (day) => globalThis.document.querySelector(`.staff-table__row[data-period="${day}"] [data-filed]`)?.getAttribute('data-filed') === '0',
    today,
    { timeout: 10_000 },
  );
  // Weekly: one row per Monday.
  await analyst.locator('.staff-choice', { hasText: '按周' }).click();
  await analyst.waitForFunction(
    () => [...globalThis.document.querySelectorAll('.staff-table__row[data-period]')].every((r) => new Date(`${r.getAttribute('data-period')}T00:00:00Z`).getUTCDay() === 1),
    undefined,
    { timeout: 10_000 },
  );
  await shot(analyst, 'trends-week');
});

test('an analyst taps a hexagon on the hot-spot map over the township outlines and sees its cases', async ({ open, baseUrl, api, units, tokens }) => {
  const here = await fileAndDispatch({ api, units, tokens }, { n: 3, point: T01_POINT, unit: 'T01', signed: 0, channelNote: '热点' });
  const analyst = await open('analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('热点地图', { exact: true }).click();
  await analyst.waitForURL(/\/analytics\/pages\/hotspots\/index/, { timeout: 15_000 });
  const map = analyst.locator('#hotspot-map svg');
  await map.waitFor({ timeout: 20_000 });
  // The townships' names are drawn from the seed's outlines, no tile server involved.
  await map.locator('text', { hasText: '城关街道' }).first().waitFor({ timeout: 10_000 });
  const cells = Number(await analyst.locator('.analytics-map').getAttribute('data-cells'));
  if (cells < 2) throw new Error(`the map has ${cells} cells`);
  await shot(analyst, 'hotspots');

  // Tap the hexagons (the last paths drawn, over the townships) until one lists its cases; the
  // one at 城关街道's point holds this test's three demands.
  await map.scrollIntoViewIfNeeded();
  const paths = map.locator('path');
  const count = await paths.count();
  const listed = analyst.locator('.analytics-cases');
  let found = false;
  for (let i = count - 1; i >= 0 && !found; i--) {
    const box = await paths.nth(i).boundingBox();
    if (!box || box.width < 3 || box.width > 200) continue;
    await analyst.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await listed.waitFor({ timeout: 1_500 }).catch(() => {});
    if (await listed.count()) {
      const numbers = await listed.locator('[data-case]').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')));
      found = here.every((c) => numbers.includes(c.trackingNumber));
    }
  }
  if (!found) throw new Error('no hexagon on the map listed the three demands filed at 城关街道');
  await shot(analyst, 'hotspot-cell');

  // The list beside the map reaches the same cases by keyboard, and a case opens the staff case page.
  const tapped = await listed.getAttribute('data-cell');
  const other = analyst.locator(`.analytics-cell:not([data-cell="${tapped}"])`).first();
  await other.focus();
  await analyst.keyboard.press('Enter');
  await analyst.locator(`.analytics-cases:not([data-cell="${tapped}"])`).waitFor({ timeout: 10_000 });
  await analyst.locator(`.analytics-cell[data-cell="${tapped}"]`).focus();
  await analyst.keyboard.press('Enter');
  await analyst.locator(`.analytics-cases[data-cell="${tapped}"]`).waitFor({ timeout: 10_000 });
  await listed.locator(`[data-case="${here[0].trackingNumber}"]`).click();
  await analyst.waitForURL(/\/staff\/pages\/case\/index/, { timeout: 15_000 });
});

test('a spike of street-light demands in one township reaches the analyst’s inbox, and its page lists the cases', async ({ open, baseUrl, api, units, tokens }) => {
  // 石桥乡 had no street-light demands in the days before: three today are a spike (EARS C2, minimum 3).
  const SHIQIAO = { lat: 30.4305, lng: 114.7729 };
  const filed = await fileAndDispatch({ api, units, tokens }, { n: 3, point: SHIQIAO, unit: null, signed: 0, channelNote: '突增' });
  const analyst = await open('analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('消息', { exact: true }).first().click();
  // The scheduler runs every second in this suite; the message arrives within a few ticks.
  const message = analyst.getByText(/^诉求突增：石桥乡「路灯损坏」今日3件$/).first();
  for (let i = 0; i < 10 && !(await message.count()); i++) {
    await analyst.waitForTimeout(1_000);
    await analyst.reload();
  }
  await message.click({ timeout: 10_000 });
  await analyst.waitForURL(/\/analytics\/pages\/spike\/index\?id=\d+/, { timeout: 15_000 });
  await analyst.getByText(/^基线（前第3至第9天）日均 0 件/).waitFor({ timeout: 10_000 });
  for (const c of filed) await analyst.locator(`.analytics-case[data-case="${c.trackingNumber}"]`).waitFor();
  await shot(analyst, 'spike');
});

test('street-light demands filed again and again at one place reach 城关街道’s leader as one matter with all its cases', async ({ open, baseUrl }) => {
  // The earlier tests filed street-light demands at the same point of 城关街道 and sent them to T01.
  const manager = await open('manager', PHONE);
  await signIn(manager, baseUrl, '单位负责人', '城关街道 T01');
  await manager.getByText('消息', { exact: true }).first().click();
  const message = manager.getByText(/^重复诉求：城关街道「路灯损坏」30天内\d+件$/).first();
  for (let i = 0; i < 10 && !(await message.count()); i++) {
    await manager.waitForTimeout(1_000);
    await manager.reload();
  }
  await message.click({ timeout: 10_000 });
  await manager.waitForURL(/\/analytics\/pages\/repeat\/index\?id=\d+/, { timeout: 15_000 });
  await manager.getByText('同一分类、相距300米以内、30天内的诉求，作为一件事统筹办理或并单').waitFor({ timeout: 10_000 });
  const cases = await manager.locator('.analytics-case[data-case]').count();
  if (cases < 5) throw new Error(`the matter lists ${cases} cases, not the 5 filed at 城关街道`);
  await shot(manager, 'repeat');
});

test('a supervisor finds last week’s bulletin in the inbox and the list, reads its sections and downloads its PDF', async ({ open, baseUrl }) => {
  // The scheduler's first tick built last week's bulletin (this suite's server starts empty, so
  // it counts no demands) and told the leaders.
  const supervisor = await open('supervisor', DESK);
  await signIn(supervisor, baseUrl, '督办员');
  await supervisor.getByText('消息', { exact: true }).first().click();
  const message = supervisor.getByText(/^热线周报：\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}$/).first();
  await message.waitFor({ timeout: 15_000 });
  const [, weekStart, weekEnd] = /(\d{4}-\d{2}-\d{2})至(\d{4}-\d{2}-\d{2})/.exec(await message.innerText());
  const monday = await supervisor.evaluate(() => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const d = new Date(`${today}T00:00:00Z`);
    return new Date(d.getTime() - (((d.getUTCDay() + 6) % 7) + 7) * 86_400_000).toISOString().slice(0, 10);
  });
  if (weekStart !== monday) throw new Error(`the bulletin covers ${weekStart}–${weekEnd}, not the week from ${monday}`);

  // The menu's page lists it; it opens with its sections as issued.
  await supervisor.goto(`${baseUrl}/staff/pages/home/index`);
  await supervisor.getByText('热线周报', { exact: true }).click();
  await supervisor.waitForURL(/\/analytics\/pages\/bulletin\/index/, { timeout: 15_000 });
  await supervisor.getByText(`${weekStart} 至 ${weekEnd}`, { exact: true }).click({ timeout: 15_000 });
  await supervisor.waitForURL(/\/analytics\/pages\/bulletin\/index\?id=\d+/, { timeout: 15_000 });
  await supervisor.getByText('本周受理0件，上周0件，无环比；办结0件').waitFor({ timeout: 10_000 });
  for (const section of ['三率及按时办结率', '承办单位三率排名', '诉求突增预警', '超期未办结']) await supervisor.getByText(section, { exact: true }).first().waitFor();
  await shot(supervisor, 'bulletin');

  const [download] = await Promise.all([supervisor.waitForEvent('download', { timeout: 20_000 }), button(supervisor, '下载PDF').click()]);
  if (download.suggestedFilename() !== `hotline-bulletin-${weekStart}.pdf`) throw new Error(`downloaded ${download.suggestedFilename()}`);
  const bytes = await readFile(await download.path());
  if (bytes.subarray(0, 5).toString() !== '%PDF-' || bytes.length < 2_000) throw new Error(`the download is not a PDF (${bytes.length} bytes)`);

  // A dispatcher reads measures but is not offered the bulletin.
  const dispatcher = await open('dispatcher', PHONE);
  await signIn(dispatcher, baseUrl, '派单员');
  if (await dispatcher.getByText('热线周报', { exact: true }).count()) throw new Error('a dispatcher is offered the weekly bulletin');
});

test('an analyst marks this month’s topic and reads its months before and after', async ({ open, baseUrl }) => {
  const analyst = await open('analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('每月一题', { exact: true }).click();
  await analyst.waitForURL(/\/analytics\/pages\/topic\/index/, { timeout: 15_000 });
  const month = await analyst.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7));
  await analyst.getByText('还没有每月一题').waitFor({ timeout: 15_000 });
  await analyst.getByRole('radio', { name: '路灯损坏' }).first().click({ timeout: 15_000 });
  await analyst.getByRole('radio', { name: '城关街道' }).first().click();
  await fillLabelled(analyst, '题目', '城关街道路灯损坏');
  await button(analyst, '确定').click();
  await analyst.waitForURL(/\/analytics\/pages\/topic\/index\?id=\d+/, { timeout: 15_000 });
  await analyst.getByText(`${month}：城关街道路灯损坏`).waitFor({ timeout: 10_000 });
  await analyst.locator('#topic-chart svg').waitFor({ timeout: 20_000 });
  // Six months before the topic's month, then the month itself (no later months yet).
  const rows = await analyst.locator('.staff-table__row[data-period]').evaluateAll((els) => els.map((e) => e.getAttribute('data-period')));
  if (rows.length !== 7 || rows[6] !== month) throw new Error(`the topic's months are ${rows.join(', ')}`);
  // This suite filed 5 street-light demands at 城关街道 today (2 for the ranking, 3 for the hot spot).
  const filed = await analyst.locator(`.staff-table__row[data-period="${month}"] [data-filed]`).getAttribute('data-filed');
  if (filed !== '5') throw new Error(`the topic's month shows ${filed} demands`);
  await analyst.locator(`.staff-table__row[data-period="${month}"]`).getByText('定题当月').waitFor();
  await shot(analyst, 'topic');

  // The list shows it.
  await analyst.goto(`${baseUrl}/analytics/pages/topic/index`);
  await analyst.getByText(`${month}：城关街道路灯损坏`).waitFor({ timeout: 15_000 });
});

await runSuite({
  tests,
  dataDirPrefix: 'hotline-analytics-e2e-data-',
  serverEnv: { HOTLINE_FILINGS_PER_RESIDENT_DAY: '100', HOTLINE_SCHEDULER_INTERVAL_MS: '1000' },
  clearFailures: 'analytics-failure-',
  async setup(server) {
    const api = apiOf(server.url);
    const login = async (role, unitCode) =>
      (await api('POST', '/auth/dev-login', { body: unitCode ? { role, unitCode } : { role } })).accessToken;
    const admin = await login('admin');
    const units = Object.fromEntries((await api('GET', '/staff/directory', { token: admin })).units.map((u) => [u.code, u]));
    const tokens = {
      resident: await login('resident'),
      operator: await login('operator'),
      T01: await login('handler', 'T01'),
      T02: await login('handler', 'T02'),
    };
    const browser = await launchBrowser();
    return {
      session: () => personSessions(browser, 'analytics', { baseUrl: server.url, api, units, tokens }),
      close: () => browser.close().catch(() => {}),
    };
  },
});
