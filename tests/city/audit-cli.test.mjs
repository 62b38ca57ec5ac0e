// `npm run audit:verify` on a database the built server wrote, checkpointing on its own timer:
// intact, then broken once an attacker with the file's rights drops the triggers and deletes the
// newest event of a case (caught by the checkpoint) or edits one (caught by the keyed hash).
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { repoRoot, runServer, tempDir } from '../security/support.mjs';

const verify = (env) => {
  const run = spawnSync('npm', ['run', '--silent', 'audit:verify'], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
};

test('audit:verify passes on an intact trail and fails on a deleted newest event and on an edited one', async () => {
  const dataDir = tempDir('hotline-audit-');
  const env = { HOTLINE_DEMO: '1', HOTLINE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '300' };
  const server = await runServer(env);
  assert.ok(server.url, JSON.stringify(server.output?.()));
  const login = await fetch(`${server.url}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'operator' }),
  });
  const { accessToken } = await login.json();
  for (const n of [1, 2]) {
    const filed = await fetch(`${server.url}/api/cases/phone`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        callerPhone: '13912345678', callerName: '王建国', callbackWanted: false, callId: `CALL-AUDIT-${n}`,
        demandType: 'help', urgency: 'normal', description: '府前路小区门口路灯不亮已经三天，晚上很黑',
        address: '城关街道府前路 8 号', townshipCode: '421199001000', villageCode: '421199001001', acceptNow: true,
      }),
    });
    assert.equal(filed.status, 201);
  }
  // The timer checkpoints what existed one interval earlier: wait for two runs past the filings.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await server.stop();
  const checkpoints = fs.readFileSync(path.join(dataDir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
  assert.ok(checkpoints.length >= 1);
  const db = new Database(path.join(dataDir, 'hotline.sqlite'));
  const events = db.prepare('select count(*) as n from case_events').get().n;
  assert.ok(events >= 2);
  assert.equal(JSON.parse(checkpoints.at(-1)).events, events);

  const intact = verify(env);
  assert.equal(intact.code, 0, intact.out);
  assert.match(intact.out, new RegExp(`audit trail intact: ${events} events`));

  assert.throws(() => db.prepare('delete from case_events').run(), /append-only/);
  db.exec('drop trigger case_events_no_delete; drop trigger case_events_no_update');
  const newest = db.prepare('select id, case_id from case_events order by id desc limit 1').get();
  db.prepare('delete from case_events where id = ?').run(newest.id);
  const deleted = verify(env);
  assert.equal(deleted.code, 2, deleted.out);
  assert.match(deleted.out, new RegExp(`case ${newest.case_id}: chain_head_missing`));
  assert.match(deleted.out, /event_count_changed/);

  db.prepare("update case_events set payload_json = '{}' where id = (select min(id) from case_events)").run();
  const edited = verify(env);
  assert.equal(edited.code, 2);
  assert.match(edited.out, /content_changed/);
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
