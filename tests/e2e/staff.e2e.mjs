// End-to-end proof of the staff workspace on H5: the real server (SQLite, demo mode) and Debian's
// Chromium with one browser context per person — a resident (through the API), an operator at a
// desk-width screen, a township handler (T01) and a village handler (T01V01) on phones.
// Needs: `npm run build -w @hotline/core && npm run build -w @hotline/server` and
// `npm run build:h5 -w @hotline/client`.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  personSessions,
  apiOf,
  button,
  caseCard,
  choice,
  DESK,
  field,
  launchBrowser,
  PHONE,
  requireBuilds,
  runSuite,
  screenshotter,
  suite,
} from './support.mjs';

requireBuilds();

// A 1×1 JPEG: the server re-encodes whatever it receives.
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64',
);

async function signIn(page, baseUrl, role, unitLabel) {
  await page.goto(`${baseUrl}/staff/pages/home/index`);
  await choice(page, role).click({ timeout: 20_000 });
  if (unitLabel) await choice(page, unitLabel).click();
  await button(page, '登录').click();
  await page.getByText('退出登录', { exact: true }).first().waitFor({ timeout: 20_000 });
}

async function openQueue(page, baseUrl, set, tab) {
  await page.goto(`${baseUrl}/staff/pages/queue/index?set=${set}`);
  const tabEl = page.locator('.staff-tab', { hasText: tab }).first();
  await tabEl.click({ timeout: 20_000 });
  return tabEl;
}

async function act(page, label) {
  await button(page, label).click();
}

async function submitAndWait(page, nextStatus) {
  await button(page, '提交').click();
  await page.locator(`.staff-case__status[data-status="${nextStatus}"]`).first().waitFor({ timeout: 10_000 });
}

const shot = screenshotter('staff', { settleMs: 400 });

const { tests, test } = suite();

test('a resident’s case goes from the operator to a township, a village and back to a closed case with its whole timeline', async ({
  open,
  baseUrl,
  api,
  units,
}) => {
  const resident = (await api('POST', '/auth/dev-login', { body: { role: 'resident' } })).accessToken;
  const filed = await api('POST', '/cases', {
    token: resident,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      demandType: 'help',
      categoryCode: '010101',
      description: '府前路小区门口路灯连续三晚不亮',
      address: '城关街道府前路 8 号',
      mediaIds: [],
      anonymous: false,
      privacyConsentVersion: '2026-01',
    },
  });

  // The township handler watches its queue before anything reaches it.
  const township = await open('t01', PHONE);
  const streamUrls = [];
  township.on('request', (r) => {
    if (r.url().includes('/api/me/events?')) streamUrls.push(r.url());
  });
  await signIn(township, baseUrl, '承办人', '城关街道 T01');
  const toSign = await openQueue(township, baseUrl, 'work', '待签收');
  await township.getByText('实时更新中').first().waitFor({ timeout: 10_000 });
  // The stream's URL carries a one-time ticket and nothing else: no access token.
  if (!streamUrls.length || !streamUrls.every((u) => /\/api\/me\/events\?ticket=[\w-]{43}(&lastEventId=\d+)?$/.test(u))) {
    throw new Error(`live stream URLs: ${streamUrls.join(' ')}`);
  }
  await township.getByText('暂无工单').first().waitFor();

  // The operator, at a desk, accepts the case and dispatches it to the township.
  const operator = await open('operator', DESK);
  await signIn(operator, baseUrl, '话务员');
  await openQueue(operator, baseUrl, 'review', '待受理');
  await caseCard(operator, filed.trackingNumber).locator('.staff-case__number').click({ timeout: 10_000 });
  await act(operator, '受理');
  await submitAndWait(operator, 'accepted');
  await act(operator, '派单');
  await choice(operator, units.T01.name).click({ timeout: 10_000 });
  await shot(operator, 'dispatch');
  await submitAndWait(operator, 'dispatched');

  // Without a reload, the township's queue shows it.
  await caseCard(township, filed.trackingNumber).waitFor({ timeout: 15_000 });
  await toSign.locator('.staff-tab__count', { hasText: '1' }).waitFor();
  await shot(township, 'township-queue-live');
  await caseCard(township, filed.trackingNumber).locator('.staff-case__number').click();
  await act(township, '签收');
  await township.locator('.staff-case__status[data-status="signed"]').waitFor({ timeout: 10_000 });
  await act(township, '转派');
  await choice(township, units.T01V01.name).click({ timeout: 10_000 });
  await submitAndWait(township, 'dispatched');

  // The village signs and replies with a photo.
  const village = await open('t01v01', PHONE);
  await signIn(village, baseUrl, '承办人', '城关街道所辖村 T01V01');
  await openQueue(village, baseUrl, 'work', '待签收');
  await caseCard(village, filed.trackingNumber).locator('.staff-case__number').click({ timeout: 15_000 });
  await act(village, '签收');
  await village.locator('.staff-case__status[data-status="signed"]').waitFor({ timeout: 10_000 });
  await act(village, '答复');
  await field(village, '内容').fill('已更换灯泡，恢复照明');
  await act(village, '添加照片');
  // On a phone Taro asks camera or album first; the album opens the browser's file chooser.
  const chooser = village.waitForEvent('filechooser', { timeout: 10_000 });
  await village.getByText('从相册选择', { exact: true }).click({ timeout: 5_000 });
  await (await chooser).setFiles({ name: 'lamp.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await village.getByText('已添加 1 张照片').first().waitFor({ timeout: 15_000 });
  await shot(village, 'village-reply');
  await submitAndWait(village, 'replied');

  // The operator reviews the reply and records the callback.
  await operator.reload();
  await act(operator, '审核答复');
  await choice(operator, '通过').click();
  await submitAndWait(operator, 'callback');
  await act(operator, '回访');
  await choice(operator, '满意').click();
  await submitAndWait(operator, 'closed');
  await shot(operator, 'closed');

  // The resident sees every step.
  const mine = await api('GET', `/cases/${filed.id}`, { token: resident });
  if (mine.status !== 'closed') throw new Error(`resident sees status ${mine.status}`);
  const steps = mine.timeline.map((e) => e.type);
  for (const step of ['submit', 'accept', 'dispatch', 'sign', 'reply', 'callback']) {
    if (!steps.includes(step)) throw new Error(`resident timeline lacks ${step}: ${steps.join(', ')}`);
  }
  const reply = mine.timeline.find((e) => e.type === 'reply');
  if (!JSON.stringify(reply).includes('已更换灯泡'))
    throw new Error(`reply not shown to the resident: ${JSON.stringify(reply)}`);
});

test('a township handler signs in with the registered work phone and an SMS code', async ({
  open,
  baseUrl,
  serverLog,
}) => {
  const page = await open('township', PHONE);
  await page.goto(`${baseUrl}/staff/pages/home/index`);
  // The demo county registers 13800000013 for the handler of T01 (城关街道).
  await field(page, '请输入登记的11位手机号码').fill('13800000013', { timeout: 20_000 });
  const before = serverLog().length;
  await button(page, '获取验证码').click();
  let code = null;
  for (let i = 0; i < 50 && !code; i++) {
    code = /\[demo sms\] to 138\*\*\*\*0013 template login_code: (\d{6})/.exec(serverLog().slice(before))?.[1] ?? null;
    if (!code) await page.waitForTimeout(100);
  }
  if (!code) throw new Error('no sign-in code in the server log');
  await field(page, '请输入6位验证码').fill(code);
  await button(page, '进入工作台').click();
  await page.getByText('退出登录', { exact: true }).first().waitFor({ timeout: 20_000 });
  await page.getByText('城关街道').first().waitFor({ timeout: 10_000 });
  await shot(page, 'sms-signed-in');
});

test('a handler returns a case and the dispatcher rules and re-dispatches it', async ({
  open,
  baseUrl,
  api,
  units,
}) => {
  const resident = (await api('POST', '/auth/dev-login', { body: { role: 'resident' } })).accessToken;
  const operator = (await api('POST', '/auth/dev-login', { body: { role: 'operator' } })).accessToken;
  const filed = await api('POST', '/cases', {
    token: resident,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      demandType: 'complaint',
      categoryCode: '010101',
      description: '河口村道路旁垃圾堆放无人清运',
      mediaIds: [],
      anonymous: false,
      privacyConsentVersion: '2026-01',
    },
  });
  await api('POST', `/staff/cases/${filed.id}/accept`, { token: operator, body: {} });
  await api('POST', `/staff/cases/${filed.id}/dispatch`, { token: operator, body: { leadUnitId: units.T01.id } });

  const township = await open('t01-return', PHONE);
  await signIn(township, baseUrl, '承办人', '城关街道 T01');
  await openQueue(township, baseUrl, 'work', '待签收');
  await caseCard(township, filed.trackingNumber).locator('.staff-case__number').click({ timeout: 15_000 });
  await act(township, '退单');
  await field(township, '原因').fill('该处属于石桥乡辖区，请改派');
  await submitAndWait(township, 'returned');

  const dispatcher = await open('dispatcher', DESK);
  await signIn(dispatcher, baseUrl, '派单员');
  await dispatcher.getByText('审核裁定', { exact: true }).click();
  await dispatcher.locator('.staff-tab', { hasText: '退单' }).first().click({ timeout: 15_000 });
  await caseCard(dispatcher, filed.trackingNumber).locator('.staff-case__number').click({ timeout: 15_000 });
  await dispatcher.getByText('该处属于石桥乡辖区，请改派').first().waitFor();
  await act(dispatcher, '退单审核');
  await choice(dispatcher, '改派').click();
  await choice(dispatcher, units.T02.name).click({ timeout: 10_000 });
  await shot(dispatcher, 'rule-return');
  await submitAndWait(dispatcher, 'dispatched');

  const staffView = await api('GET', `/staff/cases/${filed.id}`, { token: operator });
  if (staffView.assigneeUnitId !== units.T02.id) throw new Error(`case went to ${staffView.assigneeUnitId}, not T02`);
});

test('an operator at a desk takes a phone call by keyboard, and an analyst reads the measures', async ({
  open,
  baseUrl,
  api,
  units,
}) => {
  const operatorToken = (await api('POST', '/auth/dev-login', { body: { role: 'operator' } })).accessToken;
  const earlier = await api('POST', '/cases/phone', {
    token: operatorToken,
    body: { callerPhone: '13912345678', demandType: 'consultation', description: '上次咨询过路灯报修电话' },
  });

  const desk = await open('intake', DESK);
  await signIn(desk, baseUrl, '话务员');
  // The menu is reachable by keyboard: the first Tab lands on 电话录入.
  await desk.keyboard.press('Tab');
  await desk.keyboard.press('Enter');
  await desk.waitForURL(/\/staff\/pages\/intake\/index/, { timeout: 10_000 });
  const phone = field(desk, '来电号码');
  await phone.click({ timeout: 15_000 });
  await desk.keyboard.type('13912345678');
  // The caller's earlier case shows as soon as the 11th digit is typed.
  await desk.getByText(earlier.trackingNumber, { exact: true }).first().waitFor({ timeout: 10_000 });
  await desk.keyboard.press('Tab');
  const focused = await desk.evaluate(() => globalThis.document.activeElement?.getAttribute('placeholder'));
  if (focused !== '来电人姓名') throw new Error(`Tab after the phone went to ${focused}, not the caller's name`);
  await desk.keyboard.type('王建国');
  await desk.keyboard.press('Tab');
  await desk.keyboard.press('Tab');
  await desk.keyboard.press('Enter'); // the second demand type: 求助
  await desk.locator('.staff-choice[aria-checked="true"]', { hasText: '求助' }).waitFor();
  await field(desk, '输入分类名称搜索').fill('路灯');
  await choice(desk, '010101').click();
  await field(desk, '诉求内容').fill('府前路小区门口路灯不亮已经三天');
  await field(desk, '输入关键词查知识库').fill('路灯');
  await desk.locator('.staff-knowledge').first().waitFor({ timeout: 10_000 });
  await shot(desk, 'intake');
  await desk.keyboard.press('Control+Enter');
  await desk.locator('.staff-case__status[data-status="accepted"]').waitFor({ timeout: 10_000 });

  const analyst = await open('analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('考核指标', { exact: true }).click();
  // The first two tests dispatched to T01 and had it return one case.
  const row = analyst.locator(`.staff-table__row[data-name="${units.T01.name}"]`);
  await row.waitFor({ timeout: 15_000 });
  const cells = await row.locator('.staff-table__cell .staff-table__value').allInnerTexts();
  if (cells.length !== 6 || !cells.every((c) => /^\d+\.\d%$|^—$/.test(c)))
    throw new Error(`T01 measures shown as ${cells.join(' | ')}`);
  await shot(analyst, 'measures');
});

test('the operator works the queue at a desk: a dense table, batch accept, batch dispatch by suggestion, keyboard help', async ({
  open,
  baseUrl,
  api,
  units,
}) => {
  const resident = (await api('POST', '/auth/dev-login', { body: { role: 'resident' } })).accessToken;
  const dispatcher = (await api('POST', '/auth/dev-login', { body: { role: 'dispatcher' } })).accessToken;
  const filed = [];
  for (let i = 0; i < 24; i++) {
    filed.push(
      await api('POST', '/cases', {
        token: resident,
        headers: { 'Idempotency-Key': randomUUID() },
        body: {
          demandType: 'complaint',
          categoryCode: '010101',
          description: `桌面批量测试 第${i + 1}件：府前路路灯不亮`,
          location: { lat: 30.5002, lng: 114.9001, coordinateSystem: 'wgs84' },
          mediaIds: [],
          anonymous: false,
          privacyConsentVersion: '2026-01',
        },
      }),
    );
  }

  const page = await open('desk', { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
  await signIn(page, baseUrl, '话务员');
  // 24 new demands reached the operators' inbox: the menu's 消息 says how many are unread.
  const badge = page.locator('.staff-badge').first();
  await badge.waitFor({ timeout: 15_000 });
  const unread = Number(await badge.innerText());
  if (!(unread >= 24)) throw new Error(`the inbox badge shows ${unread}`);
  await openQueue(page, baseUrl, 'review', '待受理');
  const rows = page.locator('.desk-row:not(.desk-row--head)');
  await rows.nth(19).waitFor({ timeout: 20_000 });
  const visibleRows = await rows.evaluateAll(
    (els) =>
      els.filter((el) => {
        const box = el.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= globalThis.innerHeight;
      }).length,
  );
  if (visibleRows < 20) throw new Error(`only ${visibleRows} rows visible at 1366×768`);
  await shot(page, 'desk-table');

  // Batch accept three cases: each its own event.
  const three = filed.slice(0, 3);
  for (const c of three) await page.getByRole('checkbox', { name: `选择工单 ${c.trackingNumber}` }).click();
  await button(page, '批量受理（3）').click();
  await page.getByText('已受理 3 件', { exact: true }).waitFor({ timeout: 20_000 });

  // Batch dispatch them, each to its catalogue suggestion with its assisting units.
  await page.locator('.staff-tab', { hasText: '待派单' }).first().click();
  for (const c of three)
    await page.getByRole('checkbox', { name: `选择工单 ${c.trackingNumber}` }).click({ timeout: 15_000 });
  await button(page, '按建议批量派单（3）').click();
  await page.getByText('已派单 3 件', { exact: true }).waitFor({ timeout: 20_000 });
  for (const c of three) {
    const detail = await api('GET', `/staff/cases/${c.id}`, { token: dispatcher });
    const { suggestions } = await api('GET', `/staff/cases/${c.id}/dispatch-suggestions`, { token: dispatcher });
    const best = suggestions.find((s) => s.lead.length > 0);
    if (detail.status !== 'dispatched') throw new Error(`${c.trackingNumber} is ${detail.status}`);
    if (JSON.stringify(detail.assistingUnitIds) !== JSON.stringify(best.assisting.map((u) => u.unitId)))
      throw new Error(`${c.trackingNumber} has assisting ${detail.assistingUnitIds}, the catalogue suggests others`);
    // In 城关街道 the catalogue names 城管局 to assist with street lights.
    if (!detail.assistingUnitIds.includes(units['D-CGJ'].id))
      throw new Error(`${c.trackingNumber} went out without its assisting unit: ${detail.assistingUnitIds}`);
    if (detail.leadUnitId !== best.lead[0].unitId)
      throw new Error(
        `${c.trackingNumber} went to ${detail.leadUnitId}, the catalogue suggests ${best.lead[0].unitId}`,
      );
    const events = detail.timeline.filter((e) => e.type === 'accept' || e.type === 'dispatch');
    if (events.length !== 2) throw new Error(`${c.trackingNumber} has ${events.length} accept/dispatch events`);
  }

  // The keyboard alone: move down the queue, open the case, read the help, accept the case.
  const reviewTab = page.locator('.staff-tab', { hasText: '待受理' }).first();
  await reviewTab.click();
  await rows.first().waitFor();
  // The shortcuts act on the queue when no control holds the focus (Enter on a tab opens the tab).
  await reviewTab.blur();
  const before = await page.locator('.desk-row--cursor').first().getAttribute('data-case');
  await page.locator('body').press('j');
  const cursor = page.locator('.desk-row--cursor').first();
  await page.waitForFunction((was) => globalThis.document.querySelector('.desk-row--cursor')?.dataset.case !== was, before);
  const chosen = await cursor.getAttribute('data-case');
  await page.locator('body').press('Enter');
  // The case under the cursor opens beside the queue.
  await page.locator(`.desk-row--open[data-case="${chosen}"]`).waitFor({ timeout: 15_000 });
  await page.locator('.desk-detail').getByText(chosen).first().waitFor({ timeout: 15_000 });
  await page.locator('.desk-detail .staff-case__status').first().waitFor({ timeout: 15_000 });
  const opened = chosen;
  await page.locator('body').press('?');
  await page.getByRole('dialog', { name: '键盘快捷键' }).getByText('Ctrl+Enter').waitFor();
  await shot(page, 'desk-help');
  await page.locator('body').press('Escape');
  await page.getByRole('dialog', { name: '键盘快捷键' }).waitFor({ state: 'hidden' });
  await page.locator('body').press('a');
  await page.getByText('已受理 1 件', { exact: true }).waitFor({ timeout: 20_000 });
  const accepted = filed.find((c) => c.trackingNumber === opened);
  if (!accepted) throw new Error(`the opened case ${opened} is not one of those filed`);
  const after = await api('GET', `/staff/cases/${accepted.id}`, { token: dispatcher });
  if (after.status !== 'accepted') throw new Error(`${opened} is ${after.status} after pressing a`);
});

const lampAt = (description) => ({
  demandType: 'complaint',
  categoryCode: '010101',
  description,
  address: '城关街道府前路 8 号',
  location: { lat: 30.5002, lng: 114.9001, coordinateSystem: 'wgs84' },
  mediaIds: [],
  anonymous: false,
  privacyConsentVersion: '2026-01',
});

test('at a desk the operator accepts as urgent, dispatches with the catalogue’s assisting unit and merges a repeat by tracking number; the lead reads the assisting unit’s contribution while replying', async ({
  open,
  baseUrl,
  api,
  units,
}) => {
  const resident = (await api('POST', '/auth/dev-login', { body: { role: 'resident' } })).accessToken;
  const file = async (description) =>
    api('POST', '/cases', { token: resident, headers: { 'Idempotency-Key': randomUUID() }, body: lampAt(description) });
  const parent = await file('协办测试：府前路8号门口路灯倒伏压住电线');
  const repeat = await file('协办测试：府前路8号路灯倒了（重复反映）');

  const desk = await open('desk-assist', DESK);
  await signIn(desk, baseUrl, '话务员');
  await desk.goto(`${baseUrl}/staff/pages/queue/index?set=review&open=${parent.id}`);
  const pane = desk.locator('.desk-detail');
  await pane.locator('.staff-case__number', { hasText: parent.trackingNumber }).waitFor({ timeout: 20_000 });
  // The case page shows where it is on the county map, with map-app links.
  await pane.locator('img[alt^="诉求位置"]').first().waitFor({ timeout: 15_000 });
  const amap = await pane.locator('a[data-app="amap"]').getAttribute('href');
  if (!amap?.includes('position=114.9001,30.5002') || !amap.includes('coordinate=wgs84'))
    throw new Error(`the Amap link is ${amap}`);

  await act(desk, '受理');
  await choice(desk, '紧急（时限缩短）').click();
  await submitAndWait(desk, 'accepted');
  await act(desk, '派单');
  // The catalogue's lead (城关街道) and its assisting unit (城管局) come preselected.
  await desk
    .locator('[aria-label="主办单位"] .staff-choice[aria-checked="true"]', { hasText: units.T01.name })
    .waitFor({ timeout: 10_000 });
  await desk
    .locator('[aria-label="协办单位（可多选）"] .staff-choice[aria-checked="true"]', { hasText: units['D-CGJ'].name })
    .waitFor();
  await shot(desk, 'dispatch-assisting');
  await submitAndWait(desk, 'dispatched');
  const dispatched = await api('GET', `/staff/cases/${parent.id}`, {
    token: (await api('POST', '/auth/dev-login', { body: { role: 'operator' } })).accessToken,
  });
  if (dispatched.urgency !== 'urgent') throw new Error(`accepted as ${dispatched.urgency}`);
  if (dispatched.leadUnitId !== units.T01.id || !dispatched.assistingUnitIds.includes(units['D-CGJ'].id))
    throw new Error(`dispatched to ${dispatched.leadUnitId} with ${dispatched.assistingUnitIds}`);

  // The repeat is merged into it, found by the tracking number people read out.
  await desk.goto(`${baseUrl}/staff/pages/queue/index?set=review&open=${repeat.id}`);
  await pane.locator('.staff-case__number', { hasText: repeat.trackingNumber }).waitFor({ timeout: 20_000 });
  await act(desk, '并单');
  await field(desk, '如 HL20261128-000123').fill(parent.trackingNumber);
  await button(desk, '查找主单').click();
  await desk.locator(`.staff-parent[data-parent="${parent.trackingNumber}"]`).getByText('协办测试：府前路8号门口路灯倒伏压住电线').waitFor({ timeout: 10_000 });
  await shot(desk, 'merge-by-number');
  await button(desk, '确认并单').click();
  await pane.locator('.staff-case__status[data-status="merged"]').waitFor({ timeout: 10_000 });

  // 城管局 contributes; 城关街道 signs and sees the contribution while writing its reply.
  const cgj = (await api('POST', '/auth/dev-login', { body: { role: 'handler', unitCode: 'D-CGJ' } })).accessToken;
  await api('POST', `/staff/cases/${parent.id}/contribute`, {
    token: cgj,
    body: { text: '城管局已派人切断该路灯电源并设置警示' },
  });
  const township = await open('t01-assist', PHONE);
  await signIn(township, baseUrl, '承办人', '城关街道 T01');
  await township.goto(`${baseUrl}/staff/pages/case/index?id=${parent.id}`);
  await act(township, '签收');
  await township.locator('.staff-case__status[data-status="signed"]').waitFor({ timeout: 10_000 });
  await act(township, '答复');
  const contributions = township.locator('.staff-contributions');
  await contributions.getByText('协办单位意见（1条）').waitFor({ timeout: 10_000 });
  await contributions.getByText('城管局已派人切断该路灯电源并设置警示').waitFor();
  await shot(township, 'reply-with-contribution');
});

test('the acceptance clock turns to warning on the 待受理 tab when the clock reaches 80 %, and the board lists supervised cases under 督办件', async ({
  open,
  baseUrl,
  api,
}) => {
  const resident = (await api('POST', '/auth/dev-login', { body: { role: 'resident' } })).accessToken;
  const filed = await api('POST', '/cases', {
    token: resident,
    headers: { 'Idempotency-Key': randomUUID() },
    body: lampAt('受理时限测试：府前路路灯闪烁'),
  });
  const operator = (await api('POST', '/auth/dev-login', { body: { role: 'operator' } })).accessToken;
  const { deadline } = await api('GET', `/staff/cases/${filed.id}`, { token: operator });
  if (deadline?.step !== 'accept') throw new Error(`a filed case runs ${JSON.stringify(deadline)}`);

  const desk = await open('desk-clock', DESK);
  await signIn(desk, baseUrl, '话务员');
  await openQueue(desk, baseUrl, 'review', '待受理');
  const row = desk.locator(`.desk-row[data-case="${filed.trackingNumber}"]`);
  await row.locator('.staff-deadline--normal', { hasText: '受理' }).waitFor({ timeout: 20_000 });
  // One minute past the warning point (80 % of one working hour).
  await desk.clock.setFixedTime(new Date(Date.parse(deadline.warnAt) + 60_000));
  await openQueue(desk, baseUrl, 'review', '待受理');
  await row.locator('.staff-deadline--warning', { hasText: '即将超时 · 受理' }).waitFor({ timeout: 20_000 });
  await shot(desk, 'accept-clock-warning');

  // The supervisor supervises a late case; the board's 督办件 group lists it.
  const supervisor = (await api('POST', '/auth/dev-login', { body: { role: 'supervisor' } })).accessToken;
  await api('POST', `/staff/cases/${filed.id}/supervise`, { token: supervisor, body: { note: '受理超时督办' } });
  const board = await open('board', DESK);
  await signIn(board, baseUrl, '督办员');
  await board.goto(`${baseUrl}/staff/pages/board/index`);
  await board.locator('.staff-tab', { hasText: '督办件' }).first().click({ timeout: 20_000 });
  await caseCard(board, filed.trackingNumber).waitFor({ timeout: 15_000 });
  await shot(board, 'board-supervised');
});

test('staff download a queue tab and the measures as files that hold the rows of the page', async ({ open, baseUrl, api, units }) => {
  const token = async (role, unitCode) =>
    (await api('POST', '/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } })).accessToken;
  const operator = await token('operator');
  const dispatcher = await token('dispatcher');
  const call = (description) =>
    api('POST', '/cases/phone', {
      token: operator,
      body: { callerPhone: '13912345678', callerName: '周八', demandType: 'help', categoryCode: '010101', description, acceptNow: true },
    });
  await call('导出测试：府前路井盖缺失');
  const formula = await call('=导出测试：以等号开头的诉求');
  const toT01 = await call('导出测试：派到城关街道的诉求');
  await api('POST', `/staff/cases/${toT01.id}/dispatch`, { token: dispatcher, body: { leadUnitId: units.T01.id } });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  // A dispatcher at a desk: the CSV of 待派单 holds the tab's cases in the list's order.
  const desk = await open('exports-dispatcher', DESK);
  await signIn(desk, baseUrl, '派单员');
  await openQueue(desk, baseUrl, 'work', '待派单');
  const [csv] = await Promise.all([desk.waitForEvent('download', { timeout: 30_000 }), button(desk, '导出 CSV').click()]);
  if (csv.suggestedFilename() !== `工单导出-待派单-${today}.csv`) throw new Error(`CSV saved as ${csv.suggestedFilename()}`);
  const text = fs.readFileSync(await csv.path(), 'utf8');
  if (text.charCodeAt(0) !== 0xfeff) throw new Error('the CSV has no BOM: Excel on a Chinese Windows would read it as GBK');
  const lines = text.slice(1).trimEnd().split('\r\n');
  if (!lines[0].startsWith('工单编号,状态,')) throw new Error(`CSV header ${lines[0]}`);
  const listed = (await api('GET', '/queues/to_dispatch?limit=100', { token: dispatcher })).items.map((i) => i.trackingNumber);
  const exported = lines.slice(1).map((l) => l.split(',')[0]);
  if (exported.join() !== listed.join()) throw new Error(`CSV rows ${exported.join()} differ from the queue ${listed.join()}`);
  const formulaLine = lines.find((l) => l.startsWith(formula.trackingNumber));
  if (!formulaLine?.includes(",'=导出测试")) throw new Error(`a text starting with = was not kept as text: ${formulaLine}`);
  await desk.getByText(`已导出 工单导出-待派单-${today}.csv`).waitFor({ timeout: 10_000 });

  // A township's manager on a phone: the Excel file of 待签收 holds T01's cases only, names masked.
  const manager = await open('exports-manager', PHONE);
  await signIn(manager, baseUrl, '单位负责人', '城关街道 T01');
  await openQueue(manager, baseUrl, 'work', '待签收');
  const [xlsx] = await Promise.all([manager.waitForEvent('download', { timeout: 30_000 }), button(manager, '导出 Excel').click()]);
  if (xlsx.suggestedFilename() !== `工单导出-待签收-${today}.xlsx`) throw new Error(`XLSX saved as ${xlsx.suggestedFilename()}`);
  const ExcelJS = createRequire(new URL('../../server/package.json', import.meta.url))('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await xlsx.path());
  const sheet = workbook.worksheets[0];
  const header = sheet.getRow(1).values;
  const rows = [];
  sheet.eachRow((row, n) => n > 1 && rows.push(row.values));
  const t01Listed = (await api('GET', '/queues/to_sign?limit=100', { token: await token('unit_manager', 'T01') })).items;
  const numberAt = header.indexOf('工单编号');
  if (rows.map((r) => r[numberAt]).join() !== t01Listed.map((i) => i.trackingNumber).join())
    throw new Error(`XLSX rows ${rows.map((r) => r[numberAt]).join()} differ from T01's queue`);
  const mine = rows.find((r) => r[numberAt] === toT01.trackingNumber);
  if (mine?.[header.indexOf('诉求人')] !== '周*') throw new Error(`a unit sees the filer as ${mine?.[header.indexOf('诉求人')]}`);
  if (JSON.stringify(rows).includes('1391234')) throw new Error('a unit received a phone number');

  // An analyst exports the measures table shown on the page.
  const analyst = await open('exports-analyst', DESK);
  await signIn(analyst, baseUrl, '分析员');
  await analyst.getByText('考核指标', { exact: true }).click();
  await analyst.locator(`.staff-table__row[data-name="${units.T01.name}"]`).waitFor({ timeout: 15_000 });
  const shownNames = await analyst.locator('.staff-table__row:not(.staff-table__row--head) .staff-table__unit').allInnerTexts();
  const [measures] = await Promise.all([analyst.waitForEvent('download', { timeout: 30_000 }), button(analyst, '导出 CSV').click()]);
  if (!/^考核指标-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.csv$/.test(measures.suggestedFilename()))
    throw new Error(`measures saved as ${measures.suggestedFilename()}`);
  const measureLines = fs.readFileSync(await measures.path(), 'utf8').slice(1).trimEnd().split('\r\n');
  const names = measureLines.slice(1).map((l) => l.split(',')[1]);
  if (names.join() !== shownNames.map((n) => n.trim()).join()) throw new Error(`measures file ${names.join()} vs page ${shownNames.join()}`);
  await shot(desk, 'queue-exported');
});

await runSuite({
  tests,
  dataDirPrefix: 'hotline-staff-e2e-data-',
  // The desk test files two dozen demands as the one demo resident; the limit has its own tests.
  serverEnv: { HOTLINE_FILINGS_PER_RESIDENT_DAY: '100' },
  clearFailures: 'staff-failure-',
  async setup(server) {
    const api = apiOf(server.url);
    const admin = (await api('POST', '/auth/dev-login', { body: { role: 'admin' } })).accessToken;
    const units = Object.fromEntries(
      (await api('GET', '/staff/directory', { token: admin })).units.map((u) => [u.code, u]),
    );
    const browser = await launchBrowser();
    return {
      // One browser context per person, opened by the test with open(who, PHONE | DESK).
      session: () => personSessions(browser, 'staff', { baseUrl: server.url, api, units, serverLog: server.log }),
      close: () => browser.close().catch(() => {}),
    };
  },
});
