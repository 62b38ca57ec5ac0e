// Who may do what, in one place: each named permission and the roles that hold it. The server's
// @Endpoint access, its services' checks and the client's menus all ask this map; a role list
// written anywhere else is a second truth that will drift.
import { actionRoles } from './case-machine';
import type { CaseActionType } from './case-actions';
import { centreRoles, roles, staffRoles, unitRoles, type Role } from './vocabulary';

/** Roles whose accounts belong to the hotline centre's own unit (the rest belong to handling units). */
export const centreUnitRoles = [...centreRoles, 'analyst', 'admin'] as const satisfies readonly Role[];

const permissionRoles = {
  /** Type a phone call in as a case. */
  'cases.intake': ['operator'],
  /** A caller's earlier cases, found by the number calling. */
  'cases.byCaller': ['operator', 'supervisor'],
  /** The staff view of a case (still only a case they may see). */
  'cases.readStaffView': staffRoles,
  /** See a filer's full phone number (each look is logged). */
  'cases.revealPhone': [...centreRoles, ...unitRoles],
  /** Ask the dispatch catalogue which unit should take a case. */
  'cases.suggestDispatch': centreRoles,
  /** See every case without a relation to it. */
  'cases.seeAll': [...centreRoles, 'analyst', 'admin'],
  /** Open the work queues. */
  'queues.read': ['operator', 'dispatcher', 'supervisor', 'analyst', 'handler', 'unit_manager'],
  /** Queues over every case rather than over one's own unit's. */
  'queues.allCases': ['operator', 'dispatcher', 'supervisor', 'analyst'],
  /** Live counts of the centre's queues. */
  'queues.centreLiveCounts': [...centreRoles, 'admin'],
  /** The units and categories staff pick from. */
  'directory.read': staffRoles,
  /** Performance measures, rankings, trends and hot spots of every unit. */
  'measures.read': ['supervisor', 'analyst', 'admin', 'dispatcher'],
  /** Measures and trends: every unit's for 'measures.read', a unit manager's own unit's. */
  'analytics.read': ['supervisor', 'analyst', 'admin', 'dispatcher', 'unit_manager'],
  /**
   * Download a queue's cases as a file (personal data, masked as in the lists; every export is
   * audited): the roles that read figures and hold a queue, a unit manager for their unit.
   */
  'exports.cases': ['dispatcher', 'supervisor', 'analyst', 'unit_manager'],
  /**
   * The weekly bulletin: the county's leaders, the roles that read every unit's figures and answer
   * for the centre (not dispatchers, who read measures for their daily work). They also receive it.
   */
  'bulletins.read': ['supervisor', 'analyst', 'admin'],
  /** Mark a matter (category + area) as the month's topic (每月一题). */
  'analytics.topics': ['analyst'],
  /** The county's rules, units, categories, catalogue, accounts, audit and retention. */
  'admin.manage': ['admin'],
  /** Notifications that could not be delivered, and sending them again. */
  'notifications.deadLetters': ['admin'],
  /** Bind or unbind a staff account's WeChat for messages. */
  'staff.bindWechat': staffRoles,
  /** Review, redact and publish typical cases for public disclosure. */
  'disclosure.moderate': ['supervisor', 'operator'],
  /** A resident's own cases, filing, following and account. */
  'resident.self': ['resident'],
} as const satisfies Record<string, readonly Role[]>;

/** Firing a case action from the workspace: the staff roles the case machine lets fire it (residents act through their own routes, under 'resident.self'). */
export type ActionPermission = `action.${CaseActionType}`;
export type Permission = keyof typeof permissionRoles | ActionPermission;

const isRoleName = (r: string): r is Role => (roles as readonly string[]).includes(r);
const isStaffRoleName = (r: string): r is Role => isRoleName(r) && r !== 'resident';

/** The roles holding a permission. */
export function rolesWith(permission: Permission): readonly Role[] {
  if (permission.startsWith('action.')) {
    return actionRoles(permission.slice('action.'.length) as CaseActionType).filter(isStaffRoleName);
  }
  return permissionRoles[permission as keyof typeof permissionRoles];
}

/** Whether a role holds a permission; the scheduler and outside systems hold none. */
export function can(role: Role | 'system' | 'integration', permission: Permission): boolean {
  return isRoleName(role) && rolesWith(permission).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && isRoleName(value);
}
