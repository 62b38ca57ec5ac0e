// The words of the case workflow: actions with their payloads, the case state
// the machine reads and writes, the actor who fires an action, and the effects
// the server must carry out after a transition.
import type { PausedClock } from './working-time';
import type {
  CaseStatus,
  CaseStep,
  Channel,
  DeadlineState,
  DemandType,
  Resolution,
  Role,
  Satisfaction,
  UnitKind,
  Urgency,
} from './vocabulary';

export const caseActionTypes = [
  'submit',
  'accept',
  'reject',
  'merge',
  'answer',
  'request_info',
  'supplement',
  'dispatch',
  'sign',
  'forward',
  'take_back',
  'return',
  'rule_return',
  'request_extension',
  'rule_extension',
  'contribute',
  'reply',
  'review',
  'callback',
  'rate',
  'request_reopen',
  'rule_reopen',
  'urge',
  'supervise',
] as const;
export type CaseActionType = (typeof caseActionTypes)[number];

export interface UnitRef {
  id: string;
  kind: UnitKind;
  /** The unit above it: a village's township. */
  parentId: string | null;
}

export type CaseAction =
  | {
      type: 'submit';
      caseId: string;
      demandType: DemandType;
      urgency: Urgency;
      channel: Channel;
      /** An operator entering a phone call may accept it at once. */
      acceptNow?: boolean;
    }
  /** The operator may mark the demand urgent (or not) while accepting it. */
  | { type: 'accept'; urgency?: Urgency }
  | { type: 'reject'; reason: string }
  | { type: 'merge'; parentCaseId: string }
  | { type: 'answer'; knowledgeEntryId: string; text: string }
  | { type: 'request_info'; question: string }
  | { type: 'supplement'; text: string }
  | { type: 'dispatch'; leadUnit: UnitRef; assistingUnits?: UnitRef[] }
  | { type: 'sign' }
  | { type: 'forward'; village: UnitRef }
  | { type: 'take_back'; note?: string }
  | { type: 'return'; reason: string }
  | { type: 'rule_return'; decision: 'redispatch'; leadUnit: UnitRef; assistingUnits?: UnitRef[]; note?: string }
  | { type: 'rule_return'; decision: 'uphold'; note?: string }
  | { type: 'request_extension'; workingDays: number; reason: string }
  | { type: 'rule_extension'; decision: 'grant' | 'refuse'; note?: string }
  | { type: 'contribute'; text: string }
  | { type: 'reply'; text: string }
  | { type: 'review'; decision: 'approve' | 'send_back'; note?: string }
  | { type: 'callback'; satisfaction: Satisfaction; solved: boolean; note?: string }
  | { type: 'rate'; satisfaction: Satisfaction; solved: boolean; comment?: string }
  | { type: 'request_reopen'; reason: string }
  | { type: 'rule_reopen'; decision: 'uphold' | 'refuse'; note?: string }
  | { type: 'urge'; note?: string }
  | { type: 'supervise'; note?: string };

/** How the actor stands to this case; the server computes these, the machine only reads them. */
export const caseRelations = [
  'filer',
  'follower',
  /** staff of the unit the case is currently dispatched to */
  'assignee_staff',
  /** staff of the township above the village it forwarded the case to */
  'responsible_township_staff',
  'assisting_staff',
] as const;
export type CaseRelation = (typeof caseRelations)[number];

export type ActorKind = 'resident' | 'staff' | 'system';

export interface Actor {
  kind: ActorKind;
  /** `system` is the scheduler; `integration` is an open-API (Open311) client. */
  role: Role | 'system' | 'integration';
  userId: string | null;
  unitId?: string | null;
  relations: readonly CaseRelation[];
}

export interface StepClock {
  step: CaseStep;
  startedAt: string;
  warnAt: string;
  dueAt: string;
}

export interface PausedStepClock {
  step: CaseStep;
  startedAt: string;
  toWarn: PausedClock;
  toDue: PausedClock;
}

export interface CaseAssignment {
  leadUnitId: string | null;
  assistingUnitIds: string[];
  /** The unit that holds the case now: the lead unit, or the village it was forwarded to. */
  assigneeUnitId: string | null;
  assigneeUnitKind: UnitKind | null;
  /** Set while a township's case sits at one of its villages. */
  responsibleTownshipUnitId: string | null;
}

export interface CaseFlags {
  deadlineState: DeadlineState;
  supervised: boolean;
  problem: boolean;
  extensionPending: boolean;
  reopenPending: boolean;
}

export interface CaseCounters {
  extensionsGranted: number;
  sendBackCount: number;
  returnCount: number;
  reopenCount: number;
}

export interface CaseState {
  caseId: string;
  status: CaseStatus;
  /** Where an `awaiting_info` case goes back to when the resident answers. */
  resumeStatus: CaseStatus | null;
  demandType: DemandType;
  urgency: Urgency;
  flags: CaseFlags;
  counters: CaseCounters;
  /** Distinct units the case was assigned to, in order. */
  unitsVisited: string[];
  assignment: CaseAssignment;
  /** The running time limit of the current step, if any. */
  clock: StepClock | null;
  pausedClock: PausedStepClock | null;
  requestedExtensionDays: number | null;
  signedAt: string | null;
  closedAt: string | null;
  ratedAt: string | null;
  lastResidentUrgeAt: string | null;
  resolution: Resolution | null;
  satisfaction: Satisfaction | null;
  mergedIntoCaseId: string | null;
}

export type NotifyAudience =
  | 'filer'
  | 'followers'
  | 'assignee_unit'
  | 'assisting_units'
  | 'responsible_township'
  | 'dispatchers'
  | 'supervisors'
  | 'operators';

export type CaseEffect =
  | { type: 'start_step_clock'; step: CaseStep; startedAt: string; warnAt: string; dueAt: string }
  | { type: 'stop_step_clock' }
  | { type: 'pause_clock' }
  | { type: 'resume_clock'; warnAt: string; dueAt: string }
  | { type: 'extend_deadline'; workingDays: number; dueAt: string; warnAt: string }
  | { type: 'notify'; audience: NotifyAudience }
  | { type: 'escalate_problem'; reason: 'sent_back' | 'passed_between_units' }
  | { type: 'follow_parent'; parentCaseId: string };

export interface CaseEvent {
  type: CaseActionType;
  at: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  payload: Record<string, unknown>;
}

export interface Transition {
  state: CaseState;
  event: CaseEvent;
  effects: CaseEffect[];
}
