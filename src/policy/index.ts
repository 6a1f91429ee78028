import type { Actor } from '../kernel/actor.js';
import {
  APPROVAL_ACTIONS,
  APPROVAL_TARGETLESS_ACTIONS,
  approvalRefusal,
  approvalTargetlessRefusal,
  type ApprovalAction,
  type ApprovalResource,
  type ApprovalTargetlessAction,
} from './approvals.js';
import {
  AUDIT_ACTIONS,
  AUDIT_TARGETLESS_ACTIONS,
  auditEventRefusal,
  auditRefusal,
  auditScopeOf,
  type AuditEventResource,
  type AuditPolicyAction,
  type AuditRules,
  type AuditScope,
} from './audit.js';
import {
  CARRIER_ACTIONS,
  CARRIER_DEPARTMENT_ACTIONS,
  CARRIER_TARGETLESS_ACTIONS,
  carrierDepartmentRefusal,
  carrierRefusal,
  type CarrierAction,
  type CarrierDepartmentAction,
  type CarrierDepartmentResource,
  type CarrierResource,
  type CarrierTargetlessAction,
} from './carriers.js';
import {
  CLASSIFICATION_ACTIONS,
  classificationRefusal,
  ITEM_ACTIONS,
  itemRefusal,
  type ItemAction,
  type ItemResource,
  type ItemTargetlessAction,
  type NewItemResource,
} from './classification.js';
import {
  IDENTITY_ACTIONS,
  identityTargetlessRefusal,
  USER_ACTIONS,
  userRefusal,
  type IdentityAction,
  type UserAction,
  type UserResource,
} from './identity.js';

import {
  AGREEMENT_ACTIONS,
  AGREEMENT_DEPARTMENT_ACTIONS,
  AGREEMENT_PERSON_ACTIONS,
  AGREEMENT_TARGETLESS_ACTIONS,
  agreementPersonRefusal,
  agreementRefusal,
  type AgreementDepartmentAction,
  type AgreementDepartmentResource,
  type AgreementPersonAction,
  type AgreementPersonResource,
  type AgreementTargetlessAction,
} from './people.js';
import {
  TRAINING_ACTIONS,
  TRAINING_DEPARTMENT_ACTIONS,
  TRAINING_PERSON_ACTIONS,
  TRAINING_SESSION_ACTIONS,
  TRAINING_TARGETLESS_ACTIONS,
  trainingPersonRefusal,
  trainingRefusal,
  trainingSessionRefusal,
  type TrainingDepartmentAction,
  type TrainingDepartmentResource,
  type TrainingPersonAction,
  type TrainingPersonResource,
  type TrainingSessionAction,
  type TrainingSessionResource,
  type TrainingTargetlessAction,
} from './training.js';

export type { UserResource } from './identity.js';
export type { ApprovalResource } from './approvals.js';
export type { CarrierResource, CarrierDepartmentResource } from './carriers.js';
export type { AgreementPersonResource, AgreementDepartmentResource } from './people.js';
export type { TrainingPersonResource, TrainingSessionResource, TrainingDepartmentResource } from './training.js';
export type { AuditEventResource, AuditRules, AuditScope, AuditEventClass } from './audit.js';
export { auditEventClass, REVIEWED_BY_AUDITOR_ROLES } from './audit.js';

/**
 * The one authorization policy. Every route and list asks `can` (through the platform's `authorize` when a
 * refusal must be audited and answered); nothing decides access elsewhere. Each module's file lists its
 * actions `as const` and decides them with a pure refusal (`…Refusal(actor, …)`: why not, or null); `can` is
 * "the refusal is null". The 三员 rules hold for all of them:
 * - sysadmin: accounts, departments and configuration; no classified content; audit only of its own actions;
 * - secadmin: clearance, admin-role assignment, classification, grants, policies;
 * - auditor: reads the whole audit trail, changes nothing.
 * No admin may act on its own roles, clearance or access.
 */
export const ACTIONS = [
  ...IDENTITY_ACTIONS,
  ...AUDIT_ACTIONS,
  ...CLASSIFICATION_ACTIONS,
  ...ITEM_ACTIONS,
  ...APPROVAL_ACTIONS,
  ...APPROVAL_TARGETLESS_ACTIONS,
  ...CARRIER_ACTIONS,
  ...CARRIER_TARGETLESS_ACTIONS,
  ...AGREEMENT_ACTIONS,
  ...TRAINING_ACTIONS,
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions the UI asks about without a particular target (the abilities of `/api/auth/me`). */
export const TARGETLESS_ACTIONS = [
  ...IDENTITY_ACTIONS,
  ...AUDIT_TARGETLESS_ACTIONS,
  ...CLASSIFICATION_ACTIONS,
  ...APPROVAL_TARGETLESS_ACTIONS,
  ...CARRIER_TARGETLESS_ACTIONS,
  ...AGREEMENT_TARGETLESS_ACTIONS,
  ...TRAINING_TARGETLESS_ACTIONS,
] as const;
export type TargetlessAction = (typeof TARGETLESS_ACTIONS)[number];

export type Resource =
  | UserResource
  | ItemResource
  | NewItemResource
  | ApprovalResource
  | CarrierResource
  | CarrierDepartmentResource
  | AgreementPersonResource
  | AgreementDepartmentResource
  | TrainingPersonResource
  | TrainingSessionResource
  | TrainingDepartmentResource
  | AuditEventResource
  | { kind: 'none' };

const NONE: Resource = { kind: 'none' };

const among =
  <T extends string>(list: readonly T[]) =>
  (a: string): a is T =>
    (list as readonly string[]).includes(a);
const isIdentityAction = among<IdentityAction>(IDENTITY_ACTIONS);
const isUserAction = among<UserAction>(USER_ACTIONS);
const isAuditAction = among<AuditPolicyAction>(AUDIT_ACTIONS);
const isClassificationAction = among<ItemTargetlessAction>(CLASSIFICATION_ACTIONS);
const isItemAction = among<ItemAction>(ITEM_ACTIONS);
const isApprovalAction = among<ApprovalAction>(APPROVAL_ACTIONS);
const isApprovalTargetlessAction = among<ApprovalTargetlessAction>(APPROVAL_TARGETLESS_ACTIONS);
const isCarrierAction = among<CarrierAction>(CARRIER_ACTIONS);
const isCarrierTargetlessAction = among<CarrierTargetlessAction>(CARRIER_TARGETLESS_ACTIONS);
const isCarrierDepartmentAction = among<CarrierDepartmentAction>(CARRIER_DEPARTMENT_ACTIONS);
const isAgreementTargetlessAction = among<AgreementTargetlessAction>(AGREEMENT_TARGETLESS_ACTIONS);
const isAgreementPersonAction = among<AgreementPersonAction>(AGREEMENT_PERSON_ACTIONS);
const isAgreementDepartmentAction = among<AgreementDepartmentAction>(AGREEMENT_DEPARTMENT_ACTIONS);
const isTrainingTargetlessAction = among<TrainingTargetlessAction>(TRAINING_TARGETLESS_ACTIONS);
const isTrainingPersonAction = among<TrainingPersonAction>(TRAINING_PERSON_ACTIONS);
const isTrainingSessionAction = among<TrainingSessionAction>(TRAINING_SESSION_ACTIONS);
const isTrainingDepartmentAction = among<TrainingDepartmentAction>(TRAINING_DEPARTMENT_ACTIONS);

/**
 * Why `actor` may not do `action` on `resource` (a module's refusal code), or null when the policy allows it.
 * Dispatches on the kind of resource: item, approval and person actions go to their module's rules with
 * their target; actions that need no target are decided whatever the resource (their rules ignore it); an
 * item or approval action without its kind of target is refused (`wrong_target`), never guessed at.
 */
export function refusal(actor: Actor, action: Action, resource: Resource = NONE): string | null {
  if (actor.status !== 'active') return 'inactive';
  switch (resource.kind) {
    case 'item':
      return isItemAction(action) ? itemRefusal(actor, action, resource) : targetlessRefusal(actor, action, null);
    case 'approval':
      return isApprovalAction(action)
        ? approvalRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'user':
      return isUserAction(action) ? userRefusal(actor, action, resource) : targetlessRefusal(actor, action, null);
    case 'carrier':
      return isCarrierAction(action) ? carrierRefusal(actor, action, resource) : targetlessRefusal(actor, action, null);
    case 'carrier_department':
      return isCarrierDepartmentAction(action)
        ? carrierDepartmentRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'agreement_person':
      return isAgreementPersonAction(action)
        ? agreementPersonRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'agreement_department':
      return isAgreementDepartmentAction(action)
        ? agreementRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'training_person':
      return isTrainingPersonAction(action)
        ? trainingPersonRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'training_session':
      return isTrainingSessionAction(action)
        ? trainingSessionRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'training_department':
      return isTrainingDepartmentAction(action)
        ? trainingRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'audit_event':
      return action === 'audit.view'
        ? auditEventRefusal(actor, action, resource)
        : targetlessRefusal(actor, action, null);
    case 'new_item':
      return targetlessRefusal(actor, action, resource);
    case 'none':
      return targetlessRefusal(actor, action, null);
    default: {
      const unknown: never = resource;
      return unknown;
    }
  }
}

function targetlessRefusal(actor: Actor, action: Action, target: NewItemResource | null): string | null {
  if (isIdentityAction(action)) return identityTargetlessRefusal(actor, action);
  if (isAuditAction(action)) return auditRefusal(actor, action);
  if (isClassificationAction(action)) return classificationRefusal(actor, action, target);
  if (isApprovalTargetlessAction(action)) return approvalTargetlessRefusal(actor, action);
  if (isCarrierTargetlessAction(action)) return carrierDepartmentRefusal(actor, action, null);
  if (isAgreementTargetlessAction(action)) return agreementRefusal(actor, action, null);
  if (isTrainingTargetlessAction(action)) return trainingRefusal(actor, action, null);
  return 'wrong_target';
}

export function can(actor: Actor, action: Action, resource: Resource = NONE): boolean {
  return refusal(actor, action, resource) === null;
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

/**
 * What the UI may offer this actor: the same `can`, for every action without a particular target. The
 * role-assigning actions are asked about someone else (a probe), as the UI offers them on other people.
 */
export function abilitiesOf(actor: Actor): Readonly<Record<TargetlessAction, boolean>> {
  // `can` is pure, so the answer depends only on the actor: remembered per actor (the web asks on every page,
  // and asking every action costs more than the rest of that request). The key is the whole actor as the
  // policy sees it, so a changed role, clearance, status or department is a new key, never a stale answer.
  const key = JSON.stringify(actor);
  const known = abilitiesCache.get(key);
  if (known) return known;
  const probe: Resource = { kind: 'user', id: '\u0000', adminRole: null };
  const abilities = Object.freeze(
    Object.fromEntries(
      TARGETLESS_ACTIONS.map((a) => [a, can(actor, a, a.startsWith('user.assign') ? probe : NONE)]),
    ) as Record<TargetlessAction, boolean>,
  );
  if (abilitiesCache.size >= ABILITIES_CACHE_SIZE) abilitiesCache.delete(abilitiesCache.keys().next().value!);
  abilitiesCache.set(key, abilities);
  return abilities;
}
const ABILITIES_CACHE_SIZE = 1000;
const abilitiesCache = new Map<string, Readonly<Record<TargetlessAction, boolean>>>();

/** No ability at all: a session that is not fully signed in may do nothing but finish signing in. */
export function noAbilities(): Record<TargetlessAction, boolean> {
  return Object.fromEntries(TARGETLESS_ACTIONS.map((a) => [a, false])) as Record<TargetlessAction, boolean>;
}

/** The audit list filter derived from the policy (see policy/audit.ts): what `audit.view` allows, as a scope. */
export function auditScope(actor: Actor, rules: AuditRules): AuditScope {
  return actor.status === 'active' ? auditScopeOf(actor, rules) : { kind: 'none' };
}
