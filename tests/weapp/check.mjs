// Proves the built mini-program is one WeChat accepts, without WeChat's servers:
// WeChat's own WXML/WXSS compilers over the whole dist, miniprogram-ci's code
// quality scan, and the package sizes against our budget.
// Run `npm run build:weapp -w @hotline/client` first.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const distDir = path.resolve(repoRoot, process.env.HOTLINE_WEAPP_DIST ?? 'apps/client/dist/weapp');
// Our rules: what a resident downloads before the first page shows (WeChat allows 2 MB), and the
// staff workspace, which every handler downloads on a phone too.
const MAIN_PACKAGE_BUDGET = 500 * 1024;
// The analytics subpackage carries the chart library (ECharts, docs/decisions/0008-charts-echarts.md).
const SUBPACKAGE_BUDGETS = { 'staff/': 200 * 1024, 'analytics/': 1024 * 1024 };
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024; // WeChat's limit per subpackage
const TOTAL_LIMIT = 30 * 1024 * 1024; // WeChat's limit for all packages together
// Files the WeChat uploader leaves out (project.config.json packOptions.ignore).
const NOT_UPLOADED = [/\.LICENSE\.txt$/, /\.map$/, /^project\.config\.json$/, /^project\.private\.config\.json$/];

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.log(`  ✗ ${message}`);
};
const pass = (message) => console.log(`  ✓ ${message}`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

if (!fs.existsSync(path.join(distDir, 'app.json'))) {
  console.error(`No weapp build at ${distDir}: run \`npm run build:weapp -w @hotline/client\` first.`);
  process.exit(2);
}
const appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8'));
const files = listFiles(distDir).filter((f) => !NOT_UPLOADED.some((re) => re.test(f)));

// 1. WeChat's WXML compiler (wcc) and WXSS compiler (wcsc) over every file.
// Their output is the code the WeChat view layer runs; it is run here in a
// sandbox with the few browser globals it reads, and every page is rendered once.
console.log('\nWXML / WXSS (miniprogram-compiler: wcc, wcsc)');
const { wxmlToJs, wxssToJs } = require('miniprogram-compiler');
const compilerOptions = { maxBuffer: 64 * 1024 * 1024 };
const injectedStyles = [];
const viewLayer = vm.createContext({
  navigator: { userAgent: 'iPhone' },
  screen: { width: 375, height: 812 },
  devicePixelRatio: 2,
  document: {
    head: { appendChild: (el) => injectedStyles.push(el) },
    createElement: () => ({
      childNodes: [],
      setAttribute() {},
      appendChild(node) {
        this.childNodes.push(node);
      },
    }),
    createTextNode: (nodeValue) => ({ nodeValue }),
  },
});
viewLayer.window = viewLayer;
const load = (code) => vm.runInContext(`(function (global) {${code}\n})({})`, viewLayer);

const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
const pages = [
  ...appJson.pages,
  ...subPackages.flatMap((sub) => sub.pages.map((p) => `${sub.root.replace(/\/$/, '')}/${p}`)),
];
const wxmlCount = files.filter((f) => f.endsWith('.wxml')).length;
const wxssCount = files.filter((f) => f.endsWith('.wxss')).length;

try {
  const $gwx = load(wxmlToJs(distDir, compilerOptions));
  pass(`${wxmlCount} WXML files and ${files.filter((f) => f.endsWith('.wxs')).length} WXS modules compiled by wcc`);
  for (const page of pages) {
    const render = $gwx(`${page}.wxml`);
    if (typeof render !== 'function') {
      fail(`page ${page}: wcc produced no render function`);
      continue;
    }
    const tree = render({ root: { cn: [] } }, {}, {});
    if (tree?.tag === 'wx-page') pass(`page ${page} renders`);
    else fail(`page ${page}: unexpected render result ${JSON.stringify(tree)?.slice(0, 80)}`);
  }
} catch (error) {
  fail(`WXML: ${error.message}`);
}

try {
  // wxssToJs hides a wcsc syntax error (wcsc returns it rather than throwing): ask wcsc first.
  const wcsc = require('miniprogram-compiler/src/wcsc');
  const raw = wcsc(
    distDir,
    files.filter((f) => f.endsWith('.wxss')).map((f) => f.slice(0, -5)),
    compilerOptions,
  );
  if (raw instanceof Error) throw raw;
  const wxss = wxssToJs(distDir, compilerOptions);
  const styleOf = load(wxss);
  pass(`${wxssCount} WXSS files compiled by wcsc`);
  for (const entry of ['app', ...pages]) {
    if (!files.includes(`${entry}.wxss`)) continue;
    const apply = styleOf(`${entry}.wxss`);
    if (typeof apply !== 'function') {
      fail(`${entry}.wxss: wcsc produced no style function`);
      continue;
    }
    const before = injectedStyles.length;
    apply();
    const css = injectedStyles
      .slice(before)
      .map((el) => el.childNodes[0]?.nodeValue ?? '')
      .join('');
    if (css.length > 0) pass(`${entry}.wxss applies ${css.length} characters of CSS`);
    else fail(`${entry}.wxss applied no CSS`);
  }
} catch (error) {
  fail(`WXSS: ${error.message}`);
}

// 2. miniprogram-ci's offline code quality scan.
console.log('\nCode quality (miniprogram-ci checkCodeQuality)');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-weapp-check-'));
try {
  const projectDir = path.join(work, 'project');
  fs.cpSync(distDir, projectDir, { recursive: true });
  const rootConfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'project.config.json'), 'utf8'));
  delete rootConfig.miniprogramRoot;
  fs.writeFileSync(path.join(projectDir, 'project.config.json'), JSON.stringify(rootConfig, null, 2));
  // The scan never signs anything, but the Project wants a key file: a throwaway one.
  const keyPath = path.join(work, 'private.touristappid.key');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));

  const ci = require('miniprogram-ci');
  const project = new ci.Project({
    appid: rootConfig.appid ?? 'touristappid',
    type: 'miniProgram',
    projectPath: projectDir,
    privateKeyPath: keyPath,
    ignores: ['node_modules/**/*'],
  });
  const results = await ci.checkCodeQuality(project);
  // `text` names the problem the rule looks for; it only applies when success is false.
  for (const item of results) {
    if (item.success) pass(`${item.name} ok`);
    else if (item.name === 'PACKAGE_SIZE_LIMIT') fail(`${item.name}: ${item.text}`);
    else console.log(`  ! ${item.name}: ${item.text} (${item.docURL ?? ''})`);
  }
} catch (error) {
  fail(`checkCodeQuality could not run: ${error.message}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

// 3. Package sizes: what WeChat downloads before the first page shows.
console.log('\nPackage sizes');
const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/?$/, '/'));
const sizes = new Map([['main', 0], ...subRoots.map((root) => [root, 0])]);
let total = 0;
for (const file of files) {
  const bytes = fs.statSync(path.join(distDir, file)).size;
  const root = subRoots.find((r) => file.startsWith(r)) ?? 'main';
  sizes.set(root, sizes.get(root) + bytes);
  total += bytes;
}
for (const [name, bytes] of sizes)
  console.log(`  ${name === 'main' ? 'main package' : `subpackage ${name}`}: ${kb(bytes)}`);
console.log(`  total: ${kb(total)} (${files.length} files)`);
const largest = files
  .map((f) => [f, fs.statSync(path.join(distDir, f)).size])
  .sort((a, b) => b[1] - a[1])
  .slice(0, 5);
console.log(`  largest: ${largest.map(([f, b]) => `${f} ${kb(b)}`).join(', ')}`);
const main = sizes.get('main');
if (main > MAIN_PACKAGE_BUDGET) fail(`main package ${kb(main)} exceeds the ${kb(MAIN_PACKAGE_BUDGET)} budget`);
else pass(`main package ${kb(main)} is within the ${kb(MAIN_PACKAGE_BUDGET)} budget`);
for (const [name, budget] of Object.entries(SUBPACKAGE_BUDGETS)) {
  const bytes = sizes.get(name);
  if (bytes === undefined) fail(`subpackage ${name} is missing`);
  else if (bytes > budget) fail(`subpackage ${name} ${kb(bytes)} exceeds its ${kb(budget)} budget`);
  else pass(`subpackage ${name} ${kb(bytes)} is within its ${kb(budget)} budget`);
}
for (const [name, bytes] of sizes) {
  if (name === 'main') continue;
  if (bytes > SUBPACKAGE_LIMIT) fail(`subpackage ${name} ${kb(bytes)} exceeds WeChat's 2 MB limit`);
  else pass(`subpackage ${name} ${kb(bytes)} is within WeChat's 2 MB limit`);
}
if (total > TOTAL_LIMIT) fail(`all packages ${kb(total)} exceed WeChat's 30 MB limit`);
else pass(`all packages ${kb(total)} are within WeChat's 30 MB limit`);

// 4. Notification links: the page a WeChat message, a Web Push or an inbox item opens exists.
console.log('\nNotification links');
const { casePages, matterPages, reportPages } = require(path.join(repoRoot, 'packages/core/dist/links.js'));
const builtPages = new Set([
  ...appJson.pages,
  ...(appJson.subPackages ?? appJson.subpackages ?? []).flatMap((sub) => sub.pages.map((p) => `${sub.root.replace(/\/$/, '')}/${p}`)),
]);
for (const [audience, page] of Object.entries(casePages)) {
  if (builtPages.has(page)) pass(`${audience} notifications open ${page}`);
  else fail(`${audience} notifications open ${page}, which app.json does not declare`);
}
for (const [kind, page] of Object.entries(matterPages)) {
  if (builtPages.has(page)) pass(`${kind} alerts open ${page}`);
  else fail(`${kind} alerts open ${page}, which app.json does not declare`);
}
for (const [kind, page] of Object.entries(reportPages)) {
  if (builtPages.has(page)) pass(`${kind} reports open ${page}`);
  else fail(`${kind} reports open ${page}, which app.json does not declare`);
}

console.log(failures.length ? `\nweapp check FAILED (${failures.length})` : '\nweapp check passed');
process.exit(failures.length ? 1 : 0);
