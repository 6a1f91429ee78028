import type { AdminRole, BusinessRole, ClearanceClass, UserStatus } from './roles.js';

/** The person acting, as the policy sees them. Built by the session layer from the user row. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  adminRole: AdminRole | null;
  businessRoles: readonly BusinessRole[];
  clearanceClass: ClearanceClass | null;
  status: UserStatus;
  separationUntil: string | null;
}

/** The role recorded with each audit event: the admin role if any, else the highest business role. */
export function actorRoleLabel(actor: Pick<Actor, 'adminRole' | 'businessRoles'>): string {
  if (actor.adminRole) return actor.adminRole;
  for (const r of ['leadership', 'dept_head', 'dept_officer'] as const) {
    if (actor.businessRoles.includes(r)) return r;
  }
  return 'employee';
}
