// End-to-end proof of the admin console on H5 at desk width: the real server (SQLite, demo mode)
// and Debian's Chromium. An admin adds a township with a village (boundaries drawn), registers a
// handler for it, adds a catalogue rule and declares a holiday; a resident's new case in that
// township is suggested to the new unit and its reply deadline skips the holiday; once disabled,
// the handler's open page stops working. Along the way: edits made from a stale copy (the policy,
// a calendar day) are refused and the page shows the other admin's; the health page checks the
// case events against the newest signed checkpoint and shows it; an Open311 key is shown once,
// files a request, and is refused once revoked.
// Needs: `npm run build -w @hotline/core && npm run build -w @hotline/server` and
// `npm run build:h5 -w @hotline/client`.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { URLSearchParams } from 'node:url';
import {
  personSessions,
  apiOf,
  button,
  caseCard,
  DESK,
  field,
  launchBrowser,
  PHONE,
  repoRoot,
  requireBuilds,
  runSuite,
  screenshotter,
  suite,
} from './support.mjs';

requireBuilds();
const core = createRequire(import.meta.url)(path.join(repoRoot, 'packages/core'));

// East of the demo county: a township that joins it after a boundary change.
const TOWN = { lat: 30.5, lng: 115.5 };
const square = (lat, lng, half) =>
  JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
        [lng - half, lat - half],
      ],
    ],
  });
const HANDLER_PHONE = '13912340077';

const shot = screenshotter('admin', { settleMs: 300 });
const choiceIn = (scope, text) => scope.locator('.admin-choice', { hasText: text }).filter({ visible: true }).first();
const labelled = (scope, label) =>
  scope.locator(`[aria-label="${label}"]`).filter({ visible: true }).first().locator('input, textarea').first();
const nav = (page, text) => page.locator('.admin-nav__item', { hasText: text }).first();
const card = (page, label) => page.locator(`[aria-label="${label}"]`).filter({ visible: true }).first();

async function demoSignIn(page, baseUrl, role, unitLabel) {
  await page.goto(`${baseUrl}/staff/pages/home/index`);
  await page.locator('.staff-choice', { hasText: role }).first().click({ timeout: 20_000 });
  if (unitLabel) await page.locator('.staff-choice', { hasText: unitLabel }).first().click();
  await button(page, '登录').click();
  await page.getByText('退出登录', { exact: true }).first().waitFor({ timeout: 20_000 });
}

async function smsSignIn(page, baseUrl, phone, serverLog) {
  await page.goto(`${baseUrl}/staff/pages/home/index`);
  await field(page, '请输入登记的11位手机号码').fill(phone, { timeout: 20_000 });
  const before = serverLog().length;
  await button(page, '获取验证码').click();
  const masked = `${phone.slice(0, 3)}\\*\\*\\*\\*${phone.slice(7)}`;
  let code = null;
  for (let i = 0; i < 50 && !code; i++) {
    code = new RegExp(`\\[demo sms\\] to ${masked} template login_code: (\\d{6})`).exec(serverLog().slice(before))?.[1];
    if (!code) await page.waitForTimeout(100);
  }
  if (!code) throw new Error(`no sign-in code for ${phone} in the server log`);
  await field(page, '请输入6位验证码').fill(code);
  await button(page, '进入工作台').click();
  await page.getByText('退出登录', { exact: true }).first().waitFor({ timeout: 20_000 });
}

/** Presses Tab until the focused element reads `text` (the desk's keyboard path to it). */
async function tabTo(page, text, presses = 20) {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => globalThis.document.activeElement?.textContent?.trim());
    if (focused === text) return;
  }
  throw new Error(`${presses} presses of Tab never reached ${text}`);
}

const CONFLICT = '该内容已被他人修改，您的修改没有保存。下方已显示最新内容，请核对后重新修改。';

/** A day of this year that no new deadline reaches: a week ago, or 20 December while it is January. */
function pastDayThisYear() {
  const today = core.shanghaiDate(new Date());
  const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
  return weekAgo.slice(0, 4) === today.slice(0, 4) && today.slice(5, 7) !== '01' ? weekAgo : `${today.slice(0, 4)}-12-20`;
}

/** The first working day after today (Shanghai), by the built-in calendar: the holiday to declare. */
function nextWorkingDay() {
  const calendar = core.createWorkCalendar();
  let date = core.shanghaiDate(new Date());
  do {
    date = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  } while (!calendar.isWorkday(date));
  return date;
}

const { tests, test } = suite();

test('an admin sets up a new township; its first case goes to the new unit with a deadline that skips the declared holiday; the disabled handler is locked out', async ({
  open,
  baseUrl,
  api,
  serverLog,
}) => {
  const admin = await open('admin', DESK);
  await demoSignIn(admin, baseUrl, '管理员');
  await admin.getByText('单位管理', { exact: true }).click();
  await admin.waitForURL(/\/admin\/pages\/units\/index/, { timeout: 15_000 });

  // A township with its boundary, then a village inside it.
  const create = card(admin, '新建单位');
  await choiceIn(create, '乡镇（街道）').click({ timeout: 20_000 });
  await labelled(create, '单位编码').fill('T07');
  await labelled(create, '单位名称').fill('青山镇人民政府');
  await labelled(create, '联系电话').fill('0713-7399001');
  await choiceIn(create, '划定新区域').click();
  await labelled(create, '区划代码').fill('421199300000');
  await labelled(create, '区域名称').fill('青山镇');
  // A boundary that is not closed is refused in place, before anything is sent.
  await labelled(create, '边界（GeoJSON Polygon，WGS-84 经纬度）').fill(
    '{"type":"Polygon","coordinates":[[[115,30],[116,30],[116,31],[115,31]]]}',
  );
  await button(admin, '新建').click();
  await create.getByText('边界必须闭合：最后一个点应与第一个点相同').waitFor({ timeout: 5_000 });
  await labelled(create, '边界（GeoJSON Polygon，WGS-84 经纬度）').fill(square(TOWN.lat, TOWN.lng, 0.05));
  await button(admin, '新建').click();
  await admin.locator('.admin-row[data-unit="T07"]').waitFor({ timeout: 10_000 });

  await choiceIn(create, '村（社区）').click();
  await labelled(create, '输入单位名称筛选').fill('青山');
  await choiceIn(create, '青山镇人民政府').click();
  await labelled(create, '单位编码').fill('T07V01');
  await labelled(create, '单位名称').fill('青山村村委会');
  await choiceIn(create, '划定新区域').click();
  await labelled(create, '区划代码').fill('421199300201');
  await labelled(create, '区域名称').fill('青山村');
  await labelled(create, '边界（GeoJSON Polygon，WGS-84 经纬度）').fill(square(TOWN.lat + 0.02, TOWN.lng, 0.01));
  await button(admin, '新建').click();
  await admin.locator('.admin-row.admin-row--depth-1[data-unit="T07V01"]').waitFor({ timeout: 10_000 });
  await shot(admin, 'units');

  // A handler for the township, registered with the work phone they sign in with. The sections are
  // reached by keyboard too: Tab walks the section tabs, Enter opens one.
  await tabTo(admin, '人员');
  await admin.keyboard.press('Enter');
  await admin.waitForURL(/\/admin\/pages\/staff\/index/, { timeout: 15_000 });
  await labelled(admin, '用户名').fill('qs_handler', { timeout: 15_000 });
  await labelled(admin, '姓名').fill('林晓青');
  await choiceIn(admin, '承办人').click();
  await labelled(admin, '输入单位名称筛选').fill('青山镇');
  await choiceIn(admin, '青山镇人民政府（T07）').click();
  await labelled(admin, '登记的工作手机').fill(HANDLER_PHONE);
  await button(admin, '新建').click();
  await admin.getByText('已新建账号 林晓青').waitFor({ timeout: 10_000 });
  await admin.locator('.admin-row[data-user="qs_handler"]').waitFor();

  // The catalogue: streetlights (a township matter) in 青山镇 go to the new township.
  await nav(admin, '分类与派单目录').click();
  await admin.waitForURL(/\/admin\/pages\/categories\/index/, { timeout: 15_000 });
  await labelled(admin, '搜索').fill('010101', { timeout: 15_000 });
  await admin.locator('.admin-row[data-category="010101"]').focus();
  await admin.keyboard.press('Enter');
  await admin.getByText('不下派规则', { exact: false }).first().waitFor({ timeout: 10_000 });
  await labelled(admin, '输入区域名称筛选（留空为全县）').fill('青山镇');
  await choiceIn(admin, '青山镇（乡镇（街道））').click();
  await labelled(admin, '输入单位名称筛选').fill('青山镇');
  await choiceIn(admin, '青山镇人民政府（T07）').click();
  await button(admin, '新增规则').click();
  await admin.locator('[data-rule="421199300000:T07:lead"]').waitFor({ timeout: 10_000 });
  // What would happen: a point in the new township.
  await labelled(admin, '纬度').fill(String(TOWN.lat));
  await labelled(admin, '经度').fill(String(TOWN.lng));
  await button(admin, '试算').click();
  await admin.getByText('位于 青山镇', { exact: true }).waitFor({ timeout: 10_000 });
  await admin.locator('[data-scope="township"]', { hasText: '建议主办：青山镇人民政府' }).waitFor();
  await shot(admin, 'catalogue');
  // A county matter (roads and manholes) offers county departments only: the new township is not a choice.
  await labelled(admin, '搜索').fill('010102');
  await admin.locator('.admin-row[data-category="010102"]').click();
  await admin.getByText('本分类为县级职责：下方只列出县直部门。').waitFor({ timeout: 10_000 });
  await labelled(admin, '输入单位名称筛选').fill('局');
  await choiceIn(admin, '局').waitFor({ timeout: 5_000 });
  await labelled(admin, '输入单位名称筛选').fill('青山镇');
  await admin.locator('.admin-choice', { hasText: '住房和城乡建设局' }).waitFor({ state: 'detached', timeout: 5_000 });
  if (await choiceIn(admin, '青山镇人民政府（T07）').isVisible())
    throw new Error('a county matter offered the township as a catalogue unit');

  // A holiday on the next working day.
  const holiday = nextWorkingDay();
  await nav(admin, '时限与日历').click();
  await admin.waitForURL(/\/admin\/pages\/time\/index/, { timeout: 15_000 });
  await admin.getByText('修改只影响此后新计算的时限，已在计时的工单不变。').waitFor({ timeout: 15_000 });
  const shownYear = new Date().getFullYear();

  // Another admin saves the policy and declares a day while this page shows the older copies: the
  // page's saves are refused and it shows theirs instead of overwriting them.
  const otherAdmin = (await api('POST', '/auth/dev-login', { body: { role: 'admin' } })).accessToken;
  const callbackBox = admin.locator('[data-limit="callback"] input').first();
  await callbackBox.waitFor({ timeout: 15_000 });
  const seenPolicy = await api('GET', '/admin/policy', { token: otherAdmin });
  const theirCallback = { ...seenPolicy.policy.callback, amount: seenPolicy.policy.callback.amount + 1 };
  await api('PUT', '/admin/policy', {
    token: otherAdmin,
    body: { ...seenPolicy.policy, callback: theirCallback, expectedVersion: seenPolicy.version },
  });
  await callbackBox.fill(String(theirCallback.amount + 5));
  await card(admin, '办理时限').locator('.nut-button', { hasText: '保存' }).first().click();
  await card(admin, '办理时限').getByText(CONFLICT).waitFor({ timeout: 10_000 });
  for (let i = 0; (await callbackBox.inputValue()) !== String(theirCallback.amount); i++) {
    if (i > 50) throw new Error(`the page still shows ${await callbackBox.inputValue()}, not the other admin's value`);
    await admin.waitForTimeout(200);
  }
  const policyNow = await api('GET', '/admin/policy', { token: otherAdmin });
  if (policyNow.policy.callback.amount !== theirCallback.amount)
    throw new Error(`the stale policy overwrote the other admin's: ${JSON.stringify(policyNow.policy.callback)}`);

  const contested = pastDayThisYear();
  await admin.locator(`.admin-day[data-date="${contested}"]`).click({ timeout: 15_000 });
  await api('PUT', `/admin/calendar/${contested}`, {
    token: otherAdmin,
    body: { kind: 'workday', note: '另一位管理员设置' },
  });
  await button(admin, '设为节假日').click();
  await card(admin, '日期').getByText(CONFLICT).waitFor({ timeout: 10_000 });
  await admin
    .locator(`.admin-day[data-date="${contested}"][data-kind="workday"][data-override="1"]`)
    .waitFor({ timeout: 10_000 });
  await shot(admin, 'conflict');
  if (Number(holiday.slice(0, 4)) !== shownYear) await button(admin, '下一年').click();
  const day = admin.locator(`.admin-day[data-date="${holiday}"]`);
  await day.click({ timeout: 15_000 });
  await labelled(admin, '说明').fill('县庆放假');
  await button(admin, '设为节假日').click();
  await admin
    .locator(`.admin-day[data-date="${holiday}"][data-kind="holiday"][data-override="1"]`)
    .waitFor({ timeout: 10_000 });
  // The built-in holidays are shown beside the overrides (or the page says the data lacks the year).
  await admin
    .locator('.admin-day[data-kind="holiday"][data-override="0"]')
    .first()
    .or(admin.getByText('内置节假日数据不含这一年', { exact: false }))
    .first()
    .waitFor({ timeout: 5_000 });
  await shot(admin, 'calendar');

  // A resident files a streetlight case in 青山镇.
  const resident = (await api('POST', '/auth/dev-login', { body: { role: 'resident' } })).accessToken;
  const filed = await api('POST', '/cases', {
    token: resident,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      demandType: 'help',
      categoryCode: '010101',
      description: '青山镇老街口路灯不亮',
      location: { lat: TOWN.lat, lng: TOWN.lng, coordinateSystem: 'wgs84' },
      mediaIds: [],
      anonymous: false,
      privacyConsentVersion: '2026-01',
    },
  });

  // The operator accepts it; the dispatch form suggests (and preselects) the new township.
  const operator = await open('operator', DESK);
  await demoSignIn(operator, baseUrl, '话务员');
  await operator.goto(`${baseUrl}/staff/pages/queue/index?set=review`);
  await operator.locator('.staff-tab', { hasText: '待受理' }).first().click({ timeout: 20_000 });
  await caseCard(operator, filed.trackingNumber).locator('.staff-case__number').click({ timeout: 15_000 });
  await button(operator, '受理').click();
  await button(operator, '提交').click();
  await operator.locator('.staff-case__status[data-status="accepted"]').waitFor({ timeout: 10_000 });
  await button(operator, '派单').click();
  await operator
    .locator('.staff-choice[aria-checked="true"]', { hasText: '青山镇人民政府（目录推荐）' })
    .waitFor({ timeout: 10_000 });
  await shot(operator, 'suggested');
  await button(operator, '提交').click();
  await operator.locator('.staff-case__status[data-status="dispatched"]').waitFor({ timeout: 10_000 });

  // The new handler signs in with the registered phone and signs for the case.
  const handler = await open('handler', PHONE);
  await smsSignIn(handler, baseUrl, HANDLER_PHONE, serverLog);
  await handler.goto(`${baseUrl}/staff/pages/queue/index?set=work`);
  await handler.locator('.staff-tab', { hasText: '待签收' }).first().click({ timeout: 20_000 });
  await caseCard(handler, filed.trackingNumber).locator('.staff-case__number').click({ timeout: 15_000 });
  await button(handler, '签收').click();
  await handler.locator('.staff-case__status[data-status="signed"]').waitFor({ timeout: 10_000 });

  // The reply deadline counts five working days from signing and skips the declared holiday.
  const operatorToken = (await api('POST', '/auth/dev-login', { body: { role: 'operator' } })).accessToken;
  const view = await api('GET', `/staff/cases/${filed.id}`, { token: operatorToken });
  const signedAt = view.timeline.find((e) => e.type === 'sign').at;
  const kind = { demandType: 'help', urgency: 'normal' };
  const due = (calendar) =>
    core.stepDeadline(core.defaultTimeLimitPolicy, calendar, 'reply', kind, signedAt).dueAt.toISOString();
  const withHoliday = due(core.createWorkCalendar({ overrides: [{ date: holiday, kind: 'holiday' }] }));
  const withoutHoliday = due(core.createWorkCalendar());
  if (view.deadline?.step !== 'reply' || view.deadline.dueAt !== withHoliday)
    throw new Error(`reply deadline ${JSON.stringify(view.deadline)}, expected ${withHoliday} (holiday ${holiday})`);
  if (withHoliday <= withoutHoliday) throw new Error(`the holiday ${holiday} did not move the deadline`);

  // While it holds the case, the township cannot be deactivated, and the page says why.
  await nav(admin, '单位').click();
  await admin.locator('.admin-row[data-unit="T07"]').click({ timeout: 15_000 });
  await button(admin, '停用单位').click();
  await button(admin, '确认停用单位？再点一次执行').click();
  await admin.getByText('青山镇人民政府还有 1 件未办结的工单，请先改派或办结后再停用').waitFor({ timeout: 10_000 });

  // The admin disables the handler; the handler's open page stops working at the next step.
  await nav(admin, '人员').click();
  const handlerRow = admin.locator('.admin-row[data-user="qs_handler"]');
  await handlerRow.click({ timeout: 15_000 });
  // The list shows when the handler last signed in (by SMS, above).
  if (!/\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}/.test(await handlerRow.textContent()))
    throw new Error(`no last sign-in for the handler: ${await handlerRow.textContent()}`);
  await button(admin, '停用账号').click();
  await button(admin, '确认停用账号？再点一次执行').click();
  await admin.locator('.admin-row[data-user="qs_handler"]', { hasText: '已停用' }).waitFor({ timeout: 10_000 });
  await shot(admin, 'staff-disabled');

  // A session's end reaches every instance within 3 s (SessionsService's re-check): the open page
  // goes to sign-in by itself when its live stream closes with the session, or at its next step.
  await handler.waitForTimeout(3_500);
  const signIn = field(handler, '请输入登记的11位手机号码');
  if (!(await signIn.isVisible())) {
    await button(handler, '答复').click();
    await field(handler, '内容').fill('已安排维修');
    await button(handler, '提交').click();
  }
  await signIn.waitFor({ timeout: 15_000 });
  const after = await api('GET', `/staff/cases/${filed.id}`, { token: operatorToken });
  if (after.status !== 'signed') throw new Error(`a disabled handler changed the case to ${after.status}`);
  await shot(handler, 'locked-out');

  // The health page: the database, and the case events' hash chain checked on demand against the
  // newest signed checkpoint (written every second in this suite), whose time and count it shows; the
  // scheduler's last run (every 5 s here); no undeliverable notifications.
  await nav(admin, '运行状况').click();
  await admin.waitForURL(/\/admin\/pages\/health\/index/, { timeout: 15_000 });
  await admin.getByText('SQLite', { exact: true }).waitFor({ timeout: 15_000 });
  await admin.locator('[data-job="deadline-scheduler"]', { hasText: '最近一次' }).waitFor({ timeout: 15_000 });
  await admin.getByText('没有发送失败的通知', { exact: true }).waitFor({ timeout: 15_000 });
  await button(admin, '立即校验').click();
  await admin.getByText(/^校验通过：\d+ 条流转记录完整，与 \d+ 个签名检查点一致/).waitFor({ timeout: 15_000 });
  await admin
    .getByText(/^最近的签名检查点：\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}，记录了 [1-9]\d* 条流转记录（至第 \d+ 条）$/)
    .waitFor({ timeout: 5_000 });
  await shot(admin, 'health');

  // The audit log, filtered: the calendar's entries only, the declared holiday among them; then the staff's.
  await nav(admin, '审计日志').click();
  await admin.waitForURL(/\/admin\/pages\/audit\/index/, { timeout: 15_000 });
  await admin.locator('[data-audit]').first().waitFor({ timeout: 15_000 });
  await choiceIn(admin, '工作日历').click();
  // The unfiltered list already holds the holiday's entry: wait for the other entries to leave (the
  // filtered answer has arrived) before looking, or the check races the request.
  await admin
    .locator('[data-audit]:not([data-audit="calendar"])')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {
      throw new Error('the calendar filter shows other entries');
    });
  await admin.locator('[data-audit="calendar"]', { hasText: holiday }).waitFor({ timeout: 10_000 });
  await choiceIn(admin, '人员').click();
  await admin.locator('[data-audit="user"]', { hasText: 'disabled: 0 → 1' }).first().waitFor({ timeout: 10_000 });
  await shot(admin, 'audit');

  // Integrations: an Open311 key is shown once when issued, files a request, and stops working once revoked.
  await nav(admin, '外部渠道').click();
  await admin.waitForURL(/\/admin\/pages\/integrations\/index/, { timeout: 15_000 });
  const keys = card(admin, 'Open311 API 密钥');
  await keys.getByText('还没有签发密钥').or(keys.locator('[data-key]').first()).waitFor({ timeout: 15_000 });
  await labelled(keys, '使用方名称').fill('县城随手拍');
  await labelled(keys, '每分钟请求上限').fill('30');
  await button(admin, '签发密钥').click();
  const shown = keys.locator('[data-new-key]');
  await shown.waitFor({ timeout: 10_000 });
  const key = (await shown.textContent()).trim();
  const row = keys.locator('[data-key="县城随手拍"]');
  await row.getByText('每分钟 30 次').waitFor({ timeout: 10_000 });
  if (!(await row.textContent()).includes(`${key.slice(0, 9)}…`) || (await row.textContent()).includes(key))
    throw new Error('the key list should show the first characters of the key, never the key');
  const file311 = () =>
    fetch(`${baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({
        api_key: key,
        service_code: '010103',
        address_string: '城关镇府前路88号',
        description: '府前路一带今天上午停水，至今没有通知何时恢复',
      }),
    });
  const accepted = await file311();
  if (accepted.status !== 200) throw new Error(`Open311 filing with the new key: ${accepted.status} ${await accepted.text()}`);
  await shot(admin, 'open311-key');
  await row.locator('.nut-button', { hasText: '停用密钥' }).click();
  await row.locator('.nut-button', { hasText: '确认停用密钥？再点一次执行' }).click();
  await row.getByText(/^已停用/).waitFor({ timeout: 10_000 });
  const refused = await file311();
  if (refused.status !== 403) throw new Error(`a revoked key still files: ${refused.status}`);
  // Shown once: a fresh page lists the key by its first characters only.
  await admin.reload();
  await keys.locator('[data-key="县城随手拍"]').waitFor({ timeout: 15_000 });
  if ((await admin.locator('[data-new-key]').count()) !== 0) throw new Error('the key is shown again after a reload');
  // The configured channels, read-only: SMS through the log in demo mode, and the Web Push key.
  await admin.getByText('仅写入日志（演示模式，不真正发送）', { exact: true }).waitFor({ timeout: 5_000 });
  await admin.getByText('VAPID 公钥', { exact: true }).waitFor({ timeout: 5_000 });
});

await runSuite({
  tests,
  dataDirPrefix: 'hotline-admin-e2e-data-',
  serverEnv: { HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '1000', HOTLINE_SCHEDULER_INTERVAL_MS: '5000' },
  clearFailures: 'admin-failure-',
  async setup(server) {
    const api = apiOf(server.url);
    const browser = await launchBrowser();
    return {
      session: () => personSessions(browser, 'admin', { baseUrl: server.url, api, serverLog: server.log }),
      close: () => browser.close().catch(() => {}),
    };
  },
});
