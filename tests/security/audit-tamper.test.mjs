// Database tampering against the audit trail, checked the way an operator checks it: the built
// server writes cases (and checkpoints on its own timer), then an attacker with the database file's
// rights — triggers dropped — edits a row, deletes a row in the middle, deletes the newest event
// of a case, recomputes an edited row's hash without the key, or restores an older copy of the
// database, and forges the checkpoint file. `npm run audit:verify` must pass the intact copy and
// fail every tampered one, each tampering on its own copy.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { repoRoot, runServer, tempDir } from './support.mjs';

const DB_FILE = 'hotline.sqlite';
const CHECKPOINTS = 'audit-checkpoints.jsonl';
const envFor = (dataDir) => ({ HOTLINE_DEMO: '1', HOTLINE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOTLINE_AUDIT_CHECKPOINT_INTERVAL_MS: '300' });
const tamperFigures = { tamperings: 0, caught: 0 };

const verify = (dataDir) => {
  const run = spawnSync('npm', ['run', '--silent', 'audit:verify'], { cwd: repoRoot, env: { ...process.env, ...envFor(dataDir) }, encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
};

let original; // the data directory the server wrote: database, checkpoints, demo secrets
let olderCopy; // the same directory as it was before the last filing
const scratch = [];

/** A copy of `from` (database, checkpoint file and the demo key) for one tampering. */
function copyOf(from = original) {
  const dir = tempDir('hotline-tamper-');
  scratch.push(dir);
  for (const name of fs.readdirSync(from)) {
    const source = path.join(from, name);
    if (fs.statSync(source).isFile()) fs.copyFileSync(source, path.join(dir, name));
  }
  return dir;
}

/** Opens a copy's database as the attacker: the triggers that refuse UPDATE and DELETE dropped. */
function asAttacker(dir, work) {
  const db = new Database(path.join(dir, DB_FILE));
  try {
    assert.throws(() => db.prepare('delete from case_events').run(), /append-only/, 'the triggers refuse first');
    db.exec('drop trigger case_events_no_delete; drop trigger case_events_no_update');
    return work(db);
  } finally {
    db.close();
  }
}

/** The attacker's tampering must fail verification with `problem`. */
function assertCaught(dir, problem) {
  tamperFigures.tamperings++;
  const report = verify(dir);
  assert.equal(report.code, 2, report.out);
  assert.match(report.out, problem);
  assert.match(report.out, /audit trail BROKEN/);
  tamperFigures.caught++;
}

async function file(url, token, n) {
  const res = await fetch(`${url}/api/cases/phone`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      callerPhone: '13912345678', callerName: '王建国', callbackWanted: false, callId: `CALL-TAMPER-${n}`,
      demandType: 'help', urgency: 'normal', description: '府前路小区门口路灯不亮已经三天，晚上很黑',
      address: '城关街道府前路 8 号', townshipCode: '421199001000', villageCode: '421199001001', acceptNow: true,
    }),
  });
  assert.equal(res.status, 201);
  return (await res.json()).id;
}

before(async () => {
  original = tempDir('hotline-audit-');
  const server = await runServer(envFor(original));
  assert.ok(server.url, JSON.stringify(server.output?.()));
  const login = await fetch(`${server.url}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator' }) });
  const { accessToken } = await login.json();
  for (const n of [1, 2]) {
    const id = await file(server.url, accessToken, n);
    // A second event on each case, so that a case's chain has a middle and an end.
    const rejected = await fetch(`${server.url}/api/staff/cases/${id}/request-info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ question: '请补充具体位置' }),
    });
    assert.ok(rejected.status < 300, await rejected.text());
  }
  // The timer checkpoints what existed one interval earlier: wait for two runs past the filings.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  olderCopy = copyOf(original);
  await file(server.url, accessToken, 3);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await server.stop();
});

after(() => {
  for (const dir of [original, ...scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`\ntamper figures: ${JSON.stringify(tamperFigures)}\n`);
});

describe('the audit trail against someone who can write the database', () => {
  it('verifies the untouched trail, every event under the newest checkpoint', () => {
    const db = new Database(path.join(original, DB_FILE), { readonly: true });
    const events = db.prepare('select count(*) as n from case_events').get().n;
    db.close();
    const checkpoints = fs.readFileSync(path.join(original, CHECKPOINTS), 'utf8').trim().split('\n');
    assert.equal(JSON.parse(checkpoints.at(-1)).events, events);
    const intact = verify(copyOf());
    assert.equal(intact.code, 0, intact.out);
    assert.match(intact.out, new RegExp(`audit trail intact: ${events} events`));
  });

  it('finds an edited row', () => {
    const dir = copyOf();
    asAttacker(dir, (db) => db.prepare("update case_events set payload_json = '{\"question\":\"已解决\"}' where type = 'request_info' and id = (select min(id) from case_events where type = 'request_info')").run());
    assertCaught(dir, /content_changed/);
  });

  it('finds a deleted row in the middle of a case’s chain', () => {
    const dir = copyOf();
    const gone = asAttacker(dir, (db) => {
      const first = db.prepare("select id, case_id from case_events where seq = 1 order by id limit 1").get();
      db.prepare('delete from case_events where id = ?').run(first.id);
      return first;
    });
    assertCaught(dir, new RegExp(`case ${gone.case_id}, event \\d+: (case_link_broken|sequence_gap)`));
    assert.match(verify(dir).out, /event_count_changed/);
  });

  it('finds the newest event of a case deleted, which leaves a chain that still links', () => {
    const dir = copyOf();
    const newest = asAttacker(dir, (db) => {
      const row = db.prepare('select id, case_id from case_events order by id desc limit 1').get();
      db.prepare('delete from case_events where id = ?').run(row.id);
      return row;
    });
    assertCaught(dir, new RegExp(`case ${newest.case_id}: chain_head_missing`));
    assert.match(verify(dir).out, /event_count_changed/);
  });

  it('finds an edited row whose hash was recomputed without the key (plain SHA-256, links mended)', () => {
    const dir = copyOf();
    asAttacker(dir, (db) => {
      const events = db.prepare('select * from case_events where case_id = (select case_id from case_events order by id limit 1) order by seq').all();
      let prev = null;
      for (const e of events) {
        const payload = e.type === 'request_info' ? JSON.stringify({ question: '无需处理' }) : e.payload_json;
        const fields = [e.case_id, e.seq, e.type, e.from_status, e.to_status, e.actor_kind, e.actor_user_id, e.actor_role, e.actor_unit_id, e.at, payload, e.visibility, prev];
        const hash = createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
        db.prepare('update case_events set payload_json = ?, prev_hash = ?, hash = ? where id = ?').run(payload, prev, hash, e.id);
        prev = hash;
      }
    });
    assertCaught(dir, /content_changed/);
  });

  it('finds an older copy of the database restored under the newer checkpoints', () => {
    const dir = copyOf();
    for (const side of ['', '-wal', '-shm']) {
      fs.rmSync(path.join(dir, DB_FILE + side), { force: true });
      if (fs.existsSync(path.join(olderCopy, DB_FILE + side))) fs.copyFileSync(path.join(olderCopy, DB_FILE + side), path.join(dir, DB_FILE + side));
    }
    assertCaught(dir, /chain_head_missing|event_count_changed/);
  });

  it('finds a checkpoint that no longer matches: rewritten without the key to fit a deletion', () => {
    const dir = copyOf();
    // Delete the newest event and rewrite the last checkpoint to agree, without the key.
    const newest = asAttacker(dir, (db) => {
      const row = db.prepare('select id, case_id, seq from case_events order by id desc limit 1').get();
      db.prepare('delete from case_events where id = ?').run(row.id);
      return row;
    });
    const file = path.join(dir, CHECKPOINTS);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1));
    last.events -= 1;
    delete last.heads[newest.case_id];
    lines[lines.length - 1] = JSON.stringify(last);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    assertCaught(dir, /checkpoint: checkpoint_forged/);
  });
});
