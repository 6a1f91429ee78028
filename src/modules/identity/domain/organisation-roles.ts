/**
 * The organisation's roles as the approval engine asks about them (pure rules over plain data): the leader in
 * charge of a department (主管领导) answers for its sub-departments that have none of their own, the general
 * manager (总经理) is one person, and functional roles (财务主管, 行政办公室, ...) are held by their members.
 */

/** A functional role's code: lower case, digits and underscores, 2 to 40 characters, a letter first. */
export const FUNCTIONAL_ROLE_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** The functional roles the organisation always has (migration 009 seeds them; they cannot be deleted). */
export const BUILT_IN_FUNCTIONAL_ROLES = [
  'finance_supervisor',
  'administration_office',
  'it_head',
  'archive_keeper',
] as const;
export type BuiltInFunctionalRole = (typeof BUILT_IN_FUNCTIONAL_ROLES)[number];

/** An organisation role an approval step may name. */
export type OrganisationRole =
  | { kind: 'leader_in_charge'; departmentId: string }
  | { kind: 'general_manager' }
  | { kind: 'functional_role'; code: string };

/** A department as the walk up the tree sees it: its parent and its own leader in charge, when active. */
export interface DepartmentLeader {
  parentId: string | null;
  /** The leader in charge set on this department, or null (none set, or that person is not active). */
  leaderId: string | null;
}

/**
 * The leader in charge of `departmentId`: its own, else the nearest ancestor's, else null (also for an unknown
 * department). A cycle in the data (which the department service refuses to make) ends the walk.
 */
export function nearestLeaderInCharge(
  departments: ReadonlyMap<string, DepartmentLeader>,
  departmentId: string | null,
): string | null {
  const seen = new Set<string>();
  for (let cur = departmentId; cur && !seen.has(cur);) {
    seen.add(cur);
    const d = departments.get(cur);
    if (!d) return null;
    if (d.leaderId) return d.leaderId;
    cur = d.parentId;
  }
  return null;
}

/** Why a change of a functional role is refused (a problem code), or null. */
export function functionalRoleDeleteProblem(role: {
  builtIn: boolean;
  members: number;
}): 'built_in_role' | 'role_has_members' | null {
  if (role.builtIn) return 'built_in_role';
  return role.members > 0 ? 'role_has_members' : null;
}
