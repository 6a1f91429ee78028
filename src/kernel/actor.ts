import type { AdminRole, BusinessRole, ClearanceClass, UserStatus } from './roles.js';

/**
 * What decisions about classified resources need beyond the user row: the person's department with its
 * ancestors (a department in a scope covers its sub-departments) and the clearance rank that follows from
 * the cleared-person class under the organisation's classification policy. Attached by the services that
 * decide on classified resources; without it the policy refuses every such action (fail closed).
 */
export interface AccessProfile {
  /** Own department first, then each parent up to the root. Empty for people without a department. */
  departmentPath: readonly string[];
  clearanceRank: number;
}

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
  access?: AccessProfile;
}

/** The role recorded with each audit event: the admin role if any, else the highest business role. */
export function actorRoleLabel(actor: Pick<Actor, 'adminRole' | 'businessRoles'>): string {
  if (actor.adminRole) return actor.adminRole;
  for (const r of ['leadership', 'dept_head', 'dept_officer'] as const) {
    if (actor.businessRoles.includes(r)) return r;
  }
  return 'employee';
}
