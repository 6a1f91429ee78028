import type { Actor } from '../kernel/actor.js';
import type { AdminRole, BusinessRole, ClearanceClass } from '../kernel/roles.js';

/**
 * The directory and the account settings: part of the one policy (`can` in index.ts dispatches here).
 * 三员: the sysadmin runs accounts, departments and configuration; the secadmin decides clearance and admin
 * roles; nobody acts on their own roles, clearance or account through the admin path.
 */
export const IDENTITY_ACTIONS = [
  'department.view',
  'department.manage',
  'user.view',
  'user.manage', // create, edit identity fields, disable/enable, depart, reset password, unlock
  'user.assign_admin_role',
  'user.assign_clearance',
  'user.view_holdings', // what a person holds in each module (references and levels), to record a departure
  'user.hand_over', // hand a person's holdings to another (each module still decides every holding)
  'settings.view',
  'settings.manage',
  'organisation.view_roles', // who is leader in charge, general manager, and in each functional role
  'organisation.manage_roles', // set them, and add, rename and delete functional roles
  'otp_token.manage', // import hardware OTP tokens' seeds, list, assign, resynchronise and delete them
  'mfa.require', // require a second factor (or a security key) per clearance class
] as const;
export type IdentityAction = (typeof IDENTITY_ACTIONS)[number];

/**
 * The actions that take a person as their target (`UserResource`). `organisation.manage_roles` takes one when
 * it gives that person an organisation role, and none for the roles themselves.
 */
export const USER_ACTIONS = [
  'user.view',
  'user.manage',
  'user.assign_admin_role',
  'user.assign_clearance',
  'user.view_holdings',
  'user.hand_over',
  'organisation.manage_roles',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/** The target of an action on a user: who it is and what roles it carries. */
export interface UserResource {
  kind: 'user';
  id: string;
  adminRole: AdminRole | null;
  /** For role changes: the admin role the change would give. */
  newAdminRole?: AdminRole | null;
  newClearance?: ClearanceClass | null;
  newBusinessRoles?: readonly BusinessRole[];
}

/** Why the policy refuses an action on a person: null when it allows it. */
export type UserRefusal = 'not_permitted' | 'self' | 'admin_account';

/** Identity's actions without a particular target (a new account, the directory, the settings). */
export function identityTargetlessRefusal(actor: Actor, action: IdentityAction): 'not_permitted' | null {
  const role = actor.adminRole;
  switch (action) {
    case 'department.view':
    case 'user.view':
    case 'organisation.view_roles':
      // The directory of names and departments is not classified; every active person may look it up. So are
      // the organisation's roles: approval pages show who holds them.
      return null;
    case 'organisation.manage_roles':
      // Who approves what is the security administrator's to decide, like clearance and admin roles.
      return role === 'secadmin' ? null : 'not_permitted';
    case 'department.manage':
    case 'settings.manage':
    case 'user.manage': // creating an account
      return role === 'sysadmin' ? null : 'not_permitted';
    case 'settings.view':
      return role === 'sysadmin' || role === 'secadmin' || role === 'auditor' ? null : 'not_permitted';
    case 'otp_token.manage':
      // Tokens are account equipment, handed out like accounts: the system administrator's.
      return role === 'sysadmin' ? null : 'not_permitted';
    case 'mfa.require':
      // How strongly each clearance class signs in is a security decision, like clearance itself.
      return role === 'secadmin' ? null : 'not_permitted';
    case 'user.view_holdings':
      // The system administrator records departures; the security administrator hands classified things over.
      return role === 'sysadmin' || role === 'secadmin' ? null : 'not_permitted';
    case 'user.hand_over':
      return role === 'secadmin' ? null : 'not_permitted';
    case 'user.assign_admin_role':
    case 'user.assign_clearance':
      return 'not_permitted'; // only ever about a particular person
  }
}

export function userRefusal(actor: Actor, action: UserAction, target: UserResource): UserRefusal | null {
  const role = actor.adminRole;
  switch (action) {
    case 'user.view':
      return null;
    case 'user.manage':
      if (role !== 'sysadmin') return 'not_permitted';
      // No admin edits itself through the admin path (it uses "my profile"), and business roles may not be
      // self-granted. Accounts holding an admin role are out of the sysadmin's reach: otherwise it could
      // reset the auditor's password and read the trail that audits it. Those accounts are administered by
      // the local operator (`baomi user ...`), or after the secadmin has removed the admin role.
      if (target.id === actor.id) return 'self';
      return target.adminRole === null ? null : 'admin_account';
    case 'user.assign_admin_role':
    case 'user.assign_clearance':
      if (role !== 'secadmin') return 'not_permitted';
      return target.id === actor.id ? 'self' : null;
    case 'user.view_holdings':
      // References and levels only, never content: whoever records departures or hands things over, of others.
      if (role !== 'sysadmin' && role !== 'secadmin') return 'not_permitted';
      return target.id === actor.id ? 'self' : null;
    case 'user.hand_over':
      // The confidentiality office hands a person's holdings over (the module still decides each holding, e.g.
      // a custody transfer to someone cleared for the level); never its own.
      if (role !== 'secadmin') return 'not_permitted';
      return target.id === actor.id ? 'self' : null;
    case 'organisation.manage_roles':
      // Giving a person an organisation role makes them an approver. The security administrator gives none to
      // itself, and none to an account holding an admin role: approving is business, which the 三员 stay out of
      // (the system administrator sees no classified content, the auditor changes nothing).
      if (role !== 'secadmin') return 'not_permitted';
      if (target.id === actor.id) return 'self';
      return target.adminRole === null ? null : 'admin_account';
  }
}
