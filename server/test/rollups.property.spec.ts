// Property: whatever the case histories, the roll-ups kept action by action (the case-event hook,
// in each action's transaction) equal a recomputation from the event log, and the admin rebuild
// leaves them unchanged. Histories are random walks through the real workflow door on the real
// database, with random clocks that cross days, deadlines and rating replacements.
import { DomainError, type CaseAction } from '@hotline/core';
import fc from 'fast-check';
import type { Insertable } from 'kysely';
import { CaseWorkflowService } from '../src/cases/case-workflow.service';
import { caseState } from '../src/cases/cases.repository';
import type { Principal } from '../src/auth/tokens';
import type { CaseRollupsTable } from '../src/database/schema';
import { RollupsRepository, rollupSums, sumBy } from '../src/analytics/rollups.repository';
import { RollupsService } from '../src/analytics/rollups.service';
import { startTestServer, testDbKind, type TestServer } from './harness';

type Act = Exclude<CaseAction, { type: 'submit' }>;
type Choice = [who: string, action: Act];

const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

describe(`analytics roll-ups on ${testDbKind}`, () => {
  let server: TestServer;
  let workflow: CaseWorkflowService;
  let rollups: RollupsService;
  let repository: RollupsRepository;
  const people: Record<string, Principal> = {};
  const unitByCode: Record<string, { id: string; kind: 'township' | 'village' | 'department'; parentId: string | null }> = {};
  const handlerOfUnit: Record<string, string> = {};
  let townships: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    workflow = server.app.get(CaseWorkflowService);
    rollups = server.app.get(RollupsService);
    repository = server.app.get(RollupsRepository);
    const db = server.database.db;
    for (const u of await db.selectFrom('units').select(['id', 'code', 'kind', 'parent_id']).execute())
      unitByCode[u.code] = { id: u.id, kind: u.kind as 'township', parentId: u.parent_id };
    for (const username of ['operator1', 'dispatcher1', 'supervisor1', 'resident1', 't01_handler', 't02_handler', 'zjj_handler', 't01v01_handler']) {
      const u = await db.selectFrom('users').select(['id', 'role', 'unit_id']).where('username', '=', username).executeTakeFirstOrThrow();
      people[username] = { userId: u.id, role: u.role, unitId: u.unit_id };
      if (u.role === 'handler' && u.unit_id) handlerOfUnit[u.unit_id] = username;
    }
    townships = (await db.selectFrom('areas').select('code').where('kind', '=', 'township').orderBy('code').limit(3).execute()).map((a) => a.code);
  }, 120_000);

  afterAll(() => server?.close());

  const unitRef = (code: string) => unitByCode[code]!;
  const targets = ['T01', 'T02', 'D-ZJJ'];

  /** The actions that make sense now, each with who would fire it. */
  async function choices(caseId: string, pick: number): Promise<Choice[]> {
    const row = await workflow.getVisible(caseId, people.supervisor1!);
    const s = caseState(row);
    const assignee = s.assignment.assigneeUnitId ? handlerOfUnit[s.assignment.assigneeUnitId] : undefined;
    const township = s.assignment.responsibleTownshipUnitId ? handlerOfUnit[s.assignment.responsibleTownshipUnitId] : undefined;
    const target = unitRef(targets[pick % targets.length]!);
    const rating = { satisfaction: satisfactions[pick % 3]!, solved: pick % 2 === 0 };
    const out: Choice[] = [];
    switch (s.status) {
      case 'submitted':
        out.push(['operator1', { type: 'accept' }]);
        if (pick % 5 === 0) out.push(['operator1', { type: 'request_info', question: '请补充具体位置' }]);
        if (pick % 7 === 0) out.push(['operator1', { type: 'reject', reason: '不属于受理范围' }]);
        break;
      case 'awaiting_info':
        out.push(['resident1', { type: 'supplement', text: '在小区东门' }]);
        break;
      case 'accepted':
        out.push(['dispatcher1', { type: 'dispatch', leadUnit: target }]);
        break;
      case 'dispatched':
        if (assignee) out.push([assignee, { type: 'sign' }], [assignee, { type: 'return', reason: '不属于本单位职责' }]);
        if (township) out.push([township, { type: 'take_back' }]);
        out.push(['supervisor1', { type: 'urge' }]);
        break;
      case 'signed':
        if (assignee) {
          out.push([assignee, { type: 'reply', text: '已处理完毕' }], [assignee, { type: 'reply', text: '已现场处理' }]);
          out.push([assignee, { type: 'request_extension', workingDays: 1 + (pick % 5), reason: '需协调' }]);
          out.push([assignee, { type: 'return', reason: '职责不符' }]);
          if (s.assignment.assigneeUnitId === unitRef('T01').id) out.push([assignee, { type: 'forward', village: unitRef('T01V01') }]);
        }
        if (s.flags.extensionPending) out.push(['supervisor1', { type: 'rule_extension', decision: pick % 2 ? 'grant' : 'refuse' }]);
        break;
      case 'returned':
        out.push(['dispatcher1', { type: 'rule_return', decision: 'redispatch', leadUnit: target }]);
        out.push(['supervisor1', { type: 'rule_return', decision: 'uphold' }]);
        break;
      case 'replied':
        out.push(['supervisor1', { type: 'review', decision: 'approve' }], ['supervisor1', { type: 'review', decision: 'send_back' }]);
        out.push(['resident1', { type: 'rate', ...rating }]);
        break;
      case 'callback':
        if (row.filer_user_id) out.push(['resident1', { type: 'rate', ...rating }]);
        out.push(['operator1', { type: 'callback', ...rating }]);
        break;
      case 'closed':
        if (s.flags.reopenPending) out.push(['supervisor1', { type: 'rule_reopen', decision: pick % 3 ? 'uphold' : 'refuse' }]);
        if (row.filer_user_id) out.push(['resident1', { type: 'rate', ...rating }], ['resident1', { type: 'request_reopen', reason: '问题没有解决' }]);
        break;
    }
    return out;
  }

  const step = fc.record({ caseIndex: fc.nat(), pick: fc.nat(), minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }) });
  const history = fc.record({
    cases: fc.array(
      fc.record({
        byPhone: fc.boolean(),
        acceptNow: fc.boolean(),
        township: fc.nat(),
        urgent: fc.boolean(),
        category: fc.constantFrom('010101', '010102'),
        located: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    steps: fc.array(step, { minLength: 5, maxLength: 60 }),
    startDay: fc.integer({ min: 0, max: 300 }),
  });

  const sortBuckets = (rows: Array<Insertable<CaseRollupsTable>>) =>
    [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it('should keep roll-ups equal to a recomputation from the events, for any case histories', async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ cases, steps, startDay }) => {
        let now = new Date(Date.UTC(2026, 0, 5, 1, 0) + startDay * 86_400_000);
        const ids: string[] = [];
        for (const c of cases) {
          const filer = c.byPhone ? people.operator1! : people.resident1!;
          const row = await workflow.submit(
            {
              demandType: 'help',
              urgency: c.urgent ? 'urgent' : 'normal',
              channel: c.byPhone ? 'phone' : 'wechat',
              categoryCode: c.category,
              description: '小区门口路灯不亮',
              address: null,
              location: c.located ? { lat: 30.5 + (c.township % 7) * 0.004, lng: 114.9, accuracyM: 10, crs: 'wgs84' } : null,
              townshipCode: townships[c.township % townships.length] ?? null,
              villageCode: null,
              filerUserId: c.byPhone ? null : people.resident1!.userId,
              contactName: null,
              contactPhone: null,
              anonymous: false,
              consentVersion: null,
              callId: null,
              callbackWanted: false,
              mediaIds: [],
              acceptNow: c.byPhone && c.acceptNow,
            },
            filer,
            { now },
          );
          ids.push(row.id);
        }
        for (const s of steps) {
          now = new Date(now.getTime() + s.minutes * 60_000);
          const caseId = ids[s.caseIndex % ids.length]!;
          const options = await choices(caseId, s.pick);
          // Half the time the first (forward-moving) action, so histories get deep.
          const n = s.pick % (2 * Math.max(1, options.length));
          const choice = options[n < options.length ? n : 0];
          if (!choice) continue;
          try {
            await workflow.act(caseId, choice[1], people[choice[0]]!, { now });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error; // refused by a rule (window passed, limit reached): no event
          }
        }
        const kept = sortBuckets(await repository.allBuckets());
        expect(kept).toEqual(sortBuckets(await rollups.recompute(server.database.db)));
        // Each narrow sum (day × unit, day × township × channel, day × category × channel) adds up its buckets.
        for (const sum of rollupSums) expect([sum.table, await repository.allSums(sum)]).toEqual([sum.table, sumBy(kept, sum.key)]);
      }),
      { numRuns: testDbKind === 'postgres' ? 12 : 25 },
    );
  }, 600_000);

  it('should count every filed case and every reply once, and leave the roll-ups unchanged when rebuilt', async () => {
    const db = server.database.db;
    const kept = sortBuckets(await repository.allBuckets());
    const total = (column: 'filed' | 'replied') => kept.reduce((sum, row) => sum + Number(row[column]), 0);
    const caseCount = await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const replyCount = await db
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'reply')
      .executeTakeFirstOrThrow();
    expect(total('filed')).toBe(Number(caseCount.n));
    expect(total('replied')).toBe(Number(replyCount.n));
    expect(Number(caseCount.n)).toBeGreaterThan(10);

    const cells = () => db.selectFrom('case_cells').selectAll().orderBy('case_id').execute();
    const cellsBefore = await cells();
    const located = await db.selectFrom('cases').select('id').where('lat', 'is not', null).execute();
    expect(cellsBefore).toHaveLength(located.length);
    expect(located.length).toBeGreaterThan(0);

    const report = await rollups.rebuild();
    expect(report?.cases).toBe(Number(caseCount.n));
    expect(sortBuckets(await repository.allBuckets())).toEqual(kept);
    for (const sum of rollupSums) expect([sum.table, await repository.allSums(sum)]).toEqual([sum.table, sumBy(kept, sum.key)]);
    expect(await cells()).toEqual(cellsBefore);
  }, 120_000);
});
