// Shared harness of the Chromium end-to-end suites (*.e2e.mjs): build checks, the demo server, browser profiles, locators for Taro's web components, screenshots and a small test runner.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverMain = path.join(repoRoot, 'server/dist/main.js');
export const webDir = path.join(repoRoot, 'apps/client/dist/h5');
export const artifacts = path.join(repoRoot, 'tests/artifacts');
// The JavaScript bytes a phone receives before the home page shows (as sent: compressed body).
export const FIRST_LOAD_JS_BUDGET = 120 * 1024;
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};
export const DESK = { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 };
const CHINA = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/** Exits with 2 and the command to run when the server or the H5 app has not been built. */
export function requireBuilds() {
  for (const [file, hint] of [
    [serverMain, 'npm run build -w @hotline/core && npm run build -w @hotline/server'],
    [path.join(webDir, 'index.html'), 'npm run build:h5 -w @hotline/client'],
  ]) {
    if (!fs.existsSync(file)) {
      console.error(`Missing ${path.relative(repoRoot, file)}: run \`${hint}\` first.`);
      process.exit(2);
    }
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The built server in demo mode on SQLite in dataDir, serving the H5 app; resolves once it prints its URL. */
export async function startServer(dataDir, { env = {}, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [serverMain], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOTLINE_DATA_DIR: dataDir,
      HOTLINE_DEMO: '1',
      HOTLINE_WEB_DIR: webDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${timeoutMs / 1000} s:\n${log}`)),
      timeoutMs,
    );
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
  return { url: `http://localhost:${port}`, child, log: () => log };
}

/** JSON over the API, for what a person does outside the pages under test. */
export function apiOf(baseUrl) {
  return async function api(method, route, { token, body, headers } = {}) {
    const res = await fetch(`${baseUrl}/api${route}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
}

// Taro's H5 widgets are custom elements: buttons by their NutUI class, fields by their inner input.
export const button = (page, text) => page.locator('.nut-button', { hasText: text }).filter({ visible: true }).first();
export const choice = (page, text) =>
  page.locator('.staff-choice', { hasText: text }).filter({ visible: true }).first();
export const field = (page, placeholder) =>
  page
    .locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`)
    .filter({ visible: true })
    .first();
export const caseCard = (page, number) => page.locator(`.staff-case[data-case="${number}"]`).first();
export const visible = (page, text) => page.getByText(text, { exact: true }).filter({ visible: true }).first();
/** Types into the Taro field whose wrapper carries aria-label="label". */
export const fillLabelled = async (page, label, value) => {
  const labelled = page.locator(`[aria-label="${label}"]`).filter({ visible: true }).first();
  await labelled.locator('input, textarea').first().fill(value);
};

/** A full-page screenshot into tests/artifacts as `${prefix}-${name}.png`, after settleMs of animations. */
export function screenshotter(prefix, { settleMs = 0 } = {}) {
  return async (page, name) => {
    if (settleMs) await page.waitForTimeout(settleMs);
    await page.screenshot({ path: path.join(artifacts, `${prefix}-${name}.png`), fullPage: true });
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/** One browser profile on a phone, kept on disk in userDataDir (service workers, storage). */
export function launchPhoneProfile(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    ...PHONE,
    deviceScaleFactor: 3,
    ...CHINA,
    ...options,
  });
}

/**
 * Setup for suites where every test gets a fresh page in one persistent phone profile:
 * tests receive { page, baseUrl, firstLoad, context }.
 */
export function phoneProfileSetup(prefix, options = {}) {
  return async (server) => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-e2e-chromium-'));
    let context;
    try {
      const health = await (await fetch(`${server.url}/api/health`)).json();
      console.log(`server ${server.url} · health ${JSON.stringify(health)}`);
      context = await launchPhoneProfile(userDataDir, options);
    } catch (error) {
      fs.rmSync(userDataDir, { recursive: true, force: true });
      throw error;
    }
    return {
      async session() {
        const page = await context.newPage();
        const problems = [];
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        const scripts = [];
        page.on('requestfinished', (request) => {
          const { origin, pathname } = new URL(request.url());
          if (origin !== server.url || !pathname.endsWith('.js')) return;
          scripts.push(
            Promise.all([request.sizes(), request.response()]).then(([sizes, response]) => ({
              url: pathname,
              received: sizes.responseBodySize,
              raw: fs.statSync(path.join(webDir, pathname)).size,
              encoding: response?.headers()['content-encoding'] ?? 'identity',
            })),
          );
        });
        const firstLoad = {
          async report() {
            const loaded = await Promise.all(scripts);
            const raw = loaded.reduce((sum, s) => sum + s.raw, 0);
            const received = loaded.reduce((sum, s) => sum + s.received, 0);
            const encodings = [...new Set(loaded.map((s) => s.encoding))].join('+');
            console.log(
              `  first-load JS: ${loaded.length} files, ${(raw / 1024).toFixed(1)} KB on disk, ${(received / 1024).toFixed(1)} KB received (${encodings})`,
            );
            if (received > FIRST_LOAD_JS_BUDGET) {
              throw new Error(
                `first-load JS ${(received / 1024).toFixed(1)} KB as served exceeds the ${FIRST_LOAD_JS_BUDGET / 1024} KB budget`,
              );
            }
          },
        };
        return {
          args: { page, baseUrl: server.url, firstLoad, context },
          problems,
          async onFailure(index) {
            await page
              .screenshot({ path: path.join(artifacts, `${prefix}-failure-${index}.png`), fullPage: true })
              .catch(() => {});
          },
          close: () => page.close(),
        };
      },
      async close() {
        await context.close().catch(() => {});
        fs.rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  };
}

/**
 * One browser context per person for one test: `open(who, PHONE | DESK)` answers that person's
 * page; page errors fail the test; on failure each page is saved as `<prefix>-failure-N-<who>.png`.
 */
export function personSessions(browser, prefix, args) {
  const contexts = [];
  const pages = [];
  const problems = [];
  const open = async (who, device) => {
    const context = await browser.newContext({ ...device, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`));
    pages.push([who, page]);
    return page;
  };
  return {
    args: { ...args, open },
    problems,
    async onFailure(index) {
      for (const [who, page] of pages) {
        await page
          .screenshot({ path: path.join(artifacts, `${prefix}-failure-${index}-${who}.png`), fullPage: true })
          .catch(() => {});
      }
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
    },
  };
}

/** Collects tests in the order they are declared; they run one after another and may build on each other. */
export function suite() {
  const tests = [];
  return { tests, test: (name, fn) => tests.push({ name, fn }) };
}

/**
 * Starts the server in a temp data dir, runs `setup(server)` (which answers { session(), close() }),
 * runs each test in its own session, prints `N passed, N failed` and exits 1 on any failure.
 */
export async function runSuite({ tests, setup, dataDirPrefix = 'hotline-e2e-data-', serverEnv, clearFailures }) {
  fs.mkdirSync(artifacts, { recursive: true });
  if (clearFailures) {
    for (const old of fs.readdirSync(artifacts))
      if (old.startsWith(clearFailures)) fs.rmSync(path.join(artifacts, old));
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), dataDirPrefix));
  let server;
  let harness;
  let passed = 0;
  let failed = 0;
  try {
    server = await startServer(dataDir, { env: serverEnv });
    harness = await setup(server);
    for (const { name, fn } of tests) {
      const session = await harness.session();
      try {
        await fn(session.args);
        if (session.problems.length) throw new Error(session.problems.join('\n'));
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
        await session.onFailure(passed + failed);
      } finally {
        await session.close();
      }
    }
  } catch (error) {
    failed += tests.length - passed - failed;
    console.log(`✗ setup failed: ${error.message}`);
  } finally {
    await harness?.close();
    if (server) {
      server.child.kill('SIGTERM');
      if (failed) console.log(`--- server log ---\n${server.log().slice(-3000)}`);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
