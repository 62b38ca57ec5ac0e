// A database written by a release before the keyed chain (migration 0011) upgrades and verifies:
// its events keep their unkeyed hashes up to the boundary migration 0015 recorded, later events
// (on the old cases too) are keyed, and an edit of an old event is still found.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { AuditService } from '../src/cases/audit.service';
import { CasesRepository } from '../src/cases/cases.repository';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/database/database';
import { withRowGuardsLifted } from '../src/database/migrations/0011_keyed_audit';
import { migrations } from '../src/database/migrator';
import { createPgDatabase, startTestServer, testDbKind, type TestServer } from './harness';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** How the releases before 0011 hashed an event, and chained all events in one running hash. */
function oldHashes(e: Record<string, unknown>, prevHash: string | null, prevChain: string | null) {
  const hash = sha256(
    JSON.stringify([
      e.case_id, e.seq, e.type, e.from_status, e.to_status, e.actor_kind, e.actor_user_id, e.actor_role,
      e.actor_unit_id, e.at, e.payload_json, e.visibility, prevHash,
    ]),
  );
  return { hash, chain_hash: sha256(`${prevChain ?? 'genesis'}:${hash}`) };
}

describe(`audit trail of data written before the keyed chain on ${testDbKind}`, () => {
  let server: TestServer;
  let dataDir: string;
  let pgDb: { url: string; drop(): Promise<void> } | null = null;
  const oldCase = randomUUID();
  /** An old case nothing happens to after the upgrade: only the checkpoints hold its head. */
  const quietCase = randomUUID();
  const oldEvents: { id: number; seq: number }[] = [];
  let quietEvent = 0;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-legacy-'));
    pgDb = testDbKind === 'postgres' ? await createPgDatabase() : null;
    const env = { HOTLINE_DATA_DIR: dataDir, ...(pgDb ? { DATABASE_URL: pgDb.url } : {}) };
    // The release before 0011: its schema, one case with two events hashed its way.
    const before = openDatabase(loadConfig({ ...env, HOTLINE_DEMO: '1', LOG_LEVEL: 'silent' }));
    const db = before.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo('0010_analytics_rollups');
    if (error) throw error;
    const at = new Date(Date.now() - 86_400_000);
    for (const [id, n] of [[oldCase, 1], [quietCase, 2]] as const) {
      await db
        .insertInto('cases')
        .values({
          id, tracking_number: `HL20261101-00000${n}`, version: 2, status: 'accepted', deadline_state: 'normal',
          demand_type: 'help', urgency: 'normal', channel: 'phone', description: '升级前的工单：路灯不亮', media_ids: '[]',
          state_json: '{}', created_at: at.toISOString(), updated_at: at.toISOString(),
        })
        .execute();
    }
    let prev: { hash: string; chain_hash: string } | null = null;
    for (const [caseId, seq, type, from, to] of [
      [oldCase, 1, 'submit', null, 'submitted'],
      [oldCase, 2, 'accept', 'submitted', 'accepted'],
      [quietCase, 1, 'submit', null, 'submitted'],
    ] as const) {
      const content = {
        case_id: caseId, seq, type, from_status: from, to_status: to, actor_kind: 'staff', actor_user_id: null,
        actor_role: 'operator', actor_unit_id: null, at: new Date(at.getTime() + seq * 1000).toISOString(),
        payload_json: '{}', visibility: 'public',
      };
      const prevHash = seq === 1 ? null : (prev?.hash ?? null);
      const hashes = oldHashes(content, prevHash, prev?.chain_hash ?? null);
      const row = await db
        .insertInto('case_events')
        .values({ ...content, prev_hash: prevHash, ...hashes })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (caseId === oldCase) oldEvents.push({ id: Number(row.id), seq });
      else quietEvent = Number(row.id);
      prev = hashes;
    }
    await before.close();
    // The upgrade: this release starts on that database and migrates it (0011 onwards).
    server = await startTestServer(env);
  });
  afterAll(async () => {
    await server?.close();
    await pgDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies the old events by the old rule and everything after by the keyed one, on the old case too', async () => {
    const boundary = await server.database.db.selectFrom('audit_legacy_boundary').selectAll().execute();
    expect(boundary.map((b) => Number(b.through_event_id))).toEqual([quietEvent]);

    const cases = server.app.get(CasesRepository);
    await cases.transaction((trx) =>
      cases.appendEvent(trx, oldCase, {
        type: 'note', fromStatus: 'accepted', toStatus: 'accepted', actorKind: 'staff', actorUserId: null,
        actorRole: 'operator', actorUnitId: null, at: new Date().toISOString(), payload: { text: '升级后补记' }, visibility: 'internal',
      }),
    );
    const chain = await server.database.db.selectFrom('case_events').selectAll().where('case_id', '=', oldCase).orderBy('seq').execute();
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[2]!.prev_hash).toBe(chain[1]!.hash);

    const audit = server.app.get(AuditService);
    const report = await audit.verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    await audit.checkpoint('now');
    expect((await audit.verify()).ok).toBe(true);
  });

  it('refuses to move the boundary', async () => {
    const moved = await server.database.db
      .updateTable('audit_legacy_boundary')
      .set({ through_event_id: 1_000_000 })
      .execute()
      .then(
        () => 'accepted',
        (error: Error) => error.message,
      );
    expect(moved).toMatch(/audit_legacy_boundary is append-only/);
  });

  it('still finds an old event edited, and old events rehashed by the old rule (by the next keyed event or the checkpoint)', async () => {
    const audit = server.app.get(AuditService);
    const [first, second] = oldEvents;
    const tamper = (work: () => Promise<unknown>) => withRowGuardsLifted(server.database.db as never, 'case_events', work);
    await tamper(() => sql`update case_events set payload_json = '{"note":"改写"}' where id = ${first!.id}`.execute(server.database.db));
    expect((await audit.verify()).problems).toContainEqual({ eventId: first!.id, caseId: oldCase, problem: 'content_changed' });

    // Whoever rehashes the old events by the old rule breaks the link of the first keyed event.
    const rows = await server.database.db.selectFrom('case_events').selectAll().where('id', 'in', [first!.id, second!.id]).orderBy('id').execute();
    const h1 = oldHashes(rows[0]!, null, null).hash;
    const h2 = oldHashes(rows[1]!, h1, null).hash;
    await tamper(async () => {
      await sql`update case_events set hash = ${h1} where id = ${first!.id}`.execute(server.database.db);
      await sql`update case_events set prev_hash = ${h1}, hash = ${h2} where id = ${second!.id}`.execute(server.database.db);
    });
    const report = await audit.verify();
    expect(report.problems.filter((p) => p.eventId !== null && p.eventId <= second!.id)).toEqual([]);
    expect(report.problems).toContainEqual(expect.objectContaining({ caseId: oldCase, problem: 'case_link_broken' }));

    // An old case with no keyed event after it: the signed checkpoint holds its head.
    const quiet = await server.database.db.selectFrom('case_events').selectAll().where('id', '=', quietEvent).executeTakeFirstOrThrow();
    const forged = { ...quiet, payload_json: '{"note":"改写"}' };
    await tamper(() =>
      sql`update case_events set payload_json = ${forged.payload_json}, hash = ${oldHashes(forged, null, null).hash} where id = ${quietEvent}`.execute(server.database.db),
    );
    const after = await audit.verify();
    expect(after.problems.filter((p) => p.eventId === quietEvent)).toEqual([]);
    expect(after.problems).toContainEqual({ eventId: null, caseId: quietCase, problem: 'chain_head_missing' });
  });
});
