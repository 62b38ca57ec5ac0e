// The case vocabulary shared by server and client: every closed set of words a
// case, a user or a unit can take, as const arrays (for zod and loops) and unions.

export const demandTypes = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type DemandType = (typeof demandTypes)[number];

export const urgencies = ['normal', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];

export const channels = ['wechat', 'h5', 'phone', 'open311'] as const;
export type Channel = (typeof channels)[number];

export const caseStatuses = [
  'submitted',
  'awaiting_info',
  'accepted',
  'dispatched',
  'signed',
  'returned',
  'replied',
  'callback',
  'closed',
  'rejected',
  'merged',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Statuses in which the case is still being worked on (urge, supervise, supplement apply). */
export const openStatuses = [
  'submitted',
  'awaiting_info',
  'accepted',
  'dispatched',
  'signed',
  'returned',
  'replied',
  'callback',
] as const satisfies readonly CaseStatus[];
export type OpenStatus = (typeof openStatuses)[number];

/** Statuses a case never leaves. `closed` is not terminal: it may be reopened. */
export const terminalStatuses = ['rejected', 'merged'] as const satisfies readonly CaseStatus[];

export function isOpenStatus(status: CaseStatus): status is OpenStatus {
  return (openStatuses as readonly CaseStatus[]).includes(status);
}

export function isTerminalStatus(status: CaseStatus): boolean {
  return (terminalStatuses as readonly CaseStatus[]).includes(status);
}

export const deadlineStates = ['normal', 'warning', 'overdue'] as const;
export type DeadlineState = (typeof deadlineStates)[number];

export const roles = [
  'resident',
  'operator',
  'dispatcher',
  'supervisor',
  'handler',
  'unit_manager',
  'analyst',
  'admin',
] as const;
export type Role = (typeof roles)[number];

/** Every role that is not a resident: the people who work cases, count them or run the system. */
export const staffRoles = [
  'operator',
  'dispatcher',
  'supervisor',
  'handler',
  'unit_manager',
  'analyst',
  'admin',
] as const satisfies readonly Role[];

/** Roles that work cases at the hotline centre. */
export const centreRoles = ['operator', 'dispatcher', 'supervisor'] as const satisfies readonly Role[];
/** Roles that work in a handling unit. */
export const unitRoles = ['handler', 'unit_manager'] as const satisfies readonly Role[];

export function isCentreRole(role: string): boolean {
  return (centreRoles as readonly string[]).includes(role);
}

export function isUnitRole(role: string): boolean {
  return (unitRoles as readonly string[]).includes(role);
}

export function isStaffRole(role: Role): boolean {
  return role !== 'resident';
}

export const unitKinds = ['centre', 'department', 'township', 'village'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof satisfactions)[number];

/** How a case ended. `reopened` cases get a new resolution when they close again. */
export const resolutions = ['answered', 'resolved', 'unresolved', 'rejected', 'merged'] as const;
export type Resolution = (typeof resolutions)[number];

export const coordinateSystems = ['wgs84', 'gcj02'] as const;
export type CoordinateSystem = (typeof coordinateSystems)[number];

/** The steps of a case that each run against a time limit (accept: from filing to acceptance). */
export const caseSteps = ['accept', 'dispatch', 'sign', 'reply', 'callback'] as const;
export type CaseStep = (typeof caseSteps)[number];
