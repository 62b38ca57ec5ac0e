// The server half of the notifications benchmark, run as a child process by notifications.bench.mjs
// so the API and its worker get their own event loop (and core) apart from the load and the fake
// WeChat server. Starts the compiled API in demo mode, gives resident1 an openid and a long-term
// WeChat subscription (through the real route), files and accepts the cases, then answers the
// parent over IPC: { setup } → { ready }, { drain } → the worker's drain() (backlog mode), { stats } → outbox counts, { close } → exits.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'server', 'package.json'));
const dist = (p) => path.join(root, 'server', 'dist', p);
require('reflect-metadata');
const { createApp } = require(dist('bootstrap.js'));
const { loadConfig } = require(dist('config/config.js'));
const { CaseWorkflowService } = require(dist('cases/case-workflow.service.js'));
const { NotificationWorker } = require(dist('notifications/notification.worker.js'));

const send = (message) =>
  new Promise((resolve, reject) => process.send(message, (err) => (err ? reject(err) : resolve())));
// Never outlive the parent.
process.on('disconnect', () => process.exit(0));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-notify-bench-'));
let running = null;

async function principalOf(db, username) {
  const u = await db
    .selectFrom('users')
    .select(['id', 'role', 'unit_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, role: u.role, unitId: u.unit_id };
}

async function setup({ cases, templateId }) {
  const config = loadConfig({
    ...process.env,
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_DEMO: '1',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  running = await createApp(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${running.app.getHttpServer().address().port}`;
  const { db } = running.database;
  const workflow = running.app.get(CaseWorkflowService);

  const resident = await principalOf(db, 'resident1');
  const operator = await principalOf(db, 'operator1');
  // WeChat sign-in needs the real WeChat; the openid it would store is set directly.
  await db
    .updateTable('users')
    .set({ wechat_openid: 'openid-bench-resident1' })
    .where('id', '=', resident.userId)
    .execute();
  const login = await fetch(`${url}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'resident' }),
  });
  const residentToken = (await login.json()).accessToken;
  const subscribed = await fetch(`${url}/api/me/subscriptions/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${residentToken}` },
    body: JSON.stringify({ choices: [{ templateId, choice: 'accept', kind: 'long_term' }] }),
  });
  if (subscribed.status !== 200)
    throw new Error(`subscription refused: ${subscribed.status} ${await subscribed.text()}`);
  const me = (await subscribed.json()).subscriptions;
  if (!me.some((s) => s.templateId === templateId && s.kind === 'long_term' && s.choice === 'accept'))
    throw new Error('long-term subscription not recorded');
  const whoami = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', resident.userId)
    .where('wechat_openid', 'is not', null)
    .executeTakeFirst();
  if (!whoami) throw new Error('resident has no openid');

  const started = performance.now();
  const caseIds = [];
  for (let i = 0; i < cases; i++) {
    const c = await workflow.submit(
      {
        demandType: 'complaint',
        urgency: 'normal',
        channel: 'weapp',
        categoryCode: null,
        description: `小区门口路灯连续一周不亮，晚上出行很不方便，请尽快修理（压测第 ${i + 1} 件）`,
        address: null,
        location: null,
        townshipCode: null,
        villageCode: null,
        filerUserId: resident.userId,
        contactName: '张秀英',
        contactPhone: '13800000024',
        anonymous: false,
        consentVersion: '2026-11',
        callId: null,
        callbackWanted: false,
        mediaIds: [],
      },
      resident,
    );
    await workflow.act(c.id, { type: 'accept' }, operator);
    caseIds.push(c.id);
  }
  const filingMs = performance.now() - started;
  const leadUnit = await db.selectFrom('units').select('id').where('code', '=', 'T01').executeTakeFirstOrThrow();
  const pending = await db.selectFrom('notification_outbox').select('id').where('status', '!=', 'sent').execute();
  return { url, caseIds, leadUnitId: leadUnit.id, filingMs, outboxBefore: pending.length, kind: running.database.kind };
}

async function stats() {
  const { db } = running.database;
  const rows = await db.selectFrom('notification_outbox').select(['channel', 'status', 'attempts']).execute();
  const counts = {};
  for (const r of rows) {
    const key = `${r.channel}:${r.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const retried = rows.filter((r) => Number(r.attempts) > 1).length;
  return { counts, retried };
}

process.on('message', async (message) => {
  try {
    if (message.type === 'setup') await send({ type: 'ready', ...(await setup(message)) });
    else if (message.type === 'drain')
      await send({ type: 'drained', handled: await running.app.get(NotificationWorker).drain() });
    else if (message.type === 'stats') await send({ type: 'stats', ...(await stats()) });
    else if (message.type === 'close') {
      await running?.app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await send({ type: 'closed' });
      process.exit(0);
    }
  } catch (err) {
    await send({ type: 'error', message: String(err?.stack ?? err) }).catch(() => undefined);
    await running?.app.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  }
});
await send({ type: 'started' });
