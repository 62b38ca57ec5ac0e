// The audit trail against someone who can write the database: triggers refuse edits, and when an
// attacker with the owner's rights lifts them, verification (keyed chains + the signed checkpoints
// outside the database) still finds every edit, deletion, rehash and rollback.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Principal } from '../src/auth/tokens';
import { AuditService } from '../src/cases/audit.service';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { CasesRepository } from '../src/cases/cases.repository';
import { withRowGuardsLifted } from '../src/database/migrations/0011_keyed_audit';
import { principalOf, residentFiling } from './fixtures';
import { devLogin, startTestServer, testDbKind, type TestServer } from './harness';

const refusal = (query: Promise<unknown>) =>
  query.then(
    () => 'accepted',
    (error: Error) => String(error.message),
  );

describe(`audit trail against the database on ${testDbKind}`, () => {
  let server: TestServer;
  let audit: AuditService;
  let workflow: CaseWorkflowService;
  let admin: string;
  let resident: Principal;
  let operator: Principal;

  const fileAndAccept = async () => {
    const row = await workflow.submit(residentFiling(resident.userId), resident);
    return workflow.act(row.id, { type: 'accept' }, operator);
  };
  const eventsOf = (caseId: string) =>
    server.database.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  const tamper = (work: () => Promise<unknown>) => withRowGuardsLifted(server.database.db as never, 'case_events', work);
  const verifyViaApi = async () => (await server.request('GET', '/api/admin/audit/verify', { token: admin })).body;

  beforeEach(async () => {
    server = await startTestServer();
    audit = server.app.get(AuditService);
    workflow = server.app.get(CaseWorkflowService);
    admin = await devLogin(server, 'admin');
    resident = await principalOf(server, 'resident1');
    operator = await principalOf(server, 'operator1');
  });
  afterEach(() => server?.close());

  it('refuses UPDATE and DELETE of case events and admin audit rows, whoever asks', async () => {
    const row = await fileAndAccept();
    await server.request('PUT', '/api/admin/calendar/2027-02-01', { token: admin, body: { kind: 'holiday', note: '审计' } });
    const db = server.database.db;
    expect(await refusal(db.updateTable('case_events').set({ payload_json: '{}' }).where('case_id', '=', row.id).execute())).toMatch(
      /case_events is append-only/,
    );
    expect(await refusal(db.deleteFrom('case_events').where('case_id', '=', row.id).execute())).toMatch(/append-only/);
    expect(await refusal(db.updateTable('admin_audit').set({ actor_id: 'x' }).execute())).toMatch(/append-only/);
    expect(await refusal(db.deleteFrom('admin_audit').execute())).toMatch(/append-only/);
    if (testDbKind === 'postgres') {
      expect(await refusal(sql`truncate case_events cascade`.execute(db))).toMatch(/case_events is append-only/);
      expect(await refusal(sql`truncate admin_audit`.execute(db))).toMatch(/admin_audit is append-only/);
    }
    expect(await eventsOf(row.id)).toHaveLength(2);
    expect((await verifyViaApi()).ok).toBe(true);
  });

  it('finds an edited event through the API check', async () => {
    const row = await fileAndAccept();
    const [filed] = await eventsOf(row.id);
    await tamper(() => sql`update case_events set actor_role = 'admin' where id = ${filed!.id}`.execute(server.database.db));
    const report = await verifyViaApi();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ eventId: Number(filed!.id), caseId: row.id, problem: 'content_changed' });
  });

  it('finds an event whose hash was recomputed without the key, the way the old unkeyed chain worked', async () => {
    const row = await fileAndAccept();
    const [, accepted] = await eventsOf(row.id);
    const forged = { ...accepted!, payload_json: '{"note":"改写"}' };
    const unkeyed = createHash('sha256')
      .update(
        JSON.stringify([
          forged.case_id, forged.seq, forged.type, forged.from_status, forged.to_status, forged.actor_kind,
          forged.actor_user_id, forged.actor_role, forged.actor_unit_id, forged.at, forged.payload_json,
          forged.visibility, forged.prev_hash,
        ]),
      )
      .digest('hex');
    await tamper(() =>
      sql`update case_events set payload_json = ${forged.payload_json}, hash = ${unkeyed} where id = ${accepted!.id}`.execute(
        server.database.db,
      ),
    );
    const report = await audit.verify();
    expect(report.problems).toContainEqual({ eventId: Number(accepted!.id), caseId: row.id, problem: 'content_changed' });
  });

  it('finds a deleted event in the middle of a chain', async () => {
    const row = await fileAndAccept();
    const [first] = await eventsOf(row.id);
    await tamper(() => sql`delete from case_events where id = ${first!.id}`.execute(server.database.db));
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ caseId: row.id, problem: 'sequence_gap' }));
  });

  it('finds the newest event of a case deleted after a checkpoint, and a whole case rolled back', async () => {
    const row = await fileAndAccept();
    const other = await fileAndAccept();
    const total = Number((await sql<{ n: number }>`select count(*) as n from case_events`.execute(server.database.db)).rows[0]!.n);
    expect(await audit.checkpoint('now')).toMatchObject({ events: total });
    expect((await audit.verify()).ok).toBe(true);
    const events = await eventsOf(row.id);
    await tamper(() => sql`delete from case_events where id = ${events[events.length - 1]!.id}`.execute(server.database.db));
    const report = await verifyViaApi();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ eventId: null, caseId: row.id, problem: 'chain_head_missing' });
    expect(report.problems).toContainEqual({ eventId: null, caseId: null, problem: 'event_count_changed' });
    expect(report.problems).not.toContainEqual(expect.objectContaining({ caseId: other.id }));
  });

  it('keeps verifying as cases move on after a checkpoint, and checkpoints only what moved', async () => {
    const row = await fileAndAccept();
    await audit.checkpoint('now');
    const later = await fileAndAccept();
    const second = await audit.checkpoint('now');
    expect(Object.keys(second!.heads)).toEqual([later.id]);
    expect(second!.events).toBe((await verifyViaApi()).eventsChecked);
    expect(await verifyViaApi()).toMatchObject({
      ok: true,
      checkpointsChecked: 2,
      lastCheckpoint: { at: second!.at, events: second!.events, throughEventId: second!.throughEventId },
    });
    expect(row.id).not.toBe(later.id);
  });

  it('refuses a checkpoint line edited in the file', async () => {
    await fileAndAccept();
    await audit.checkpoint('now');
    const file = path.join(server.dataDir, 'audit-checkpoints.jsonl');
    const line = JSON.parse(fs.readFileSync(file, 'utf8').trim()) as { events: number };
    fs.writeFileSync(file, `${JSON.stringify({ ...line, events: line.events + 1 })}\n`);
    const report = await audit.verify();
    expect(report.problems).toContainEqual({ eventId: null, caseId: null, problem: 'checkpoint_forged' });
  });

  it('lets a write to one case proceed while another case has an open write', async () => {
    const a = await fileAndAccept();
    const b = await fileAndAccept();
    const cases = server.app.get(CasesRepository);
    const event = {
      type: 'note', fromStatus: null, toStatus: 'accepted', actorKind: 'user', actorUserId: operator.userId,
      actorRole: 'operator', actorUnitId: null, at: new Date().toISOString(), payload: {}, visibility: 'internal' as const,
    };
    if (testDbKind === 'sqlite') {
      // One writer in SQLite by design; the per-case chain still appends in order.
      await cases.transaction((trx) => cases.appendEvent(trx, a.id, event));
      await cases.transaction((trx) => cases.appendEvent(trx, b.id, event));
    } else {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let aAppended!: () => void;
      const aIn = new Promise<void>((resolve) => (aAppended = resolve));
      const slow = cases.transaction(async (trx) => {
        await cases.appendEvent(trx, a.id, event);
        aAppended();
        await held;
      });
      await aIn;
      const writeB = cases.transaction((trx) => cases.appendEvent(trx, b.id, event)).then(() => 'committed');
      const outcome = await Promise.race([writeB, new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000))]);
      release();
      await slow;
      await writeB;
      // B committed while A's transaction was still open: no lock shared between the two cases.
      expect(outcome).toBe('committed');
    }
    expect((await eventsOf(a.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await eventsOf(b.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await audit.verify()).ok).toBe(true);
  });
});
