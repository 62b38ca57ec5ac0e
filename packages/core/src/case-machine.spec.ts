import type { Actor, CaseAction, CaseActionType, CaseState, UnitRef } from './case-actions';
import { caseActionTypes } from './case-actions';
import { allowedActions, applyAction, newCaseState, refreshDeadlineState, type MachineContext } from './case-machine';
import { DomainError, type ErrorCode } from './errors';
import { fromShanghaiLocal as sh, toShanghaiLocal } from './shanghai-time';
import { caseStatuses, openStatuses, type CaseStatus } from './vocabulary';

const NOW = sh('2026-11-24T10:00'); // a Tuesday
const hoursBefore = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();
const hoursAfter = (h: number) => new Date(NOW.getTime() + h * 3600_000).toISOString();
const local = (iso: string | null | undefined) => (iso ? toShanghaiLocal(iso) : iso);

const township: UnitRef = { id: 'u-town', kind: 'township', parentId: null };
const village: UnitRef = { id: 'u-village', kind: 'village', parentId: 'u-town' };
const otherVillage: UnitRef = { id: 'u-village-2', kind: 'village', parentId: 'u-other-town' };
const department: UnitRef = { id: 'u-housing', kind: 'department', parentId: null };
const department2: UnitRef = { id: 'u-water', kind: 'department', parentId: null };

const actors = {
  filer: { kind: 'resident', role: 'resident', userId: 'r1', relations: ['filer'] },
  follower: { kind: 'resident', role: 'resident', userId: 'r2', relations: ['follower'] },
  stranger: { kind: 'resident', role: 'resident', userId: 'r3', relations: [] },
  operator: { kind: 'staff', role: 'operator', userId: 's1', unitId: 'u-centre', relations: [] },
  dispatcher: { kind: 'staff', role: 'dispatcher', userId: 's2', unitId: 'u-centre', relations: [] },
  supervisor: { kind: 'staff', role: 'supervisor', userId: 's3', unitId: 'u-centre', relations: [] },
  assigneeHandler: { kind: 'staff', role: 'handler', userId: 'h1', unitId: 'u-town', relations: ['assignee_staff'] },
  assigneeManager: {
    kind: 'staff',
    role: 'unit_manager',
    userId: 'h2',
    unitId: 'u-town',
    relations: ['assignee_staff'],
  },
  assistingHandler: { kind: 'staff', role: 'handler', userId: 'h3', unitId: 'u-water', relations: ['assisting_staff'] },
  townshipHandler: {
    kind: 'staff',
    role: 'handler',
    userId: 'h4',
    unitId: 'u-town',
    relations: ['responsible_township_staff'],
  },
  otherHandler: { kind: 'staff', role: 'handler', userId: 'h5', unitId: 'u-else', relations: [] },
  analyst: { kind: 'staff', role: 'analyst', userId: 'a1', relations: [] },
  admin: { kind: 'staff', role: 'admin', userId: 'a2', relations: [] },
  scheduler: { kind: 'system', role: 'system', userId: null, relations: [] },
  open311: { kind: 'system', role: 'integration', userId: null, relations: [] },
  residentPosingAsOperator: { kind: 'resident', role: 'operator', userId: 'r9', relations: [] },
} satisfies Record<string, Actor>;
type ActorName = keyof typeof actors;
const villageHandler: Actor = {
  kind: 'staff',
  role: 'handler',
  userId: 'v1',
  unitId: 'u-village',
  relations: ['assignee_staff'],
};

/** A case in `status` at a township, signed an hour ago, with its reply step already in warning. */
function caseIn(status: CaseStatus): CaseState {
  const s = newCaseState({ caseId: 'c1', demandType: 'complaint', urgency: 'normal' });
  s.status = status;
  s.resumeStatus = status === 'awaiting_info' ? 'accepted' : null;
  s.assignment = {
    leadUnitId: 'u-town',
    assistingUnitIds: ['u-water'],
    assigneeUnitId: 'u-town',
    assigneeUnitKind: 'township',
    responsibleTownshipUnitId: null,
  };
  s.unitsVisited = ['u-town'];
  s.signedAt = hoursBefore(1);
  if (status === 'closed') {
    s.closedAt = hoursBefore(48);
    s.resolution = 'resolved';
  } else {
    s.clock = { step: 'reply', startedAt: hoursBefore(72), warnAt: hoursBefore(1), dueAt: hoursAfter(20) };
  }
  return s;
}

function atVillage(s: CaseState): CaseState {
  s.assignment.assigneeUnitId = village.id;
  s.assignment.assigneeUnitKind = 'village';
  s.assignment.responsibleTownshipUnitId = township.id;
  return s;
}

interface ActionSpec {
  action: CaseAction;
  actor: ActorName;
  /** The statuses DOMAIN.md's table allows, written out independently of the machine. */
  from: readonly CaseStatus[] | 'new';
  prepare?: (s: CaseState) => CaseState;
  /** Every role that may fire it in the right status. */
  allowed: readonly ActorName[];
}

const specs: Record<CaseActionType, ActionSpec> = {
  submit: {
    action: { type: 'submit', caseId: 'c-new', demandType: 'complaint', urgency: 'normal', channel: 'wechat' },
    actor: 'filer',
    from: 'new',
    allowed: ['filer', 'follower', 'stranger', 'operator', 'open311'],
  },
  accept: { action: { type: 'accept' }, actor: 'operator', from: ['submitted'], allowed: ['operator'] },
  reject: {
    action: { type: 'reject', reason: '不属于受理范围' },
    actor: 'operator',
    from: ['submitted'],
    allowed: ['operator'],
  },
  merge: {
    action: { type: 'merge', parentCaseId: 'c0' },
    actor: 'operator',
    from: ['submitted', 'accepted'],
    allowed: ['operator'],
  },
  answer: {
    action: { type: 'answer', knowledgeEntryId: 'k1', text: '办理时间为工作日' },
    actor: 'operator',
    from: ['submitted', 'accepted'],
    allowed: ['operator'],
  },
  request_info: {
    action: { type: 'request_info', question: '请补充具体地址' },
    actor: 'operator',
    from: ['submitted', 'accepted'],
    allowed: ['operator'],
  },
  supplement: {
    action: { type: 'supplement', text: '在3号楼' },
    actor: 'filer',
    from: openStatuses,
    allowed: ['filer'],
  },
  dispatch: {
    action: { type: 'dispatch', leadUnit: department, assistingUnits: [department2] },
    actor: 'dispatcher',
    from: ['accepted'],
    allowed: ['dispatcher', 'operator'],
  },
  sign: {
    action: { type: 'sign' },
    actor: 'assigneeHandler',
    from: ['dispatched'],
    allowed: ['assigneeHandler', 'assigneeManager'],
  },
  forward: {
    action: { type: 'forward', village },
    actor: 'assigneeHandler',
    from: ['signed'],
    allowed: ['assigneeHandler', 'assigneeManager'],
  },
  take_back: {
    action: { type: 'take_back' },
    actor: 'townshipHandler',
    from: ['dispatched', 'signed'],
    prepare: atVillage,
    allowed: ['townshipHandler'],
  },
  return: {
    action: { type: 'return', reason: '不属于本单位职责' },
    actor: 'assigneeHandler',
    from: ['dispatched', 'signed'],
    allowed: ['assigneeHandler', 'assigneeManager'],
  },
  rule_return: {
    action: { type: 'rule_return', decision: 'redispatch', leadUnit: department },
    actor: 'supervisor',
    from: ['returned'],
    allowed: ['dispatcher', 'supervisor'],
  },
  request_extension: {
    action: { type: 'request_extension', workingDays: 3, reason: '需要现场勘查' },
    actor: 'assigneeHandler',
    from: ['signed'],
    allowed: ['assigneeHandler', 'assigneeManager'],
  },
  rule_extension: {
    action: { type: 'rule_extension', decision: 'grant' },
    actor: 'supervisor',
    from: ['signed'],
    prepare: (s) => ({ ...s, flags: { ...s.flags, extensionPending: true }, requestedExtensionDays: 2 }),
    allowed: ['supervisor'],
  },
  contribute: {
    action: { type: 'contribute', text: '水务局已排查管网' },
    actor: 'assistingHandler',
    from: ['dispatched', 'signed'],
    allowed: ['assistingHandler'],
  },
  reply: {
    action: { type: 'reply', text: '已修复路灯' },
    actor: 'assigneeHandler',
    from: ['signed'],
    allowed: ['assigneeHandler', 'assigneeManager'],
  },
  review: {
    action: { type: 'review', decision: 'approve' },
    actor: 'supervisor',
    from: ['replied'],
    allowed: ['supervisor', 'operator'],
  },
  callback: {
    action: { type: 'callback', satisfaction: 'satisfied', solved: true },
    actor: 'operator',
    from: ['callback'],
    allowed: ['operator', 'supervisor'],
  },
  rate: {
    action: { type: 'rate', satisfaction: 'satisfied', solved: true },
    actor: 'filer',
    from: ['replied', 'callback', 'closed'],
    allowed: ['filer'],
  },
  request_reopen: {
    action: { type: 'request_reopen', reason: '问题没有解决' },
    actor: 'filer',
    from: ['closed'],
    allowed: ['filer'],
  },
  rule_reopen: {
    action: { type: 'rule_reopen', decision: 'uphold' },
    actor: 'supervisor',
    from: ['closed'],
    prepare: (s) => ({ ...s, flags: { ...s.flags, reopenPending: true } }),
    allowed: ['supervisor'],
  },
  urge: {
    action: { type: 'urge' },
    actor: 'filer',
    from: openStatuses,
    allowed: ['filer', 'follower', 'operator', 'dispatcher', 'supervisor', 'scheduler'],
  },
  supervise: {
    action: { type: 'supervise' },
    actor: 'supervisor',
    from: openStatuses,
    allowed: ['supervisor', 'scheduler'],
  },
};

function stateFor(type: CaseActionType, status: CaseStatus | null): CaseState | null {
  if (status === null) return null;
  const s = caseIn(status);
  return specs[type].prepare?.(s) ?? s;
}

function refusal(run: () => unknown): ErrorCode | 'allowed' {
  try {
    run();
    return 'allowed';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

function expectCode(run: () => unknown, code: ErrorCode): void {
  expect(refusal(run)).toBe(code);
}

describe('every action × every status', () => {
  const cases = caseActionTypes.flatMap((type) =>
    [null, ...caseStatuses].map((status) => [type, status ?? 'no case yet', status] as const),
  );

  it.each(cases)('%s on %s', (type, _label, status) => {
    const spec = specs[type];
    const state = stateFor(type, status);
    const expected =
      spec.from === 'new'
        ? status === null
          ? 'allowed'
          : 'TRANSITION_NOT_ALLOWED'
        : status === null
          ? 'CASE_NOT_FOUND'
          : spec.from.includes(status)
            ? 'allowed'
            : 'TRANSITION_NOT_ALLOWED';
    const actor = actors[spec.actor];
    expect(refusal(() => applyAction(state, spec.action, actor, NOW))).toBe(expected);
    if (state !== null || type === 'submit') {
      expect(allowedActions(state, actor, NOW).includes(type)).toBe(expected === 'allowed');
    }
  });
});

describe('every action × every actor', () => {
  const names = Object.keys(actors) as ActorName[];
  const cases = caseActionTypes.flatMap((type) => names.map((name) => [type, name] as const));

  it.each(cases)('%s by %s', (type, name) => {
    const spec = specs[type];
    const status = spec.from === 'new' ? null : (spec.from[0] ?? null);
    const result = refusal(() => applyAction(stateFor(type, status), spec.action, actors[name], NOW));
    expect(result).toBe(spec.allowed.includes(name) ? 'allowed' : 'ROLE_NOT_ALLOWED');
  });
});

/** Runs actions in order, returning the final state and every transition. */
function run(start: CaseState | null, steps: [CaseAction, Actor, Date?][], ctx?: MachineContext) {
  let state = start;
  const transitions = steps.map(([action, actor, at]) => {
    const t = applyAction(state, action, actor, at ?? NOW, ctx);
    state = t.state;
    return t;
  });
  return { state: state as unknown as CaseState, transitions };
}

describe('the happy path', () => {
  it('takes a resident complaint from submission to closed, with a clock for every step', () => {
    const { state, transitions } = run(null, [
      [specs.submit.action, actors.filer],
      [{ type: 'accept' }, actors.operator],
      [{ type: 'dispatch', leadUnit: township }, actors.dispatcher],
      [{ type: 'sign' }, actors.assigneeHandler],
      [{ type: 'reply', text: '已处理' }, actors.assigneeHandler],
      [{ type: 'review', decision: 'approve' }, actors.supervisor],
      [{ type: 'callback', satisfaction: 'satisfied', solved: true }, actors.operator],
    ]);
    expect(transitions.map((t) => `${t.event.fromStatus ?? '-'}→${t.event.toStatus}`)).toEqual([
      '-→submitted',
      'submitted→accepted',
      'accepted→dispatched',
      'dispatched→signed',
      'signed→replied',
      'replied→callback',
      'callback→closed',
    ]);
    const clocks = transitions.flatMap((t) => t.effects.filter((e) => e.type === 'start_step_clock'));
    expect(clocks.map((c) => [c.step, local(c.dueAt)])).toEqual([
      ['accept', '2026-11-24T11:00'],
      ['dispatch', '2026-11-24T11:00'],
      ['sign', '2026-11-24T12:00'],
      ['reply', '2026-12-08T10:00'],
      ['callback', '2026-11-26T10:00'],
    ]);
    expect(transitions[6]?.effects).toContainEqual({ type: 'stop_step_clock' });
    expect(state).toMatchObject({ status: 'closed', resolution: 'resolved', satisfaction: 'satisfied', clock: null });
    expect(state.closedAt).toBe(NOW.toISOString());
  });

  it('lets an operator submit and accept a phone call at once, but not a resident', () => {
    const phone: CaseAction = { ...specs.submit.action, channel: 'phone', acceptNow: true } as CaseAction;
    const t = applyAction(null, phone, actors.operator, NOW);
    expect(t.state.status).toBe('accepted');
    expect(t.effects[0]).toMatchObject({ type: 'start_step_clock', step: 'dispatch' });
    expectCode(() => applyAction(null, phone, actors.filer, NOW), 'ROLE_NOT_ALLOWED');
  });

  it('gives a filed demand one working hour to be accepted, warning at 80 %, and an urgent one 30 minutes', () => {
    const filed = applyAction(null, specs.submit.action, actors.filer, NOW);
    expect(filed.state.clock).toMatchObject({ step: 'accept' });
    expect(local(filed.state.clock?.warnAt)).toBe('2026-11-24T10:48');
    expect(local(filed.state.clock?.dueAt)).toBe('2026-11-24T11:00');
    expect(refreshDeadlineState(filed.state, new Date(NOW.getTime() + 50 * 60_000)).flags.deadlineState).toBe('warning');
    expect(refreshDeadlineState(filed.state, new Date(NOW.getTime() + 61 * 60_000)).flags.deadlineState).toBe('overdue');
    const urgent = applyAction(null, { ...specs.submit.action, urgency: 'urgent' } as CaseAction, actors.filer, NOW);
    expect(local(urgent.state.clock?.dueAt)).toBe('2026-11-24T10:30');
  });

  it('lets the operator mark a demand urgent while accepting it, which shortens the dispatch limit', () => {
    const filed = applyAction(null, specs.submit.action, actors.filer, NOW);
    const accepted = applyAction(filed.state, { type: 'accept', urgency: 'urgent' }, actors.operator, NOW);
    expect(accepted.state.urgency).toBe('urgent');
    expect(accepted.state.clock).toMatchObject({ step: 'dispatch' });
    expect(local(accepted.state.clock?.dueAt)).toBe('2026-11-24T10:30');
    expect(accepted.state.flags.deadlineState).toBe('normal');
  });

  it('gives urgent cases 30 minutes to sign and 24 clock hours to reply', () => {
    const urgent = { ...caseIn('dispatched'), urgency: 'urgent' as const, clock: null };
    const dispatched = applyAction(
      { ...urgent, status: 'accepted' },
      { type: 'dispatch', leadUnit: township },
      actors.dispatcher,
      NOW,
    );
    expect(local(dispatched.state.clock?.dueAt)).toBe('2026-11-24T10:30');
    const signed = applyAction(dispatched.state, { type: 'sign' }, actors.assigneeHandler, NOW);
    expect(local(signed.state.clock?.dueAt)).toBe('2026-11-25T10:00');
  });

  it('closes when the resident rates a case awaiting callback, and only once', () => {
    const rated = applyAction(caseIn('callback'), specs.rate.action, actors.filer, NOW);
    expect(rated.state).toMatchObject({ status: 'closed', resolution: 'resolved', ratedAt: NOW.toISOString() });
    expectCode(() => applyAction(rated.state, specs.rate.action, actors.filer, NOW), 'ALREADY_RATED');
    expect(allowedActions(rated.state, actors.filer, NOW)).toEqual(['request_reopen']);
  });

  it('records a rating of a replied case without moving it, and tells supervisors when unsatisfied', () => {
    const t = applyAction(
      caseIn('replied'),
      { type: 'rate', satisfaction: 'unsatisfied', solved: false },
      actors.filer,
      NOW,
    );
    expect(t.state.status).toBe('replied');
    expect(t.effects).toContainEqual({ type: 'notify', audience: 'supervisors' });
  });
});

describe('purity', () => {
  it('never changes the state it is given', () => {
    const samples: [CaseState, CaseAction, Actor][] = [
      [caseIn('signed'), { type: 'forward', village }, actors.assigneeHandler],
      [caseIn('replied'), { type: 'review', decision: 'send_back' }, actors.supervisor],
      [caseIn('accepted'), specs.request_info.action, actors.operator],
      [caseIn('returned'), { type: 'rule_return', decision: 'uphold' }, actors.supervisor],
      [specs.rule_extension.prepare!(caseIn('signed')), specs.rule_extension.action, actors.supervisor],
    ];
    for (const [state, action, actor] of samples) {
      const before = JSON.stringify(state);
      const after = applyAction(state, action, actor, NOW).state;
      expect(JSON.stringify(state)).toBe(before);
      expect(JSON.stringify(after)).not.toBe(before);
    }
  });
});

describe('the centre before dispatch', () => {
  it('rejects with a reason only', () => {
    expectCode(
      () => applyAction(caseIn('submitted'), { type: 'reject', reason: '  ' }, actors.operator, NOW),
      'VALIDATION_FAILED',
    );
    const t = applyAction(caseIn('submitted'), specs.reject.action, actors.operator, NOW);
    expect(t.state).toMatchObject({ status: 'rejected', resolution: 'rejected' });
    expect(allowedActions(t.state, actors.filer, NOW)).toEqual([]);
  });

  it('merges into a parent case, whose followers then include the filer', () => {
    const t = applyAction(caseIn('accepted'), specs.merge.action, actors.operator, NOW);
    expect(t.state).toMatchObject({ status: 'merged', mergedIntoCaseId: 'c0', resolution: 'merged' });
    expect(t.effects).toContainEqual({ type: 'follow_parent', parentCaseId: 'c0' });
    expectCode(
      () => applyAction(caseIn('accepted'), { type: 'merge', parentCaseId: 'c1' }, actors.operator, NOW),
      'MERGE_INTO_SELF',
    );
  });

  it('closes an answered consultation with resolution answered', () => {
    const t = applyAction(caseIn('submitted'), specs.answer.action, actors.operator, NOW);
    expect(t.state).toMatchObject({ status: 'closed', resolution: 'answered' });
  });

  it('keeps county departments’ matters from being pushed down to townships or villages', () => {
    const ctx = { matterOwnedByCountyDepartment: true };
    const accepted = caseIn('accepted');
    expectCode(
      () => applyAction(accepted, { type: 'dispatch', leadUnit: township }, actors.dispatcher, NOW, ctx),
      'DISPATCH_PUSH_DOWN_FORBIDDEN',
    );
    expectCode(
      () => applyAction(accepted, { type: 'dispatch', leadUnit: village }, actors.dispatcher, NOW, ctx),
      'DISPATCH_PUSH_DOWN_FORBIDDEN',
    );
    expect(
      applyAction(accepted, { type: 'dispatch', leadUnit: department }, actors.dispatcher, NOW, ctx).state.status,
    ).toBe('dispatched');
  });

  it('refuses a lead unit among the assisting units', () => {
    expectCode(
      () =>
        applyAction(
          caseIn('accepted'),
          { type: 'dispatch', leadUnit: department, assistingUnits: [department] },
          actors.dispatcher,
          NOW,
        ),
      'VALIDATION_FAILED',
    );
  });
});

describe('awaiting information', () => {
  it('pauses the dispatch clock and resumes it where the case was', () => {
    const accepted = applyAction(
      caseIn('submitted'),
      { type: 'accept' },
      actors.operator,
      sh('2026-11-24T10:00'),
    ).state;
    expect(local(accepted.clock?.dueAt)).toBe('2026-11-24T11:00');
    const waiting = applyAction(accepted, specs.request_info.action, actors.operator, sh('2026-11-24T10:20'));
    expect(waiting.state).toMatchObject({ status: 'awaiting_info', resumeStatus: 'accepted', clock: null });
    expect(waiting.effects).toContainEqual({ type: 'pause_clock' });
    const back = applyAction(waiting.state, specs.supplement.action, actors.filer, sh('2026-11-26T16:00'));
    expect(back.state.status).toBe('accepted');
    expect(back.state.resumeStatus).toBeNull();
    expect(local(back.state.clock?.dueAt)).toBe('2026-11-26T16:40');
    expect(back.effects).toContainEqual(expect.objectContaining({ type: 'resume_clock' }));
  });

  it('returns a submitted case to submitted', () => {
    const waiting = applyAction(caseIn('submitted'), specs.request_info.action, actors.operator, NOW).state;
    expect(applyAction(waiting, specs.supplement.action, actors.filer, NOW).state.status).toBe('submitted');
  });

  it('lets only the filer supplement', () => {
    expectCode(
      () => applyAction(caseIn('awaiting_info'), specs.supplement.action, actors.follower, NOW),
      'ROLE_NOT_ALLOWED',
    );
  });
});

describe('returns', () => {
  it('goes to the centre, which redispatches it elsewhere or back to the same unit', () => {
    const returned = applyAction(caseIn('dispatched'), specs.return.action, actors.assigneeHandler, NOW).state;
    expect(returned).toMatchObject({ status: 'returned', clock: null });
    expect(returned.counters.returnCount).toBe(1);

    const redispatched = applyAction(
      returned,
      { type: 'rule_return', decision: 'redispatch', leadUnit: department },
      actors.dispatcher,
      NOW,
    ).state;
    expect(redispatched.status).toBe('dispatched');
    expect(redispatched.assignment).toMatchObject({
      leadUnitId: 'u-housing',
      assigneeUnitId: 'u-housing',
      assigneeUnitKind: 'department',
    });
    expect(redispatched.clock?.step).toBe('sign');

    const upheld = applyAction(returned, { type: 'rule_return', decision: 'uphold' }, actors.supervisor, NOW).state;
    expect(upheld.status).toBe('dispatched');
    expect(upheld.assignment).toMatchObject({
      leadUnitId: 'u-town',
      assigneeUnitId: 'u-town',
      assistingUnitIds: ['u-water'],
    });
  });

  it('is open for one working day after signing', () => {
    const signedFriday = { ...caseIn('signed'), signedAt: sh('2026-11-27T17:00').toISOString() };
    expect(
      applyAction(signedFriday, specs.return.action, actors.assigneeHandler, sh('2026-11-30T17:00')).state.status,
    ).toBe('returned');
    expectCode(
      () => applyAction(signedFriday, specs.return.action, actors.assigneeHandler, sh('2026-11-30T17:01')),
      'RETURN_WINDOW_PASSED',
    );
    expect(allowedActions(signedFriday, actors.assigneeHandler, sh('2026-12-01T10:00'))).not.toContain('return');
  });

  it('becomes a problem case once it has passed between three units', () => {
    const { state, transitions } = run(caseIn('dispatched'), [
      [specs.return.action, actors.assigneeHandler],
      [{ type: 'rule_return', decision: 'redispatch', leadUnit: department }, actors.dispatcher],
      [specs.return.action, actors.assigneeHandler],
      [{ type: 'rule_return', decision: 'redispatch', leadUnit: department2 }, actors.dispatcher],
    ]);
    expect(state.flags.problem).toBe(true);
    expect(state.unitsVisited).toEqual(['u-town', 'u-housing', 'u-water']);
    expect(transitions.flatMap((t) => t.effects).filter((e) => e.type === 'escalate_problem')).toEqual([
      { type: 'escalate_problem', reason: 'passed_between_units' },
    ]);
    expect(transitions[1]?.state.flags.problem).toBe(false);
  });
});

describe('extensions', () => {
  const request = (days: number): CaseAction => ({ type: 'request_extension', workingDays: days, reason: '需要协调' });
  const grant: CaseAction = { type: 'rule_extension', decision: 'grant' };
  const refuse: CaseAction = { type: 'rule_extension', decision: 'refuse' };

  it('moves the deadline when granted, not when refused, and stops at two grants', () => {
    const start = caseIn('signed'); // due 06:00 on the 25th, 20 hours from now
    const due = start.clock?.dueAt;
    const pending = applyAction(start, request(2), actors.assigneeHandler, NOW).state;
    expect(pending.flags.extensionPending).toBe(true);
    expectCode(() => applyAction(pending, request(1), actors.assigneeHandler, NOW), 'EXTENSION_PENDING');

    const granted = applyAction(pending, grant, actors.supervisor, NOW);
    expect(granted.state.counters.extensionsGranted).toBe(1);
    expect(granted.state.flags.extensionPending).toBe(false);
    // 06:00 is before opening, so two working days count from 09:00 on the 25th.
    expect(local(granted.state.clock?.dueAt)).toBe('2026-11-26T17:30');
    expect(granted.effects).toContainEqual(expect.objectContaining({ type: 'extend_deadline', workingDays: 2 }));

    const refused = run(granted.state, [
      [request(3), actors.assigneeHandler],
      [refuse, actors.supervisor],
    ]).state;
    expect(refused.clock?.dueAt).toBe(granted.state.clock?.dueAt);
    expect(refused.counters.extensionsGranted).toBe(1);

    const second = run(refused, [
      [request(1), actors.assigneeHandler],
      [grant, actors.supervisor],
    ]).state;
    expect(second.counters.extensionsGranted).toBe(2);
    expectCode(() => applyAction(second, request(1), actors.assigneeHandler, NOW), 'EXTENSION_LIMIT_REACHED');
    expect(allowedActions(second, actors.assigneeHandler, NOW)).not.toContain('request_extension');
    expect(due).not.toBe(second.clock?.dueAt);
  });

  it('refuses a ruling with nothing pending and a request of zero days', () => {
    expectCode(() => applyAction(caseIn('signed'), grant, actors.supervisor, NOW), 'NO_PENDING_EXTENSION');
    expectCode(() => applyAction(caseIn('signed'), request(0), actors.assigneeHandler, NOW), 'VALIDATION_FAILED');
  });
});

describe('review', () => {
  it('sends a reply back to the unit with a fresh reply clock, and the third time makes it a problem case', () => {
    const sendBack: CaseAction = { type: 'review', decision: 'send_back', note: '答复不完整' };
    const reply: CaseAction = { type: 'reply', text: '已处理' };
    const { state, transitions } = run(caseIn('replied'), [
      [sendBack, actors.supervisor],
      [reply, actors.assigneeHandler],
      [sendBack, actors.operator],
      [reply, actors.assigneeHandler],
      [sendBack, actors.supervisor],
    ]);
    expect(transitions[0]?.state.status).toBe('signed');
    expect(transitions[0]?.effects).toContainEqual(
      expect.objectContaining({ type: 'start_step_clock', step: 'reply' }),
    );
    expect(transitions[2]?.state.flags.problem).toBe(false);
    expect(state.counters.sendBackCount).toBe(3);
    expect(state.flags.problem).toBe(true);
    expect(transitions[4]?.effects).toContainEqual({ type: 'escalate_problem', reason: 'sent_back' });
  });
});

describe('townships and villages', () => {
  it('forwards a signed case to a village, keeps the reply clock, and takes it back', () => {
    const signed = caseIn('signed');
    const forwarded = applyAction(signed, { type: 'forward', village }, actors.assigneeHandler, NOW).state;
    expect(forwarded.status).toBe('dispatched');
    expect(forwarded.assignment).toMatchObject({
      leadUnitId: 'u-town',
      assigneeUnitId: 'u-village',
      assigneeUnitKind: 'village',
      responsibleTownshipUnitId: 'u-town',
    });
    const villageSigned = applyAction(forwarded, { type: 'sign' }, villageHandler, NOW).state;
    expect(villageSigned.status).toBe('signed');
    expect(villageSigned.clock).toEqual(signed.clock);

    expect(allowedActions(villageSigned, actors.townshipHandler, NOW)).toEqual(['take_back']);
    const back = applyAction(villageSigned, { type: 'take_back' }, actors.townshipHandler, NOW).state;
    expect(back.status).toBe('signed');
    expect(back.assignment).toMatchObject({
      assigneeUnitId: 'u-town',
      assigneeUnitKind: 'township',
      responsibleTownshipUnitId: null,
    });
    expect(back.clock).toEqual(signed.clock);
  });

  it('refuses a forward to another township’s village, or by a department', () => {
    expectCode(
      () => applyAction(caseIn('signed'), { type: 'forward', village: otherVillage }, actors.assigneeHandler, NOW),
      'FORWARD_NOT_ALLOWED',
    );
    expectCode(
      () => applyAction(caseIn('signed'), { type: 'forward', village: township }, actors.assigneeHandler, NOW),
      'FORWARD_NOT_ALLOWED',
    );
    const atDepartment = caseIn('signed');
    atDepartment.assignment = {
      ...atDepartment.assignment,
      leadUnitId: 'u-housing',
      assigneeUnitId: 'u-housing',
      assigneeUnitKind: 'department',
    };
    expectCode(
      () => applyAction(atDepartment, { type: 'forward', village }, actors.assigneeHandler, NOW),
      'FORWARD_NOT_ALLOWED',
    );
  });

  it('lets only the responsible township take back, and only from a village', () => {
    expectCode(
      () => applyAction(caseIn('signed'), { type: 'take_back' }, actors.townshipHandler, NOW),
      'TRANSITION_NOT_ALLOWED',
    );
    expectCode(
      () => applyAction(atVillage(caseIn('signed')), { type: 'take_back' }, villageHandler, NOW),
      'ROLE_NOT_ALLOWED',
    );
  });

  it('sends a village’s return back to its township, not to the centre', () => {
    const t = applyAction(atVillage(caseIn('dispatched')), specs.return.action, villageHandler, NOW);
    expect(t.state.status).toBe('signed');
    expect(t.state.assignment).toMatchObject({ assigneeUnitId: 'u-town', responsibleTownshipUnitId: null });
  });
});

describe('reopening', () => {
  const closedAt = sh('2026-11-01T10:00').toISOString();
  const closed = () => ({ ...caseIn('closed'), closedAt, ratedAt: closedAt });

  it('is open for 15 days after closing', () => {
    const pending = applyAction(closed(), specs.request_reopen.action, actors.filer, sh('2026-11-16T10:00')).state;
    expect(pending.flags.reopenPending).toBe(true);
    expectCode(
      () => applyAction(pending, specs.request_reopen.action, actors.filer, sh('2026-11-16T10:00')),
      'REOPEN_PENDING',
    );
    expectCode(
      () => applyAction(closed(), specs.request_reopen.action, actors.filer, sh('2026-11-16T10:01')),
      'REOPEN_WINDOW_PASSED',
    );
  });

  it('reopens an upheld request as accepted, counted, rateable again', () => {
    const pending = applyAction(closed(), specs.request_reopen.action, actors.filer, sh('2026-11-05T10:00')).state;
    const reopened = applyAction(pending, { type: 'rule_reopen', decision: 'uphold' }, actors.supervisor, NOW);
    expect(reopened.state).toMatchObject({ status: 'accepted', closedAt: null, ratedAt: null, resolution: null });
    expect(reopened.state.counters.reopenCount).toBe(1);
    expect(reopened.state.clock?.step).toBe('dispatch');
    const refused = applyAction(pending, { type: 'rule_reopen', decision: 'refuse' }, actors.supervisor, NOW).state;
    expect(refused).toMatchObject({ status: 'closed', closedAt });
    expect(refused.flags.reopenPending).toBe(false);
  });

  it('refuses a ruling with nothing pending', () => {
    expectCode(
      () => applyAction(closed(), { type: 'rule_reopen', decision: 'uphold' }, actors.supervisor, NOW),
      'NO_PENDING_REOPEN',
    );
  });
});

describe('urging and supervision', () => {
  it('lets a resident urge only near or past the deadline, once a day', () => {
    const early = caseIn('signed');
    early.clock = { step: 'reply', startedAt: hoursBefore(1), warnAt: hoursAfter(30), dueAt: hoursAfter(40) };
    expectCode(() => applyAction(early, specs.urge.action, actors.filer, NOW), 'URGE_NOT_DUE');
    expect(applyAction(early, specs.urge.action, actors.operator, NOW).state.lastResidentUrgeAt).toBeNull();

    const urged = applyAction(caseIn('signed'), specs.urge.action, actors.follower, NOW).state;
    expect(urged.lastResidentUrgeAt).toBe(NOW.toISOString());
    expectCode(
      () => applyAction(urged, specs.urge.action, actors.filer, new Date(NOW.getTime() + 23 * 3600_000)),
      'URGE_TOO_SOON',
    );
    expect(
      refusal(() => applyAction(urged, specs.urge.action, actors.filer, new Date(NOW.getTime() + 24 * 3600_000))),
    ).toBe('allowed');
  });

  it('lets the scheduler supervise once', () => {
    const t = applyAction(caseIn('signed'), specs.supervise.action, actors.scheduler, NOW);
    expect(t.state.flags.supervised).toBe(true);
    expect(t.effects).toContainEqual({ type: 'notify', audience: 'assignee_unit' });
    expectCode(() => applyAction(t.state, specs.supervise.action, actors.supervisor, NOW), 'ALREADY_SUPERVISED');
  });
});

describe('allowedActions', () => {
  it.each([
    ['operator', 'submitted', ['accept', 'reject', 'merge', 'answer', 'request_info', 'urge']],
    ['assigneeHandler', 'signed', ['forward', 'return', 'request_extension', 'reply']],
    ['assistingHandler', 'signed', ['contribute']],
    ['supervisor', 'returned', ['rule_return', 'urge', 'supervise']],
    ['filer', 'signed', ['supplement', 'urge']],
    ['analyst', 'signed', []],
  ] as const)('offers %s on a %s case: %j', (name, status, expected) => {
    expect(allowedActions(caseIn(status), actors[name], NOW)).toEqual(expected);
  });
});

describe('refreshDeadlineState', () => {
  it('raises warning and overdue as flags without changing the status', () => {
    const s = caseIn('signed');
    expect(refreshDeadlineState(s, hoursBefore(2)).flags.deadlineState).toBe('normal');
    expect(refreshDeadlineState(s, NOW).flags.deadlineState).toBe('warning');
    const overdue = refreshDeadlineState(s, hoursAfter(21));
    expect(overdue.flags.deadlineState).toBe('overdue');
    expect(overdue.status).toBe('signed');
    expect(s.flags.deadlineState).toBe('normal');
  });
});
