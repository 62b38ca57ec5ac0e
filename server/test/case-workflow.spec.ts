// The case core over a real database: filing, the whole handling path, concurrent actions and
// the tamper-evident event log.
import { sql } from 'kysely';
import type { Principal } from '../src/auth/tokens';
import { AuditService } from '../src/cases/audit.service';
import { CaseWorkflowService, type NewCaseInput } from '../src/cases/case-workflow.service';
import { withRowGuardsLifted } from '../src/database/migrations/0011_keyed_audit';
import { principalOf, residentFiling, unitIdOf } from './fixtures';
import { startTestServer, testDbKind, type TestServer } from './harness';

describe(`case workflow core on ${testDbKind}`, () => {
  let server: TestServer;
  let workflow: CaseWorkflowService;
  const who: Record<string, Principal> = {};

  const userOf = (username: string) => principalOf(server, username);
  const unitId = (code: string) => unitIdOf(server, code);
  const filing = (filer: Principal): NewCaseInput => residentFiling(filer.userId);

  beforeAll(async () => {
    server = await startTestServer();
    workflow = server.app.get(CaseWorkflowService);
    for (const name of [
      'resident1',
      'resident2',
      'resident3',
      'operator1',
      'dispatcher1',
      'supervisor1',
      't01_handler',
      't01v01_handler',
      't02_handler',
    ]) {
      who[name] = await userOf(name);
    }
  });
  afterAll(() => server?.close());

  it('files a case as submitted with a tracking number and a running deadline', async () => {
    const row = await workflow.submit(filing(who.resident1!), who.resident1!);
    expect(row.status).toBe('submitted');
    expect(row.tracking_number).toMatch(/^HL\d{8}-\d{6}$/);
    expect(row.contact_phone_enc).not.toContain('13800000024');
    const second = await workflow.submit(filing(who.resident1!), who.resident1!);
    expect(Number(second.tracking_number.slice(-6))).toBe(Number(row.tracking_number.slice(-6)) + 1);
  });

  it('carries a case from filing through township, village, reply and callback to closed', async () => {
    const t01 = await workflow.unitRef(await unitId('T01'));
    const village = await workflow.unitRef(await unitId('T01V01'));
    let row = await workflow.submit(filing(who.resident1!), who.resident1!);
    row = await workflow.act(row.id, { type: 'accept' }, who.operator1!);
    row = await workflow.act(row.id, { type: 'dispatch', leadUnit: t01 }, who.dispatcher1!);
    expect(row.status).toBe('dispatched');
    expect(row.assignee_unit_id).toBe(t01.id);
    row = await workflow.act(row.id, { type: 'sign' }, who.t01_handler!);
    row = await workflow.act(row.id, { type: 'forward', village }, who.t01_handler!);
    expect(row.assignee_unit_id).toBe(village.id);
    expect(row.responsible_township_unit_id).toBe(t01.id);
    row = await workflow.act(row.id, { type: 'sign' }, who.t01v01_handler!);
    row = await workflow.act(row.id, { type: 'reply', text: '已更换路灯灯泡，恢复照明' }, who.t01v01_handler!);
    row = await workflow.act(row.id, { type: 'review', decision: 'approve' }, who.supervisor1!);
    row = await workflow.act(row.id, { type: 'callback', satisfaction: 'satisfied', solved: true }, who.operator1!);
    expect(row.status).toBe('closed');
    const events = await server.database.db
      .selectFrom('case_events')
      .select(['type', 'visibility'])
      .where('case_id', '=', row.id)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'submit',
      'accept',
      'dispatch',
      'sign',
      'forward',
      'sign',
      'reply',
      'review',
      'callback',
    ]);
  });

  it('hides a case from another resident and from a unit it was never sent to, as if it did not exist', async () => {
    const row = await workflow.submit(filing(who.resident1!), who.resident1!);
    await expect(workflow.getVisible(row.id, who.resident2!)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    await expect(workflow.getVisible(row.id, who.t02_handler!)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    await expect(workflow.act(row.id, { type: 'urge' }, who.resident2!)).rejects.toMatchObject({
      code: 'CASE_NOT_FOUND',
    });
  });

  it('lets one of two simultaneous actions win and answers the other with CONFLICT', async () => {
    const row = await workflow.submit(filing(who.resident1!), who.resident1!);
    const results = await Promise.allSettled([
      workflow.act(row.id, { type: 'accept' }, who.operator1!),
      workflow.act(row.id, { type: 'reject', reason: '不属于受理范围' }, who.operator1!),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(['CONFLICT', 'TRANSITION_NOT_ALLOWED']).toContain(rejected[0]!.reason.code);
  });

  it('counts residents who follow a case as repeated demands and tells the supervisors at the third', async () => {
    const row = await workflow.submit(filing(who.resident1!), who.resident1!);
    await workflow.recordRepeatDemand(row.id, who.resident2!);
    await workflow.recordRepeatDemand(row.id, who.resident2!);
    await workflow.recordRepeatDemand(row.id, who.resident1!);
    const afterTwo = await server.database.db
      .selectFrom('case_events')
      .select('payload_json')
      .where('case_id', '=', row.id)
      .where('type', '=', 'repeat_demand')
      .execute();
    expect(afterTwo.map((e) => JSON.parse(e.payload_json).demandCount)).toEqual([2]);

    await workflow.recordRepeatDemand(row.id, who.resident3!);
    const events = await server.database.db
      .selectFrom('case_events')
      .select(['payload_json', 'visibility'])
      .where('case_id', '=', row.id)
      .where('type', '=', 'repeat_demand')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => JSON.parse(e.payload_json).demandCount)).toEqual([2, 3]);
    expect(events.every((e) => e.visibility === 'internal')).toBe(true);
    const inbox = await server.database.db
      .selectFrom('notification_inbox')
      .select(['title'])
      .where('case_id', '=', row.id)
      .where('user_id', '=', who.supervisor1!.userId)
      .execute();
    expect(inbox.map((i) => i.title)).toContain('同一问题已有3位群众反映');
    expect((await server.app.get(AuditService).verify()).ok).toBe(true);
  });

  it('finds an event edited directly in SQL', async () => {
    const audit = server.app.get(AuditService);
    expect((await audit.verify()).ok).toBe(true);
    const victim = await server.database.db
      .selectFrom('case_events')
      .select('id')
      .orderBy('id')
      .limit(1)
      .offset(2)
      .executeTakeFirstOrThrow();
    // As an attacker with the tables' owner rights, who can lift the append-only triggers.
    await withRowGuardsLifted(server.database.db as never, 'case_events', () =>
      sql`update case_events set payload_json = ${'{"reason":"tampered"}'} where id = ${victim.id}`.execute(server.database.db),
    );
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ eventId: Number(victim.id), problem: 'content_changed' }),
    );
  });

  it('finds an event deleted directly in SQL', async () => {
    const audit = server.app.get(AuditService);
    const victim = await server.database.db
      .selectFrom('case_events')
      .select(['id', 'case_id'])
      .where('seq', '=', 2)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await withRowGuardsLifted(server.database.db as never, 'case_events', () =>
      sql`delete from case_events where id = ${victim.id}`.execute(server.database.db),
    );
    const report = await audit.verify();
    expect(report.problems).toContainEqual(
      expect.objectContaining({ caseId: victim.case_id, problem: 'sequence_gap' }),
    );
  });
});
