// Outside demo mode the real server process refuses to start without its secrets and gateways,
// naming every missing or wrong variable on its own line; with them it starts and keeps no
// generated secret beside the database.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, runServer, tempDir, validProductionEnv } from './support.mjs';

const dirs = [];
const dataDir = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function refusal(env) {
  const run = await runServer(env);
  if (run.stop) {
    await run.stop();
    assert.fail('the server started although it should have refused');
  }
  assert.equal(run.exited, 78, `exit code (stderr: ${run.output().stderr})`);
  return run.output().stderr.split('\n').filter((line) => line.startsWith('  - '));
}

const named = (lines, variable) => lines.filter((line) => line.startsWith(`  - ${variable}:`));

describe('production configuration, started as a real process', () => {
  it('refuses a bare start outside demo mode and names each missing secret and gateway', async () => {
    const lines = await refusal({ HOTLINE_DATA_DIR: dataDir() });
    for (const variable of ['HOTLINE_TOKEN_SECRET', 'HOTLINE_DATA_KEY', 'HOTLINE_AUDIT_KEY', 'SMS_SECRET_ID', 'VAPID_PUBLIC_KEY', 'VAPID_SUBJECT']) {
      assert.equal(named(lines, variable).length, 1, `one line for ${variable} in:\n${lines.join('\n')}`);
    }
    assert.equal(lines.length, 6);
  });

  it('refuses demo mode under NODE_ENV=production', async () => {
    const lines = await refusal({ HOTLINE_DATA_DIR: dataDir(), HOTLINE_DEMO: '1', NODE_ENV: 'production' });
    assert.equal(named(lines, 'HOTLINE_DEMO').length, 1, lines.join('\n'));
  });

  it('refuses the log SMS adapter under NODE_ENV=production even with every secret set', async () => {
    const lines = await refusal({ ...validProductionEnv(dataDir()), NODE_ENV: 'production' });
    assert.deepEqual(
      lines.map((l) => l.split(':')[0]),
      ['  - HOTLINE_SMS_LOG'],
    );
  });

  it('refuses a data key file kept inside the data directory, and a key of the wrong size', async () => {
    const dir = dataDir();
    const inside = path.join(dir, 'data.key');
    fs.writeFileSync(inside, randomBytes(32).toString('base64'));
    const env = { ...validProductionEnv(dir), HOTLINE_DATA_KEY: undefined, HOTLINE_DATA_KEY_FILE: inside };
    assert.match(named(await refusal(env), 'HOTLINE_DATA_KEY_FILE')[0] ?? '', /inside the data directory/);
    const lines = await refusal({ ...validProductionEnv(dataDir()), HOTLINE_DATA_KEY: randomBytes(16).toString('base64') });
    assert.match(named(lines, 'HOTLINE_DATA_KEY')[0] ?? '', /32 bytes/);
  });

  it('names each missing part of half-given SMS, WeChat and VAPID settings', async () => {
    const env = {
      ...validProductionEnv(dataDir()),
      HOTLINE_SMS_LOG: undefined,
      SMS_SECRET_ID: 'AKIDexample',
      SMS_SECRET_KEY: 'secret',
      SMS_TEMPLATE_IDS: 'login_code=100001',
      WECHAT_APP_ID: 'wx-not-an-appid',
      VAPID_PRIVATE_KEY: undefined,
    };
    const lines = await refusal(env);
    assert.equal(named(lines, 'SMS_SDK_APP_ID').length, 1, lines.join('\n'));
    assert.equal(named(lines, 'SMS_SIGN_NAME').length, 1);
    assert.match(named(lines, 'SMS_TEMPLATE_IDS')[0] ?? '', /case_update, case_alert/);
    assert.equal(named(lines, 'WECHAT_APP_SECRET').length, 1);
    assert.equal(named(lines, 'WECHAT_APP_ID').length, 1);
    assert.equal(named(lines, 'VAPID_PRIVATE_KEY').length, 1);
    assert.equal(named(lines, 'SMS_SECRET_ID').length, 0);
  });

  it('starts in production with every setting, a key file outside the data directory, and no dev sign-in', async () => {
    const dir = dataDir();
    const keyDir = dataDir();
    const keyFile = path.join(keyDir, 'hotline-data.key');
    fs.writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const env = {
      ...validProductionEnv(dir),
      NODE_ENV: 'production',
      HOTLINE_SMS_LOG: undefined,
      HOTLINE_DATA_KEY: undefined,
      HOTLINE_DATA_KEY_FILE: keyFile,
      SMS_SECRET_ID: 'AKIDexample',
      SMS_SECRET_KEY: 'secret',
      SMS_SDK_APP_ID: '1400000000',
      SMS_SIGN_NAME: '云泽县12345',
      SMS_TEMPLATE_IDS: 'login_code=100001,case_update=100002,case_alert=100003',
      WECHAT_APP_ID: 'wx0123456789abcdef',
      WECHAT_APP_SECRET: '0123456789abcdef0123456789abcdef',
    };
    const run = await runServer(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
    assert.ok(run.stop, `the server did not start: ${run.output?.().stderr}`);
    try {
      const health = await fetch(`${run.url}/api/health`);
      assert.equal(health.status, 200);
      const dev = await fetch(`${run.url}/api/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'admin' }),
      });
      assert.equal(dev.status, 404);
      assert.deepEqual(
        fs.readdirSync(dir).filter((f) => /secret|vapid|key/i.test(f)),
        [],
        'no secret written next to the database',
      );
    } finally {
      await run.stop();
    }
  });
});

describe('the production start', () => {
  it('.env.example documents every variable the server reads', async () => {
    const { createRequire } = await import('node:module');
    const { ENV_VARIABLES } = createRequire(import.meta.url)(path.join(repoRoot, 'server/dist/config/config.js'));
    const example = fs.readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    assert.deepEqual(ENV_VARIABLES.filter((name) => !documented.has(name)), []);
    assert.deepEqual([...documented].filter((name) => !ENV_VARIABLES.includes(name) && name !== 'HOTLINE_ENV_FILE'), []);
  });

  it('start:prod reads an env file, runs under NODE_ENV=production and refuses the example placeholders', async () => {
    const dir = dataDir();
    const envFile = path.join(dataDir(), 'hotline.env');
    fs.copyFileSync(path.join(repoRoot, '.env.example'), envFile);
    const run = await runServer({ HOTLINE_ENV_FILE: envFile, HOTLINE_DATA_DIR: dir }, { script: path.join(repoRoot, 'scripts/start-prod.mjs') });
    if (run.stop) await run.stop();
    assert.equal(run.exited, 78);
    const lines = run.output().stderr.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4).split(':')[0]);
    assert.deepEqual(
      lines.sort(),
      ['HOTLINE_AUDIT_KEY', 'HOTLINE_DATA_KEY', 'HOTLINE_TOKEN_SECRET', 'VAPID_PRIVATE_KEY', 'VAPID_PUBLIC_KEY'].sort(),
    );
  });
});
