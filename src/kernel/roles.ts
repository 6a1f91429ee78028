/**
 * Roles and the 三员 (three-administrator) separation of duties. Pure rules over plain data.
 */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const BUSINESS_ROLES = ['employee', 'dept_officer', 'dept_head', 'leadership'] as const;
export type BusinessRole = (typeof BUSINESS_ROLES)[number];

export const CLEARANCE_CLASSES = ['core', 'important', 'general'] as const;
export type ClearanceClass = (typeof CLEARANCE_CLASSES)[number];

export const USER_STATUSES = ['active', 'disabled', 'departed'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Pairs of admin roles no single account may hold together (DESIGN: sysadmin != auditor, secadmin != auditor). */
export const INCOMPATIBLE_ADMIN_ROLES: readonly (readonly [AdminRole, AdminRole])[] = [
  ['sysadmin', 'auditor'],
  ['secadmin', 'auditor'],
  ['sysadmin', 'secadmin'],
];

/**
 * An account holds at most one admin role; the schema already allows only one, so this guards any future
 * multi-role representation and the role-change path (old role + new role must not both be held).
 */
export function violatesSeparation(roles: readonly AdminRole[]): [AdminRole, AdminRole] | null {
  for (const [a, b] of INCOMPATIBLE_ADMIN_ROLES) {
    if (roles.includes(a) && roles.includes(b)) return [a, b];
  }
  return null;
}

/**
 * 三员: the system administrator and the auditor run accounts and check the trail; they hold no classified
 * content, so they are never custodians, approvers of classified matters or classification authorities.
 * The one statement of that rule; everything else asks this predicate.
 */
export const CONTENT_EXCLUDED_ROLES = ['sysadmin', 'auditor'] as const satisfies readonly AdminRole[];

export function excludedFromContent(adminRole: AdminRole | string | null | undefined): boolean {
  return (CONTENT_EXCLUDED_ROLES as readonly string[]).includes(adminRole ?? '');
}

export function isAdminRole(v: unknown): v is AdminRole {
  return typeof v === 'string' && (ADMIN_ROLES as readonly string[]).includes(v);
}
