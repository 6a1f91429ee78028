import type { Actor } from '../kernel/actor.js';
import type { AdminRole, BusinessRole, ClearanceClass } from '../kernel/roles.js';
import {
  canOnApproval,
  canOnItem,
  canTargetless,
  type ApprovalAction,
  type ApprovalResource,
  type ItemAction,
  type ItemResource,
  type ItemTargetlessAction,
  type NewItemResource,
} from './classification.js';

/**
 * The one authorization policy. Every route and list asks `can`; nothing decides access elsewhere.
 * Later modules add actions and resource kinds here; the 三员 rules hold for all of them:
 * - sysadmin: accounts, departments and configuration; no classified content; audit only of its own actions;
 * - secadmin: clearance, admin-role assignment, classification, grants, policies;
 * - auditor: reads the whole audit trail, changes nothing.
 * No admin may act on its own roles, clearance or access.
 */
export type Action =
  | 'department.view'
  | 'department.manage'
  | 'user.view'
  | 'user.manage' // create, edit identity fields, disable/enable, depart, reset password, unlock
  | 'user.assign_admin_role'
  | 'user.assign_clearance'
  | 'settings.view'
  | 'settings.manage'
  | 'audit.read_all'
  | 'audit.read_own'
  | 'audit.verify'
  | 'audit.export'
  | ItemAction
  | ItemTargetlessAction
  | ApprovalAction;

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

export type Resource = UserResource | ItemResource | NewItemResource | ApprovalResource | { kind: 'none' };

const NONE: Resource = { kind: 'none' };

function activeActor(actor: Actor): boolean {
  return actor.status === 'active';
}

export function can(actor: Actor, action: Action, resource: Resource = NONE): boolean {
  if (!activeActor(actor)) return false;
  const role = actor.adminRole;
  switch (action) {
    case 'department.view':
    case 'user.view':
      // The directory of names and departments is not classified; every active person may look it up.
      return true;
    case 'department.manage':
    case 'settings.manage':
      return role === 'sysadmin';
    case 'settings.view':
      return role === 'sysadmin' || role === 'secadmin' || role === 'auditor';
    case 'user.manage': {
      if (role !== 'sysadmin') return false;
      if (resource.kind !== 'user') return true; // creating
      // No admin edits itself through the admin path (it uses "my profile"), and business roles may not be
      // self-granted. Accounts holding an admin role are out of the sysadmin's reach: otherwise it could
      // reset the auditor's password and read the trail that audits it. Those accounts are administered by
      // the local operator (`baomi user ...`), or after the secadmin has removed the admin role.
      return resource.id !== actor.id && resource.adminRole === null;
    }
    case 'user.assign_admin_role': {
      if (role !== 'secadmin' || resource.kind !== 'user') return false;
      return resource.id !== actor.id;
    }
    case 'user.assign_clearance': {
      if (role !== 'secadmin' || resource.kind !== 'user') return false;
      return resource.id !== actor.id;
    }
    case 'audit.read_all':
    case 'audit.verify':
    case 'audit.export':
      return role === 'auditor';
    case 'audit.read_own':
      return role === 'sysadmin' || role === 'secadmin' || role === 'auditor';
    case 'item.propose':
    case 'item.request_for_team':
    case 'approval.participate':
    case 'classification.view':
    case 'classification.manage':
    case 'review.manage':
      return canTargetless(actor, action, resource.kind === 'new_item' ? resource : null);
    case 'approval.view':
    case 'approval.decide':
    case 'approval.withdraw':
      return resource.kind === 'approval' && canOnApproval(actor, action, resource);
    default:
      // Every remaining action is an item action; it needs the item.
      return resource.kind === 'item' && canOnItem(actor, action, resource);
  }
}

/**
 * Which fields of a person's directory entry `actor` may read, beyond names, departments, posts and whether
 * the account is active (the directory every active person may look up, `user.view`):
 * - `account` (e-mail, MFA, lock, must-change-password, separation date, timestamps): the system
 *   administrator, who runs accounts and records departures; and the person themself;
 * - `security` (clearance class, separation date): the security administrator, who decides them, and the
 *   auditor, who checks them; and the person themself;
 * - `roles` (admin role, business roles, and the record version needed to edit): the three administrators —
 *   the system administrator must know which accounts hold an admin role, as those are out of its reach
 *   (ADR 0004) — and the person themself.
 */
export interface UserFieldAccess {
  account: boolean;
  security: boolean;
  roles: boolean;
}

export function userFieldAccess(actor: Actor, targetId: string): UserFieldAccess {
  if (!can(actor, 'user.view')) return { account: false, security: false, roles: false };
  const self = actor.id === targetId;
  const role = actor.adminRole;
  return {
    account: self || role === 'sysadmin',
    security: self || role === 'secadmin' || role === 'auditor',
    roles: self || role !== null,
  };
}

/** What the UI may offer this actor: the same `can`, evaluated for actions without a specific target. */
/** Actions the UI asks about without a particular target. */
export type TargetlessAction = Exclude<Action, ItemAction | ApprovalAction>;

export function abilitiesOf(actor: Actor): Record<TargetlessAction, boolean> {
  const actions: TargetlessAction[] = [
    'department.view',
    'department.manage',
    'user.view',
    'user.manage',
    'user.assign_admin_role',
    'user.assign_clearance',
    'settings.view',
    'settings.manage',
    'audit.read_all',
    'audit.read_own',
    'audit.verify',
    'audit.export',
    'item.propose',
    'item.request_for_team',
    'approval.participate',
    'classification.view',
    'classification.manage',
    'review.manage',
  ];
  const probe: Resource = { kind: 'user', id: '\u0000', adminRole: null };
  return Object.fromEntries(
    actions.map((a) => [a, can(actor, a, a.startsWith('user.assign') ? probe : NONE)]),
  ) as Record<TargetlessAction, boolean>;
}

/**
 * The audit list filter derived from the policy: all events, only the actor's own, or nothing.
 */
export function auditScope(actor: Actor): { kind: 'all' } | { kind: 'own'; actorId: string } | { kind: 'none' } {
  if (can(actor, 'audit.read_all')) return { kind: 'all' };
  if (can(actor, 'audit.read_own')) return { kind: 'own', actorId: actor.id };
  return { kind: 'none' };
}
