// The service-side check of core's permission map, for methods that are reached by more than one
// route or by jobs: refused exactly as the route's @Endpoint access would refuse it.
import { can, DomainError, ErrorCode, type Permission, type Role } from '@hotline/core';

export function requirePermission(principal: { role: Role | 'system' | 'integration' }, permission: Permission): void {
  if (!can(principal.role, permission)) throw new DomainError(ErrorCode.FORBIDDEN);
}
