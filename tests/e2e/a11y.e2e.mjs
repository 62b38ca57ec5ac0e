// Accessibility and the elderly-friendly (适老化) numbers of MIIT's 2021 rules, measured in Chromium on
// a 375-wide phone as a resident sees each page: every resident page in the normal and the large-text
// mode, every staff page in the normal mode. On each page axe-core (injected from npm) audits the DOM,
// and the page itself is measured: the smallest visible text, the largest text, the tightest line
// height, the smallest tap target, sideways scrolling. It fails on any serious/critical axe violation
// or any number below the rules, and writes the table of docs/accessibility.md to
// tests/artifacts/a11y-table.md. Needs the server and H5 builds (see support.mjs).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { apiOf, artifacts, launchBrowser, repoRoot, requireBuilds, runSuite, suite } from './support.mjs';

requireBuilds();

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE_375 = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

// MIIT 2021 (see ../shared/DOMAIN.md) in CSS px at the 375-wide design: 18 pt = 24 px, 30 pt = 40 px.
export const RULES = {
  large: { minText: 24, minLargest: 40, minTarget: 60, minLineHeight: 1.3 },
  normal: { minText: 12, minLargest: 0, minTarget: 44, minLineHeight: 1.3 },
  // The browser zoomed to 200 %: the same phone shows half as many CSS px, and nothing may need
  // sideways scrolling (WCAG 1.4.4 and 1.4.10). Taro's rem stays at its 20 px floor there, so
  // text really is twice as large on the glass.
  zoom200: { minText: 12, minLargest: 0, minTarget: 44, minLineHeight: 1.3 },
  // The admin console at a desk, worked with a mouse: WCAG 2.2's minimum target size (2.5.8, AA).
  desk: { minText: 12, minLargest: 0, minTarget: 24, minLineHeight: 1.3 },
};
const DESK_1366 = { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const ZOOMED_200 = {
  ...PHONE_375,
  viewport: { width: Math.round(PHONE_375.viewport.width / 2), height: Math.round(PHONE_375.viewport.height / 2) },
  deviceScaleFactor: PHONE_375.deviceScaleFactor * 2,
};

/** What the page shows, measured in the page: text sizes, line heights, tap targets, overflow. */
function measureInPage() {
  // Taro's page box has a tab stop so a page without controls scrolls by keyboard (src/platform/scrollers):
  // it is the page, not a control, and the controls inside it are what a finger hits.
  const INTERACTIVE =
    'a[href], button, input:not([type=hidden]), textarea, select, [role=button], [role=switch], [role=checkbox], [role=radio], [role=link], [role=tab], [role=option], [role=menuitem], [tabindex]:not([tabindex="-1"]):not(.taro_page), .nut-button, taro-button-core';
  const shown = (el) =>
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && !el.closest('[aria-hidden="true"]');
  const name = (el) =>
    (el.getAttribute('aria-label') || el.innerText || el.getAttribute('placeholder') || el.className || el.tagName)
      .toString()
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 24);
  // A table that scrolls sideways on purpose (and can be scrolled by keyboard) hides nothing.
  const inScroller = (el) => {
    for (let e = el; e && e !== globalThis.document.body; e = e.parentElement) {
      const { overflowX } = globalThis.getComputedStyle(e);
      if (overflowX === 'auto' || overflowX === 'scroll') return true;
    }
    return false;
  };
  const onScreen = (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.left < globalThis.innerWidth;

  const texts = [];
  const unlabelled = [];
  const cutOff = [];
  const walker = globalThis.document.createTreeWalker(globalThis.document.body, globalThis.NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const content = node.textContent.trim();
    const el = node.parentElement;
    if (!content || !el || !shown(el) || el.closest('script, style, noscript')) continue;
    const range = globalThis.document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()];
    if (!rects.some(onScreen)) continue;
    if (rects.some((r) => r.width > 0 && r.right > globalThis.innerWidth + 1) && !inScroller(el))
      cutOff.push(content.slice(0, 24));
    const style = globalThis.getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const lineHeight = style.lineHeight === 'normal' ? size * 1.2 : parseFloat(style.lineHeight);
    const inControl = Boolean(el.closest(INTERACTIVE));
    texts.push({ text: content.slice(0, 24), size, ratio: lineHeight / size, inControl });
  }
  for (const el of globalThis.document.querySelectorAll('input:not([type=hidden]), textarea')) {
    if (!shown(el) || !onScreen(el.getBoundingClientRect()) || el.type === 'file') continue;
    const style = globalThis.getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    texts.push({ text: `[field] ${name(el)}`, size, ratio: 99, inControl: true });
    // A placeholder is no label: it disappears as soon as one types.
    if (!el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.labels?.length)
      unlabelled.push(name(el));
  }

  const targets = [];
  for (const el of globalThis.document.querySelectorAll(INTERACTIVE)) {
    if (!shown(el) || el.type === 'file') continue;
    if (el.parentElement?.closest(INTERACTIVE)) continue; // the outermost control is what a finger hits
    const r = el.getBoundingClientRect();
    if (!onScreen(r)) continue;
    targets.push({ name: name(el), width: Math.round(r.width), height: Math.round(r.height) });
  }
  const count = (selector) => [...globalThis.document.querySelectorAll(selector)].filter(shown).length;
  return {
    texts,
    targets,
    unlabelled,
    cutOff,
    headings1: count('h1, [role=heading][aria-level="1"]'),
    mains: count('main, [role=main]'),
    overflowX: globalThis.document.documentElement.scrollWidth - globalThis.innerWidth,
  };
}

const smallestBy = (items, key) => items.reduce((min, item) => (min && key(min) <= key(item) ? min : item), null);

/** Measures the open page against the rules of its mode; returns the table row and the problems. */
async function audit(page, label, mode, { oneHeading = true } = {}) {
  await page.evaluate(AXE_SOURCE);
  const axe = await page.evaluate(async () => {
    const result = await globalThis.axe.run(globalThis.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      first: v.nodes[0]?.target.join(' ') ?? '',
      summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ') ?? '',
    }));
  });
  const m = await page.evaluate(measureInPage);
  const rules = RULES[mode];
  const problems = [];
  const severe = axe.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of severe) problems.push(`axe ${v.impact} ${v.id} ×${v.nodes} (${v.first}): ${v.summary}`);

  if (!m.texts.length) problems.push('no visible text');
  const smallText = smallestBy(m.texts, (t) => t.size);
  const largest = m.texts.reduce((max, t) => Math.max(max, t.size), 0);
  const tight = smallestBy(
    m.texts.filter((t) => !t.inControl),
    (t) => t.ratio,
  );
  const smallTarget = smallestBy(m.targets, (t) => Math.min(t.width, t.height));
  if (mode === 'large') {
    for (const t of m.texts.filter((x) => x.size < rules.minText).slice(0, 5))
      problems.push(`text ${t.size.toFixed(1)} px < ${rules.minText}: “${t.text}”`);
    if (largest < rules.minLargest) problems.push(`largest text ${largest.toFixed(1)} px < ${rules.minLargest}`);
  }
  for (const t of m.texts.filter((x) => !x.inControl && x.ratio < rules.minLineHeight - 0.005).slice(0, 5))
    problems.push(`line height ${t.ratio.toFixed(2)} < ${rules.minLineHeight}: “${t.text}”`);
  for (const t of m.targets.filter((x) => Math.min(x.width, x.height) < rules.minTarget).slice(0, 8))
      problems.push(`tap target ${t.width}×${t.height} < ${rules.minTarget}: “${t.name}”`);
  for (const text of m.cutOff.slice(0, 5)) problems.push(`text runs past the right edge: “${text}”`);
  for (const field of m.unlabelled) problems.push(`field without a label: “${field}”`);
  if (m.overflowX > 1) problems.push(`page scrolls sideways by ${m.overflowX} px`);
  // Every page is one main landmark; a resident page also says what it is with one level-1 heading.
  if (m.mains !== 1) problems.push(`${m.mains} main landmarks, not 1`);
  if (oneHeading && m.headings1 !== 1) problems.push(`${m.headings1} level-1 headings, not 1`);

  return {
    row: {
      page: label,
      mode,
      smallestText: smallText ? `${smallText.size.toFixed(1)} (${smallText.text.slice(0, 10)})` : '–',
      largestText: largest.toFixed(1),
      lineHeight: tight ? tight.ratio.toFixed(2) : '–',
      smallestTarget: smallTarget
        ? `${smallTarget.width}×${smallTarget.height} (${smallTarget.name.slice(0, 10)})`
        : '–',
      targets: m.targets.length,
      serious: severe.length,
      other: axe.filter((v) => !severe.includes(v)).map((v) => `${v.id} (${v.impact})`),
    },
    problems,
  };
}

const table = [];
function writeTable() {
  const lines = [
    '| page | mode | smallest text (px) | largest text (px) | tightest line height | smallest tap target (px) | targets | serious/critical | other axe findings |',
    '|---|---|---|---|---|---|---|---|---|',
    ...table.map(
      (r) =>
        `| ${r.page} | ${r.mode} | ${r.smallestText} | ${r.largestText} | ${r.lineHeight} | ${r.smallestTarget} | ${r.targets} | ${r.serious} | ${r.other.join(', ') || '–'} |`,
    ),
  ];
  fs.writeFileSync(path.join(artifacts, 'a11y-table.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
}

/** Waits until the page has settled: its marker shown, no loading text, the slide-in animation over. */
async function settle(page, marker) {
  await page.getByText(marker).filter({ visible: true }).first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !globalThis.document.body.innerText.includes('正在加载'), null, { timeout: 15_000 });
  await page.waitForTimeout(700);
}

const { tests, test } = suite();
const MODE_NAMES = { normal: '标准模式', large: '大字模式', zoom200: '浏览器缩放 200%', desk: '桌面' };
const CALLER = '13912345678';

// The pages a resident opens. `who` chooses the session; `open` brings the page to the state measured.
const RESIDENT_PAGES = [
  { label: '首页（未登录）', path: '/', who: null, marker: '我要反映' },
  { label: '首页（已登录）', path: '/', who: 'resident', marker: '我的诉求' },
  { label: '登录', path: '/pages/login/index', who: null, marker: '获取验证码' },
  { label: '反映问题', path: '/pages/report/index', who: 'resident', marker: '问题描述' },
  {
    label: '反映问题 · 分类树',
    path: '/pages/report/index',
    who: 'resident',
    marker: '问题描述',
    async open(page) {
      // One level down the tree: the branch's leaves and the way back.
      await page.locator('.picker__row').filter({ visible: true }).first().click();
      await page.getByText('返回上一级').filter({ visible: true }).first().waitFor();
    },
  },
  {
    // A category with questions of every kind: single and multiple choice, date-time.
    label: '反映问题 · 分类问题',
    path: `/pages/report/index?category=030104&name=${encodeURIComponent('社会生活噪声')}`,
    who: 'resident',
    marker: '已选：社会生活噪声',
  },
  {
    // Headless Chromium has no speech service: the browser's recogniser is replaced by one that
    // hears a sentence; the page, its button and the text it adds are the real ones.
    label: '反映问题 · 语音输入',
    path: '/pages/report/index',
    who: 'resident',
    marker: '语音输入',
    init: () => {
      globalThis.SpeechRecognition = globalThis.webkitSpeechRecognition = class {
        start() {
          setTimeout(() => {
            this.onresult?.({ results: [[{ transcript: '小区门口的路灯三天不亮了' }]] });
            this.onend?.();
          }, 300);
        }
      };
    },
    async open(page) {
      await page.locator('.nut-button', { hasText: '语音输入' }).filter({ visible: true }).first().click();
      await page
        .getByText('已把您说的话加到问题描述里')
        .filter({ visible: true })
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(async (error) => {
          const note = await page.locator('.report__note').allInnerTexts();
          throw new Error(`${error.message}\n    notes: ${note.join(' | ')}`);
        });
      const text = await page
        .locator('[aria-label="问题描述"] textarea')
        .filter({ visible: true })
        .first()
        .inputValue();
      if (!text.includes('小区门口的路灯三天不亮了')) throw new Error(`voice text not in the description: ${text}`);
    },
  },
  {
    label: '提交成功',
    path: ({ filed }) => `/pages/done/index?tn=${filed.open.trackingNumber}&due=${encodeURIComponent(filed.open.due)}`,
    who: 'resident',
    marker: '您的诉求已提交',
  },
  { label: '我的诉求', path: '/pages/cases/index', who: 'resident', marker: '我的诉求' },
  {
    label: '诉求详情 · 补充',
    path: ({ filed }) => `/resident/case/index?id=${filed.open.id}`,
    who: 'resident',
    marker: '补充材料',
    async open(page) {
      await page.locator('.nut-button', { hasText: '补充材料' }).filter({ visible: true }).first().click();
    },
  },
  {
    label: '诉求详情 · 催办',
    path: ({ filed }) => `/resident/case/index?id=${filed.open.id}`,
    who: 'resident',
    marker: '催办',
    // A resident may urge only near the deadline: the page is shown the case as the API shows it then.
    overdue: true,
  },
  {
    label: '诉求详情 · 评价',
    path: ({ filed }) => `/resident/case/index?id=${filed.replied.id}`,
    who: 'resident',
    marker: '评价',
    async open(page) {
      await page.locator('.nut-button', { hasText: '评价' }).filter({ visible: true }).first().click();
    },
  },
  {
    label: '诉求详情 · 申请重办',
    path: ({ filed }) => `/resident/case/index?id=${filed.closed.id}`,
    who: 'resident',
    marker: '申请重办',
    async open(page) {
      await page.locator('.nut-button', { hasText: '申请重办' }).filter({ visible: true }).first().click();
    },
  },
  { label: '设置', path: '/resident/settings/index', who: 'resident', marker: '大字模式' },
  { label: '服务状态', path: '/pages/status/index', who: null, marker: '正常' },
  // The public pages: residents open them without signing in, so they are held to the same rules.
  { label: '典型案例', path: '/public/cases/index', who: null, marker: '案例分布图' },
  {
    label: '典型案例 · 详情',
    path: ({ filed }) => `/public/case/index?id=${filed.published.id}`,
    who: null,
    marker: '办理过程',
  },
  { label: '办理统计', path: '/public/statistics/index', who: null, marker: '各单位“三率”及按时办结率' },
  {
    label: '进度查询',
    path: '/public/track/index',
    who: null,
    marker: '手机号后4位',
    async open(page, { filed }) {
      await page.locator('[aria-label="工单编号"] input').filter({ visible: true }).first().fill(filed.call.trackingNumber);
      await page.locator('[aria-label="手机号后4位"] input').filter({ visible: true }).first().fill(CALLER.slice(-4));
      await page.locator('.nut-button', { hasText: '查询' }).filter({ visible: true }).first().click();
      await page.getByText('当前状态').filter({ visible: true }).first().waitFor({ timeout: 10_000 });
    },
  },
];

const STAFF_PAGES = [
  { label: '工作人员登录', path: '/staff/pages/home/index', who: null, marker: '登录' },
  { label: '工作台', path: '/staff/pages/home/index', who: 'operator', marker: '退出登录' },
  { label: '工单队列', path: '/staff/pages/queue/index?set=review', who: 'operator', marker: '待受理' },
  {
    label: '工单详情',
    path: ({ filed }) => `/staff/pages/case/index?id=${filed.open.id}`,
    who: 'operator',
    marker: '受理',
  },
  { label: '电话登记', path: '/staff/pages/intake/index', who: 'operator', marker: '来电号码' },
  { label: '消息', path: '/staff/pages/inbox/index', who: 'operator', marker: /暂无消息|未读|\d+月\d+日/ },
  { label: '督办看板', path: '/staff/pages/board/index', who: 'supervisor', marker: '已超时' },
  { label: '三率', path: '/staff/pages/measures/index', who: 'analyst', marker: '满意率' },
  { label: '趋势分析', path: '/analytics/pages/trends/index', who: 'analyst', marker: '按周' },
  { label: '热点地图', path: '/analytics/pages/hotspots/index', who: 'analyst', marker: '诉求分类' },
  { label: '突增预警（近30天）', path: '/analytics/pages/spike/index', who: 'analyst', marker: '近30天的突增预警' },
  {
    label: '突增预警',
    path: ({ filed }) => `/analytics/pages/spike/index?id=${filed.spike}`,
    who: 'analyst',
    marker: /^基线/,
  },
  { label: '重复诉求（近30天）', path: '/analytics/pages/repeat/index', who: 'analyst', marker: '近30天的重复诉求' },
  {
    label: '重复诉求',
    path: ({ filed }) => `/analytics/pages/repeat/index?id=${filed.repeat}`,
    who: 'analyst',
    marker: /^同一分类、相距/,
  },
  { label: '周报（历期）', path: '/analytics/pages/bulletin/index', who: 'analyst', marker: '历期周报' },
  {
    label: '周报',
    path: ({ filed }) => `/analytics/pages/bulletin/index?id=${filed.bulletin}`,
    who: 'analyst',
    marker: /^生成于/,
  },
  { label: '每月一题（历次与定题）', path: '/analytics/pages/topic/index', who: 'analyst', marker: '定本月一题' },
  {
    label: '每月一题',
    path: ({ filed }) => `/analytics/pages/topic/index?id=${filed.topic}`,
    who: 'analyst',
    marker: '定题当月',
  },
  {
    label: '典型案例审核 · 新建',
    path: ({ filed }) => `/staff/pages/disclosure/index?caseId=${filed.closed.id}`,
    who: 'supervisor',
    marker: '公开时诉求人称呼为',
  },
  {
    label: '典型案例审核',
    path: ({ filed }) => `/staff/pages/disclosure/index?id=${filed.disclosure}`,
    who: 'supervisor',
    marker: '办理答复',
  },
  // The admin console, signed in as the county's admin, at a desk (where admins work).
  { label: '系统管理 · 单位', path: '/admin/pages/units/index', who: 'admin', marker: '单位目录', desk: true },
  { label: '系统管理 · 人员', path: '/admin/pages/staff/index', who: 'admin', marker: '工作人员', desk: true },
  { label: '系统管理 · 分类与派单目录', path: '/admin/pages/categories/index', who: 'admin', marker: '派单目录', desk: true },
  { label: '系统管理 · 时限与日历', path: '/admin/pages/time/index', who: 'admin', marker: '办理时限', desk: true },
  { label: '系统管理 · 外部渠道', path: '/admin/pages/integrations/index', who: 'admin', marker: '微信小程序与订阅消息', desk: true },
  { label: '系统管理 · 审计日志', path: '/admin/pages/audit/index', who: 'admin', marker: '管理操作审计', desk: true },
  { label: '系统管理 · 运行状况', path: '/admin/pages/health/index', who: 'admin', marker: '数据库', desk: true },
];

// Pages of app.config.ts the suite does not open, each with the reason. Empty: every page is visited.
const NOT_VISITED = {};

async function visit({ browser, baseUrl, sessions, filed }, spec, mode) {
  const context = await browser.newContext(mode === 'zoom200' ? ZOOMED_200 : mode === 'desk' ? DESK_1366 : PHONE_375);
  try {
    const session = spec.who ? sessions[spec.who] : null;
    await context.addInitScript(
      ({ session, large }) => {
        if (session)
          globalThis.localStorage.setItem('hotline.auth', JSON.stringify({ state: { session }, version: 0 }));
        globalThis.localStorage.setItem('hotline.largeText', large ? '1' : '0');
      },
      { session, large: mode === 'large' },
    );
    if (spec.init) await context.addInitScript(spec.init);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (spec.overdue)
      await page.route(
        (url) => /^\/api\/cases\/[^/]+$/.test(url.pathname),
        async (route) => {
          if (route.request().method() !== 'GET') return route.fallback();
          const response = await route.fetch();
          const body = await response.json();
          body.deadline = { dueAt: body.deadline?.dueAt ?? new Date().toISOString(), state: 'overdue' };
          return route.fulfill({ response, json: body });
        },
      );
    const target = typeof spec.path === 'function' ? spec.path({ filed }) : spec.path;
    await page.goto(`${baseUrl}${target}`);
    await settle(page, spec.marker).catch(async (error) => {
      await page.screenshot({ path: path.join(artifacts, `a11y-unsettled-${spec.label}-${mode}.png`), fullPage: true });
      throw error;
    });
    if (spec.open) {
      await spec.open(page, { filed });
      await page.waitForTimeout(500);
    }
    const result = await audit(page, spec.label, mode, { oneHeading: !spec.staff });
    table.push(result.row);
    if (errors.length) result.problems.push(...errors.map((e) => `page error: ${e}`));
    if (result.problems.length) {
      await page.screenshot({
        path: path.join(artifacts, `a11y-${spec.staff ? 'staff' : 'resident'}-${mode}-${table.length}.png`),
        fullPage: true,
      });
      throw new Error(`${spec.label} (${mode}):\n    ${result.problems.join('\n    ')}`);
    }
  } finally {
    await context.close();
  }
}

// `node e2e/a11y.e2e.mjs 设置 三率` runs only the pages whose label holds one of the words.
const only = process.argv.slice(2);
const chosen = (spec) => !only.length || only.some((word) => spec.label.includes(word));
for (const spec of RESIDENT_PAGES.filter(chosen))
  for (const mode of ['normal', 'large', 'zoom200'])
    test(`${spec.label}, ${MODE_NAMES[mode]}: no serious axe finding, MIIT numbers met`, (h) => visit(h, spec, mode));
for (const spec of STAFF_PAGES.filter(chosen))
  test(`staff ${spec.label}: no serious or critical axe finding, tap targets big enough`, (h) =>
    visit(h, { ...spec, staff: true }, spec.desk ? 'desk' : 'normal'),
  );

// Stands in for the prepared cases when only the routes of the pages are needed.
const FAKE_FILED = new Proxy({}, { get: () => ({ id: 'x', trackingNumber: 'x', due: '' }) });

/** The pages app.config.ts declares, as URL paths ('/staff/pages/queue/index'). */
function declaredPages() {
  const config = fs.readFileSync(path.join(repoRoot, 'apps/client/src/app.config.ts'), 'utf8');
  const quoted = (text) => [...text.matchAll(/'([^']+\/index)'/g)].map((m) => m[1]);
  const main = quoted(config.slice(config.indexOf('pages:'), config.indexOf('subPackages:')));
  const subs = [...config.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)].flatMap(([, root, list]) =>
    quoted(list).map((page) => `${root}/${page}`),
  );
  return [...main, ...subs].map((page) => `/${page}`);
}

test('every page app.config.ts declares is visited by this suite or listed as not visited with a reason', () => {
  const visited = new Set(
    [...RESIDENT_PAGES, ...STAFF_PAGES].map((spec) => {
      const url = typeof spec.path === 'function' ? spec.path({ filed: FAKE_FILED }) : spec.path;
      const route = url.split('?')[0];
      return route === '/' ? '/pages/home/index' : route;
    }),
  );
  const declared = declaredPages();
  if (declared.length < 20) throw new Error(`read only ${declared.length} pages from app.config.ts`);
  const missed = declared.filter((page) => !visited.has(page) && !NOT_VISITED[page]);
  if (missed.length) throw new Error(`pages neither visited nor listed in NOT_VISITED: ${missed.join(', ')}`);
  const stale = [...visited, ...Object.keys(NOT_VISITED)].filter((page) => !declared.includes(page));
  if (stale.length) throw new Error(`the suite names pages app.config.ts does not declare: ${stale.join(', ')}`);
});

/** Files three cases as a resident and moves two of them on through the staff API. */
async function prepare(api) {
  const token = async (role, unitCode) =>
    (await api('POST', '/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } })).accessToken;
  const login = async (role, unitCode) =>
    api('POST', '/auth/dev-login', { body: { role, ...(unitCode ? { unitCode } : {}) } });
  const resident = await login('resident');
  const sessions = { resident: { accessToken: resident.accessToken, refreshToken: null, user: resident.user } };
  for (const role of ['operator', 'supervisor', 'analyst', 'admin']) {
    const s = await login(role);
    sessions[role] = { accessToken: s.accessToken, refreshToken: null, user: s.user };
  }
  const file = (description) =>
    api('POST', '/cases', {
      token: resident.accessToken,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        demandType: 'help',
        categoryCode: '010101',
        description,
        address: '城关街道府前路 8 号',
        location: { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84' },
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      },
    });
  const operator = await token('operator');
  const dispatcher = await token('dispatcher');
  const supervisor = await token('supervisor');
  const township = await token('handler', 'T01');
  const units = Object.fromEntries(
    (await api('GET', '/staff/directory', { token: operator })).units.map((u) => [u.code, u]),
  );
  const act = (id, action, who, body = {}) => api('POST', `/staff/cases/${id}/${action}`, { token: who, body });
  async function toReplied(description) {
    const c = await file(description);
    await act(c.id, 'accept', operator);
    await act(c.id, 'dispatch', dispatcher, { leadUnitId: units.T01.id });
    await act(c.id, 'sign', township);
    await act(c.id, 'reply', township, { text: '已更换灯泡，恢复照明' });
    await act(c.id, 'review', supervisor, { decision: 'approve' });
    return c;
  }
  const open = await file('府前路小区门口的路灯连续三晚不亮，晚上出行不便');
  const replied = await toReplied('滨河路公交站旁的路灯不亮');
  const closed = await toReplied('东门菜市场旁的路灯忽明忽暗');
  await api('POST', `/cases/${closed.id}/rate`, {
    token: resident.accessToken,
    body: { satisfaction: 'satisfied', solved: true },
  });
  const due = (await api('GET', `/cases/${open.id}`, { token: resident.accessToken })).deadline?.dueAt ?? '';

  // A typical case: filed with consent to publish, closed after the call-back, moderated and published.
  const consenting = await api('POST', '/cases', {
    token: resident.accessToken,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      demandType: 'help',
      categoryCode: '010101',
      description: '府前路12号门口路灯连续三晚不亮',
      location: { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84' },
      address: '城关街道府前路12号',
      publishConsent: true,
      privacyConsentVersion: '2026-01',
    },
  });
  await act(consenting.id, 'accept', operator);
  await act(consenting.id, 'dispatch', dispatcher, { leadUnitId: units.T01.id });
  await act(consenting.id, 'sign', township);
  await act(consenting.id, 'reply', township, { text: '已更换路灯灯泡，恢复夜间照明' });
  await act(consenting.id, 'review', supervisor, { decision: 'approve' });
  await act(consenting.id, 'callback', operator, { satisfaction: 'satisfied', solved: true });
  const draft = await api('POST', '/disclosure', { token: supervisor, body: { caseId: consenting.id, filerTitle: 'ms' } });
  await api('POST', `/disclosure/${draft.id}/publish`, { token: supervisor });
  const published = (await api('GET', '/public/cases')).items[0];

  // A phone call, looked up on 进度查询 by its tracking number and the caller's last four digits.
  const call = await api('POST', '/cases/phone', {
    token: operator,
    body: { callerPhone: CALLER, demandType: 'consultation', categoryCode: '010201', description: '物业费收费标准咨询', acceptNow: true },
  });

  // Three street-light demands at one spot of 石桥乡, which had none before: a spike and a repeated demand,
  // found by the scheduler (every second in this suite).
  for (let i = 0; i < 3; i++)
    await api('POST', '/cases', {
      token: resident.accessToken,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        demandType: 'complaint',
        categoryCode: '010101',
        description: `石桥乡路灯不亮 第${i + 1}件`,
        location: { lat: 30.4305, lng: 114.7729, coordinateSystem: 'wgs84' },
        mediaIds: [],
        anonymous: false,
        privacyConsentVersion: '2026-01',
      },
    });
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const analyst = sessions.analyst.accessToken;
  let spike;
  let repeat;
  for (let i = 0; i < 30 && !(spike && repeat); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    spike = (await api('GET', `/analytics/spikes?from=${monthAgo}&to=${today}`, { token: analyst })).items[0]?.id;
    repeat = (await api('GET', `/analytics/repeats?from=${monthAgo}&to=${today}`, { token: analyst })).items[0]?.id;
  }
  if (!spike || !repeat) throw new Error(`the scheduler found no spike (${spike}) or no repeated demand (${repeat})`);
  // Last week's bulletin, built by the scheduler's first tick; this month's topic, marked by the analyst.
  const bulletin = (await api('GET', '/analytics/bulletins', { token: analyst })).items[0]?.id;
  if (!bulletin) throw new Error('the scheduler built no bulletin for last week');
  const topic = await api('POST', '/analytics/topics', {
    token: analyst,
    body: { month: today.slice(0, 7), categoryCode: '010101', title: '路灯夜间不亮' },
  });
  return {
    sessions,
    filed: { open: { ...open, due }, replied, closed, published, disclosure: draft.id, call, spike, repeat, bulletin, topic: topic.id },
  };
}

await runSuite({
  tests,
  dataDirPrefix: 'hotline-a11y-data-',
  serverEnv: { HOTLINE_FILINGS_PER_RESIDENT_DAY: '100', HOTLINE_SCHEDULER_INTERVAL_MS: '1000' },
  clearFailures: 'a11y-',
  async setup(server) {
    const api = apiOf(server.url);
    const { sessions, filed } = await prepare(api);
    const browser = await launchBrowser();
    return {
      session: () => ({
        args: { browser, baseUrl: server.url, sessions, filed },
        problems: [],
        onFailure: async () => {},
        close: async () => {},
      }),
      async close() {
        writeTable();
        await browser.close().catch(() => {});
      },
    };
  },
});
