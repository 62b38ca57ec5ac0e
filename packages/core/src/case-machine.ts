// The case state machine: the one place that decides which action may move a
// case from which status, by whom, and what follows. Pure: the server passes in
// the case, the actor's relations to it, the time and the policy, then persists
// the result and carries out the effects inside one transaction.
import { actionCatalogue } from './action-catalogue';
import { DomainError, ErrorCode } from './errors';
import {
  defaultTimeLimitPolicy,
  durationMode,
  extendDeadline,
  stepDuration,
  reopenDeadline,
  stepDeadline,
  type TimeLimitPolicy,
} from './policy';
import { toInstant, type InstantInput } from './shanghai-time';
import {
  createWorkCalendar,
  pauseClock,
  resumeClock,
  warningPoint,
  workingMinutesBetween,
  type ClockMode,
  type WorkCalendar,
} from './working-time';
import { isOpenStatus, type CaseStatus, type CaseStep, type DeadlineState } from './vocabulary';
import {
  caseActionTypes,
  type Actor,
  type CaseAction,
  type CaseActionType,
  type CaseEffect,
  type CaseState,
  type Transition,
  type UnitRef,
} from './case-actions';

export interface MachineContext {
  policy?: TimeLimitPolicy;
  calendar?: WorkCalendar;
  /** From the dispatch catalogue: the matter belongs to a county department, so it may not go to a township or village. */
  matterOwnedByCountyDepartment?: boolean;
}

/** A case that was sent back or passed between this many units becomes a problem case. */
export const PROBLEM_SEND_BACK_COUNT = 3;
export const PROBLEM_UNIT_COUNT = 3;
/** A resident may urge a case once per this many milliseconds. */
export const RESIDENT_URGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

type ActorRole = Actor['role'];
/** What the machine checks beyond the catalogue's statuses, roles and relations. */
interface Rule {
  /** A further condition on the case's state; failing it is a wrong status too. */
  when?: (s: CaseState) => boolean;
  /** Rule checks that do not depend on the payload; throw a DomainError. */
  check?: (s: CaseState, actor: Actor, now: Date, ctx: ResolvedContext) => void;
}

interface ResolvedContext {
  policy: TimeLimitPolicy;
  calendar: WorkCalendar;
  matterOwnedByCountyDepartment: boolean;
}

const rules: Readonly<Partial<Record<CaseActionType, Rule>>> = {
  forward: {
    check: (s) => {
      if (s.assignment.assigneeUnitKind !== 'township') throw new DomainError(ErrorCode.FORWARD_NOT_ALLOWED);
    },
  },
  take_back: {
    when: (s) => s.assignment.responsibleTownshipUnitId !== null,
  },
  return: {
    check: (s, _actor, now, ctx) => {
      if (s.status === 'signed' && !withinReturnWindow(s, now, ctx.calendar)) {
        throw new DomainError(ErrorCode.RETURN_WINDOW_PASSED);
      }
    },
  },
  request_extension: {
    check: (s, _actor, _now, ctx) => {
      if (s.flags.extensionPending) throw new DomainError(ErrorCode.EXTENSION_PENDING);
      if (s.counters.extensionsGranted >= ctx.policy.maxExtensions) {
        throw new DomainError(ErrorCode.EXTENSION_LIMIT_REACHED);
      }
    },
  },
  rule_extension: {
    check: (s) => {
      if (!s.flags.extensionPending) throw new DomainError(ErrorCode.NO_PENDING_EXTENSION);
    },
  },
  rate: {
    check: (s) => {
      if (s.ratedAt !== null) throw new DomainError(ErrorCode.ALREADY_RATED);
    },
  },
  request_reopen: {
    check: (s, _actor, now, ctx) => {
      if (s.flags.reopenPending) throw new DomainError(ErrorCode.REOPEN_PENDING);
      if (s.closedAt === null || now.getTime() > reopenDeadline(ctx.policy, s.closedAt).getTime()) {
        throw new DomainError(ErrorCode.REOPEN_WINDOW_PASSED);
      }
    },
  },
  rule_reopen: {
    check: (s) => {
      if (!s.flags.reopenPending) throw new DomainError(ErrorCode.NO_PENDING_REOPEN);
    },
  },
  urge: {
    check: (s, actor, now) => {
      if (actor.role !== 'resident') return;
      if (!nearOrPastDeadline(s, now)) throw new DomainError(ErrorCode.URGE_NOT_DUE);
      if (
        s.lastResidentUrgeAt &&
        now.getTime() - toInstant(s.lastResidentUrgeAt).getTime() < RESIDENT_URGE_INTERVAL_MS
      ) {
        throw new DomainError(ErrorCode.URGE_TOO_SOON);
      }
    },
  },
  supervise: {
    check: (s) => {
      if (s.flags.supervised) throw new DomainError(ErrorCode.ALREADY_SUPERVISED);
    },
  },
};


/** The statuses an action may start from (empty for submit, which starts a case). */
export function actionSourceStatuses(type: CaseActionType): readonly CaseStatus[] {
  return actionCatalogue[type].from;
}

/** The roles that may ever fire an action. */
export function actionRoles(type: CaseActionType): readonly ActorRole[] {
  return actionCatalogue[type].who;
}

function expectedKind(role: ActorRole): Actor['kind'] {
  if (role === 'resident') return 'resident';
  if (role === 'system' || role === 'integration') return 'system';
  return 'staff';
}

function actorMayPlay(actor: Actor, roles: readonly ActorRole[]): boolean {
  return roles.includes(actor.role) && expectedKind(actor.role) === actor.kind;
}

function resolveContext(ctx: MachineContext = {}): ResolvedContext {
  return {
    policy: ctx.policy ?? defaultTimeLimitPolicy,
    calendar: ctx.calendar ?? defaultCalendar(),
    matterOwnedByCountyDepartment: ctx.matterOwnedByCountyDepartment ?? false,
  };
}

let cachedCalendar: WorkCalendar | undefined;
function defaultCalendar(): WorkCalendar {
  cachedCalendar ??= createWorkCalendar();
  return cachedCalendar;
}

/** A unit may return a signed case only within one working day of signing it. */
function withinReturnWindow(s: CaseState, now: Date, calendar: WorkCalendar): boolean {
  if (s.signedAt === null) return true;
  return workingMinutesBetween(calendar, s.signedAt, now) <= calendar.minutesPerDay;
}

function nearOrPastDeadline(s: CaseState, now: Date): boolean {
  if (s.flags.deadlineState !== 'normal') return true;
  return s.clock !== null && now.getTime() >= toInstant(s.clock.warnAt).getTime();
}

/** Throws the DomainError that refuses this action now, or returns when it is allowed (payload aside). */
export function checkAction(
  state: CaseState | null,
  type: CaseActionType,
  actor: Actor,
  now: InstantInput,
  ctx?: MachineContext,
): void {
  checkResolved(state, type, actor, toInstant(now), resolveContext(ctx));
}

function checkResolved(
  state: CaseState | null,
  type: CaseActionType,
  actor: Actor,
  now: Date,
  ctx: ResolvedContext,
): void {
  const entry = actionCatalogue[type];
  if (type === 'submit') {
    if (!actorMayPlay(actor, entry.who)) throw new DomainError(ErrorCode.ROLE_NOT_ALLOWED);
    if (state !== null) throw new DomainError(ErrorCode.TRANSITION_NOT_ALLOWED);
    return;
  }
  if (state === null) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
  const rule = rules[type] ?? {};
  if (!actorMayPlay(actor, entry.who)) throw new DomainError(ErrorCode.ROLE_NOT_ALLOWED);
  if (!entry.from.includes(state.status) || (rule.when && !rule.when(state))) {
    throw new DomainError(ErrorCode.TRANSITION_NOT_ALLOWED, undefined, { status: state.status, action: type });
  }
  if (entry.relations && (entry.relationsFor ?? entry.who).includes(actor.role)) {
    if (!entry.relations.some((r) => actor.relations.includes(r))) throw new DomainError(ErrorCode.ROLE_NOT_ALLOWED);
  }
  rule.check?.(state, actor, now, ctx);
}

/** The actions this actor may fire on this case now; the client shows these as buttons. */
export function allowedActions(
  state: CaseState | null,
  actor: Actor,
  now: InstantInput,
  ctx?: MachineContext,
): CaseActionType[] {
  const resolved = resolveContext(ctx);
  const at = toInstant(now);
  return caseActionTypes.filter((type) => {
    try {
      checkResolved(state, type, actor, at, resolved);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  });
}

export function isActionAllowed(
  state: CaseState | null,
  type: CaseActionType,
  actor: Actor,
  now: InstantInput,
  ctx?: MachineContext,
): boolean {
  return allowedActions(state, actor, now, ctx).includes(type);
}

/** A new case as `submit` creates it. */
export function newCaseState(init: {
  caseId: string;
  demandType: CaseState['demandType'];
  urgency: CaseState['urgency'];
}): CaseState {
  return {
    caseId: init.caseId,
    status: 'submitted',
    resumeStatus: null,
    demandType: init.demandType,
    urgency: init.urgency,
    flags: {
      deadlineState: 'normal',
      supervised: false,
      problem: false,
      extensionPending: false,
      reopenPending: false,
    },
    counters: { extensionsGranted: 0, sendBackCount: 0, returnCount: 0, reopenCount: 0 },
    unitsVisited: [],
    assignment: {
      leadUnitId: null,
      assistingUnitIds: [],
      assigneeUnitId: null,
      assigneeUnitKind: null,
      responsibleTownshipUnitId: null,
    },
    clock: null,
    pausedClock: null,
    requestedExtensionDays: null,
    signedAt: null,
    closedAt: null,
    ratedAt: null,
    lastResidentUrgeAt: null,
    resolution: null,
    satisfaction: null,
    mergedIntoCaseId: null,
  };
}

function invalid(field: string, message?: string): never {
  throw new DomainError(ErrorCode.VALIDATION_FAILED, message, { field });
}

function requireText(value: string | undefined, field: string): string {
  const text = value?.trim() ?? '';
  if (text === '') invalid(field);
  return text;
}

function validateDispatchTarget(lead: UnitRef, assisting: readonly UnitRef[], ctx: ResolvedContext): void {
  if (lead.kind === 'centre') invalid('leadUnit');
  const ids = new Set([lead.id]);
  for (const unit of assisting) {
    if (unit.kind === 'centre' || ids.has(unit.id)) invalid('assistingUnits');
    ids.add(unit.id);
  }
  if (ctx.matterOwnedByCountyDepartment && (lead.kind === 'township' || lead.kind === 'village')) {
    throw new DomainError(ErrorCode.DISPATCH_PUSH_DOWN_FORBIDDEN);
  }
}

/** Fires an action: checks it, then returns the next state, the event to record and the effects to carry out. */
export function applyAction(
  state: CaseState | null,
  action: CaseAction,
  actor: Actor,
  now: InstantInput,
  ctx?: MachineContext,
): Transition {
  const at = toInstant(now);
  const resolved = resolveContext(ctx);
  checkResolved(state, action.type, actor, at, resolved);
  return transition(state, action, actor, at, resolved);
}

class Draft {
  readonly effects: CaseEffect[] = [];
  readonly state: CaseState;

  constructor(
    base: CaseState,
    private readonly now: Date,
    private readonly ctx: ResolvedContext,
  ) {
    this.state = cloneState(base);
  }

  get iso(): string {
    return this.now.toISOString();
  }

  notify(...audiences: Parameters<typeof notifyEffect>[0][]): void {
    for (const audience of audiences) this.effects.push(notifyEffect(audience));
  }

  startClock(step: CaseStep): void {
    const d = stepDeadline(this.ctx.policy, this.ctx.calendar, step, this.state, this.now);
    this.state.clock = { step, startedAt: this.iso, warnAt: d.warnAt.toISOString(), dueAt: d.dueAt.toISOString() };
    this.state.pausedClock = null;
    this.state.flags.deadlineState = 'normal';
    this.effects.push({ type: 'start_step_clock', ...this.state.clock });
  }

  stopClock(): void {
    if (this.state.clock === null && this.state.pausedClock === null) return;
    this.state.clock = null;
    this.state.pausedClock = null;
    this.state.flags.deadlineState = 'normal';
    this.effects.push({ type: 'stop_step_clock' });
  }

  pauseClock(): void {
    const clock = this.state.clock;
    if (clock === null) return;
    const mode = stepMode(this.ctx, clock.step, this.state);
    this.state.pausedClock = {
      step: clock.step,
      startedAt: clock.startedAt,
      toWarn: pauseClock(this.ctx.calendar, mode, clock.warnAt, this.now),
      toDue: pauseClock(this.ctx.calendar, mode, clock.dueAt, this.now),
    };
    this.state.clock = null;
    this.effects.push({ type: 'pause_clock' });
  }

  resumeClock(): void {
    const paused = this.state.pausedClock;
    if (paused === null) return;
    const warnAt = resumeClock(this.ctx.calendar, paused.toWarn, this.now).toISOString();
    const dueAt = resumeClock(this.ctx.calendar, paused.toDue, this.now).toISOString();
    this.state.clock = { step: paused.step, startedAt: paused.startedAt, warnAt, dueAt };
    this.state.pausedClock = null;
    this.effects.push({ type: 'resume_clock', warnAt, dueAt });
  }

  assignTo(unit: UnitRef): void {
    this.state.assignment.assigneeUnitId = unit.id;
    this.state.assignment.assigneeUnitKind = unit.kind;
    if (!this.state.unitsVisited.includes(unit.id)) this.state.unitsVisited.push(unit.id);
  }

  dispatchTo(lead: UnitRef, assisting: readonly UnitRef[]): void {
    this.state.assignment = {
      leadUnitId: lead.id,
      assistingUnitIds: assisting.map((u) => u.id),
      assigneeUnitId: null,
      assigneeUnitKind: null,
      responsibleTownshipUnitId: null,
    };
    this.assignTo(lead);
    this.state.signedAt = null;
    this.state.status = 'dispatched';
    this.startClock('sign');
    this.notify('assignee_unit');
    if (assisting.length > 0) this.notify('assisting_units');
  }

  close(resolution: CaseState['resolution']): void {
    this.state.closedAt = this.iso;
    this.state.resolution = resolution;
    this.stopClock();
  }

  /** Flags a problem case once, the first time it crosses a threshold. */
  checkProblem(): void {
    if (this.state.flags.problem) return;
    const sentBack = this.state.counters.sendBackCount >= PROBLEM_SEND_BACK_COUNT;
    const passed = this.state.unitsVisited.length >= PROBLEM_UNIT_COUNT;
    if (!sentBack && !passed) return;
    this.state.flags.problem = true;
    this.effects.push({ type: 'escalate_problem', reason: sentBack ? 'sent_back' : 'passed_between_units' });
    this.notify('supervisors');
  }
}

/** A deep copy of the case state; structuredClone is missing in the WeChat mini-program runtime. */
function cloneState(s: CaseState): CaseState {
  return {
    ...s,
    flags: { ...s.flags },
    counters: { ...s.counters },
    unitsVisited: [...s.unitsVisited],
    assignment: { ...s.assignment, assistingUnitIds: [...s.assignment.assistingUnitIds] },
    clock: s.clock && { ...s.clock },
    pausedClock: s.pausedClock && {
      ...s.pausedClock,
      toWarn: { ...s.pausedClock.toWarn },
      toDue: { ...s.pausedClock.toDue },
    },
  };
}

function notifyEffect(audience: Extract<CaseEffect, { type: 'notify' }>['audience']): CaseEffect {
  return { type: 'notify', audience };
}

function stepMode(ctx: ResolvedContext, step: CaseStep, s: CaseState): ClockMode {
  return durationMode(stepDuration(ctx.policy, step, s));
}

function transition(
  state: CaseState | null,
  action: CaseAction,
  actor: Actor,
  now: Date,
  ctx: ResolvedContext,
): Transition {
  if (action.type === 'submit') {
    requireText(action.caseId, 'caseId');
    if (action.acceptNow && actor.role !== 'operator') throw new DomainError(ErrorCode.ROLE_NOT_ALLOWED);
    const d = new Draft(newCaseState(action), now, ctx);
    if (action.acceptNow) {
      d.state.status = 'accepted';
      d.startClock('dispatch');
    } else {
      // Acceptance has its own clock, from filing.
      d.startClock('accept');
      d.notify('operators');
    }
    return finish(d, null, action);
  }
  if (state === null) throw new DomainError(ErrorCode.CASE_NOT_FOUND);
  const d = new Draft(state, now, ctx);
  const s = d.state;

  switch (action.type) {
    case 'accept':
      s.status = 'accepted';
      if (action.urgency) s.urgency = action.urgency;
      d.startClock('dispatch');
      d.notify('filer');
      break;
    case 'reject':
      requireText(action.reason, 'reason');
      s.status = 'rejected';
      d.close('rejected');
      d.notify('filer');
      break;
    case 'merge':
      requireText(action.parentCaseId, 'parentCaseId');
      if (action.parentCaseId === s.caseId) throw new DomainError(ErrorCode.MERGE_INTO_SELF);
      s.status = 'merged';
      s.mergedIntoCaseId = action.parentCaseId;
      d.close('merged');
      d.effects.push({ type: 'follow_parent', parentCaseId: action.parentCaseId });
      d.notify('filer');
      break;
    case 'answer':
      requireText(action.knowledgeEntryId, 'knowledgeEntryId');
      requireText(action.text, 'text');
      s.status = 'closed';
      d.close('answered');
      d.notify('filer');
      break;
    case 'request_info':
      requireText(action.question, 'question');
      s.resumeStatus = s.status;
      s.status = 'awaiting_info';
      d.pauseClock();
      d.notify('filer');
      break;
    case 'supplement':
      requireText(action.text, 'text');
      if (s.status === 'awaiting_info') {
        s.status = s.resumeStatus ?? 'submitted';
        s.resumeStatus = null;
        d.resumeClock();
        d.notify('operators');
      } else {
        d.notify(s.assignment.assigneeUnitId ? 'assignee_unit' : 'operators');
      }
      break;
    case 'dispatch': {
      const assisting = action.assistingUnits ?? [];
      validateDispatchTarget(action.leadUnit, assisting, ctx);
      d.dispatchTo(action.leadUnit, assisting);
      d.checkProblem();
      break;
    }
    case 'sign':
      s.status = 'signed';
      s.signedAt = d.iso;
      // A village signing a forwarded case does not restart the township's reply clock.
      if (s.clock?.step !== 'reply' && s.pausedClock?.step !== 'reply') d.startClock('reply');
      d.notify('filer');
      break;
    case 'forward': {
      const township = s.assignment.assigneeUnitId;
      if (action.village.kind !== 'village' || action.village.parentId !== township) {
        throw new DomainError(ErrorCode.FORWARD_NOT_ALLOWED);
      }
      s.assignment.responsibleTownshipUnitId = township;
      d.assignTo(action.village);
      s.status = 'dispatched';
      s.signedAt = null;
      d.notify('assignee_unit');
      d.checkProblem();
      break;
    }
    case 'take_back': {
      const township = s.assignment.responsibleTownshipUnitId;
      s.assignment.assigneeUnitId = township;
      s.assignment.assigneeUnitKind = 'township';
      s.assignment.responsibleTownshipUnitId = null;
      s.status = 'signed';
      s.signedAt = d.iso;
      if (s.clock?.step !== 'reply') d.startClock('reply');
      d.notify('assignee_unit');
      break;
    }
    case 'return': {
      requireText(action.reason, 'reason');
      s.counters.returnCount += 1;
      const township = s.assignment.responsibleTownshipUnitId;
      if (township !== null) {
        // A village hands a forwarded case back to its township, which stays responsible; the centre need not rule.
        s.assignment.assigneeUnitId = township;
        s.assignment.assigneeUnitKind = 'township';
        s.assignment.responsibleTownshipUnitId = null;
        s.status = 'signed';
        s.signedAt = d.iso;
        if (s.clock?.step !== 'reply') d.startClock('reply');
        d.notify('assignee_unit');
      } else {
        s.status = 'returned';
        s.flags.extensionPending = false;
        s.requestedExtensionDays = null;
        d.stopClock();
        d.notify('dispatchers', 'supervisors');
      }
      break;
    }
    case 'rule_return':
      if (action.decision === 'redispatch') {
        const assisting = action.assistingUnits ?? [];
        validateDispatchTarget(action.leadUnit, assisting, ctx);
        d.dispatchTo(action.leadUnit, assisting);
      } else {
        const lead = s.assignment.leadUnitId;
        const kind = s.assignment.assigneeUnitKind;
        if (lead === null || kind === null) invalid('decision');
        d.dispatchTo({ id: lead, kind, parentId: null }, []);
        s.assignment.assistingUnitIds = [...state.assignment.assistingUnitIds];
        if (s.assignment.assistingUnitIds.length > 0) d.notify('assisting_units');
      }
      d.checkProblem();
      break;
    case 'request_extension':
      if (!Number.isInteger(action.workingDays) || action.workingDays < 1 || action.workingDays > 60) {
        invalid('workingDays');
      }
      requireText(action.reason, 'reason');
      s.flags.extensionPending = true;
      s.requestedExtensionDays = action.workingDays;
      d.notify('supervisors');
      break;
    case 'rule_extension': {
      const days = s.requestedExtensionDays ?? 0;
      s.flags.extensionPending = false;
      s.requestedExtensionDays = null;
      if (action.decision === 'grant') {
        if (s.counters.extensionsGranted >= ctx.policy.maxExtensions) {
          throw new DomainError(ErrorCode.EXTENSION_LIMIT_REACHED);
        }
        s.counters.extensionsGranted += 1;
        if (s.clock !== null && days > 0) {
          const mode = stepMode(ctx, s.clock.step, s);
          const dueAt = extendDeadline(ctx.calendar, s.clock.dueAt, days);
          const warnAt = warningPoint(ctx.calendar, mode, s.clock.startedAt, dueAt, ctx.policy.warningRatio);
          s.clock = { ...s.clock, dueAt: dueAt.toISOString(), warnAt: warnAt.toISOString() };
          s.flags.deadlineState = deadlineStateOf(s.clock, now);
          d.effects.push({ type: 'extend_deadline', workingDays: days, dueAt: s.clock.dueAt, warnAt: s.clock.warnAt });
        }
      }
      d.notify('assignee_unit');
      break;
    }
    case 'contribute':
      requireText(action.text, 'text');
      d.notify('assignee_unit');
      break;
    case 'reply':
      requireText(action.text, 'text');
      s.status = 'replied';
      s.flags.extensionPending = false;
      s.requestedExtensionDays = null;
      d.startClock('callback');
      d.notify('filer', 'operators');
      break;
    case 'review':
      if (action.decision === 'approve') {
        s.status = 'callback';
      } else {
        s.status = 'signed';
        s.counters.sendBackCount += 1;
        d.startClock('reply');
        d.notify('assignee_unit');
        d.checkProblem();
      }
      break;
    case 'callback':
      s.status = 'closed';
      s.satisfaction = action.satisfaction;
      d.close(action.solved ? 'resolved' : 'unresolved');
      d.notify('filer');
      break;
    case 'rate':
      s.ratedAt = d.iso;
      s.satisfaction = action.satisfaction;
      if (s.status === 'callback') {
        s.status = 'closed';
        d.close(action.solved ? 'resolved' : 'unresolved');
      } else if (s.status === 'closed' && s.resolution !== 'answered') {
        s.resolution = action.solved ? 'resolved' : 'unresolved';
      }
      if (action.satisfaction === 'unsatisfied') d.notify('supervisors');
      break;
    case 'request_reopen':
      requireText(action.reason, 'reason');
      s.flags.reopenPending = true;
      d.notify('supervisors');
      break;
    case 'rule_reopen':
      s.flags.reopenPending = false;
      if (action.decision === 'uphold') {
        s.status = 'accepted';
        s.counters.reopenCount += 1;
        s.closedAt = null;
        s.ratedAt = null;
        s.resolution = null;
        s.satisfaction = null;
        d.startClock('dispatch');
        d.notify('dispatchers');
      }
      d.notify('filer');
      break;
    case 'urge':
      if (actor.role === 'resident') s.lastResidentUrgeAt = d.iso;
      d.notify(s.assignment.assigneeUnitId ? 'assignee_unit' : 'operators');
      break;
    case 'supervise':
      s.flags.supervised = true;
      d.notify(s.assignment.assigneeUnitId ? 'assignee_unit' : 'operators');
      if (s.assignment.responsibleTownshipUnitId) d.notify('responsible_township');
      break;
    default: {
      // Every action of the catalogue has its transition above; the compiler holds it.
      const unhandled: never = action;
      throw new DomainError(ErrorCode.TRANSITION_NOT_ALLOWED, undefined, { action: unhandled });
    }
  }
  return finish(d, state.status, action);
}

function finish(d: Draft, fromStatus: CaseStatus | null, action: CaseAction): Transition {
  const { type, ...payload } = action;
  return {
    state: d.state,
    event: { type, at: d.iso, fromStatus, toStatus: d.state.status, payload },
    effects: d.effects,
  };
}

function deadlineStateOf(clock: { warnAt: string; dueAt: string }, now: Date): DeadlineState {
  const t = now.getTime();
  if (t >= toInstant(clock.dueAt).getTime()) return 'overdue';
  if (t >= toInstant(clock.warnAt).getTime()) return 'warning';
  return 'normal';
}

/**
 * What the scheduler calls: the case with its deadline flag brought up to date.
 * Warning and overdue are flags beside the status, never transitions.
 */
export function refreshDeadlineState(state: CaseState, now: InstantInput): CaseState {
  if (!isOpenStatus(state.status) || state.clock === null) return state;
  const next = deadlineStateOf(state.clock, toInstant(now));
  return next === state.flags.deadlineState ? state : { ...state, flags: { ...state.flags, deadlineState: next } };
}
