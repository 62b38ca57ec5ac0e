// Which case events a resident sees on the timeline. Internal steps (returns, extension
// requests, contributions of assisting units, supervision) stay with the staff.
import type { CaseActionType } from './case-actions';

/** Events the case core writes beside the actions of the state machine (scheduler flags, repeated demands, phone reveals, retention's anonymising). */
export const systemEventTypes = ['deadline_warning', 'deadline_overdue', 'escalated', 'repeat_demand', 'reveal_phone', 'anonymise'] as const;

/** A matter raised this many times (the filer plus residents who followed it) goes to the unit's leaders. */
export const REPEAT_DEMAND_ESCALATION = 3;
export type SystemEventType = (typeof systemEventTypes)[number];

export type CaseEventType = CaseActionType | SystemEventType;

const residentVisible: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
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
  'reply',
  'callback',
  'rate',
  'request_reopen',
  'rule_reopen',
  'urge',
]);

export function isResidentVisibleEvent(type: CaseEventType, actorRole: string): boolean {
  // A resident always sees what residents did (their own supplements, urges and ratings).
  return residentVisible.has(type) || actorRole === 'resident';
}

/** Payload fields never shown to residents, whatever the event. */
export const internalPayloadFields = ['note', 'leadUnit', 'assistingUnits', 'village'] as const;
