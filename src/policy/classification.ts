import type { RequestStatus } from '../kernel/approvals.js';
import type { Actor } from '../kernel/actor.js';
import { excludedFromContent } from '../kernel/roles.js';
import { OPEN_RANK, rankOf, type Level } from '../kernel/levels.js';
import {
  grantActive,
  scopeMatches,
  type GrantAction,
  type GrantView,
  type ItemStatus,
  type ScopeEntry,
} from '../kernel/secret-item.js';

/**
 * The access rules for secret items, approvals and classification settings: part of the one policy
 * (`can` in policy.ts dispatches here). Reading needs clearance >= level (no read-up) and need-to-know:
 * named in the scope, in a department in scope (sub-departments included), holding a role in scope, the
 * custodian, or an unexpired approved grant for that item and action. Items at or below the open rank
 * (internal, public, declassified) are open to every active person.
 *
 * 三员: the sysadmin and the auditor read no classified content (their accounts are for administration and
 * audit); the secadmin sees the catalogue's metadata up to its own clearance, but reads content only with
 * need-to-know like anyone else.
 */
/** Every action on one item (the abilities the UI receives are these, decided by `can`). */
export const ITEM_ACTIONS = [
  'item.view_metadata',
  'item.read',
  'item.download',
  'item.print',
  'item.copy',
  'item.excerpt',
  'item.lend',
  'item.edit',
  'item.reclassify',
  'item.destroy',
  'item.review',
  'item.manage_grants',
  'item.transfer_custody',
  'item.request_access',
  'item.emergency_access',
] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/** Classification's actions without a particular item (proposing asks about a level: `NewItemResource`). */
export const CLASSIFICATION_ACTIONS = [
  'item.propose',
  'item.request_for_team',
  'item.ask_access',
  'approval.participate',
  'classification.view',
  'classification.manage',
  'review.manage',
] as const;
export type ItemTargetlessAction = (typeof CLASSIFICATION_ACTIONS)[number];

export interface ItemResource {
  kind: 'item';
  id: string;
  level: Level;
  /** rankOf(level), or public once declassified (accessRankOf). */
  accessRank: number;
  status: ItemStatus;
  custodianId: string;
  classifierId: string | null;
  scope: readonly ScopeEntry[];
  /** The acting person's grants on this item (others' grants do not matter to the decision). */
  grants: readonly GrantView[];
  /** The instant of the decision (ISO): grants expire by the clock. */
  at: string;
}

/** A level about to be assigned (proposing a new item, or a reclassification's target level). */
export interface NewItemResource {
  kind: 'new_item';
  level: Level;
}

const CONTENT_ACTIONS: Record<string, GrantAction | undefined> = {
  'item.read': 'read',
  'item.download': 'download',
  'item.print': 'print',
  'item.copy': 'copy',
  'item.excerpt': 'excerpt',
  'item.lend': 'lend',
};

function isAdministrativeOnly(actor: Actor): boolean {
  return excludedFromContent(actor.adminRole);
}

/** Business roles that may propose classification decisions (and the security administrator). */
function mayPropose(actor: Actor): boolean {
  return (
    actor.adminRole === 'secadmin' ||
    actor.businessRoles.some((r) => r === 'dept_officer' || r === 'dept_head' || r === 'leadership')
  );
}

/**
 * Why the policy refuses an action on an item: null when it allows it. `hidden`: the actor may not even know
 * the item exists beyond what they asked by (answered 404 "not found or no access").
 */
export type ItemRefusal =
  | 'no_access_profile'
  | 'content_excluded'
  | 'above_clearance'
  | 'not_in_scope'
  | 'needs_grant'
  | 'not_custodian'
  | 'not_in_force'
  | 'open_item';

export function itemRefusal(actor: Actor, action: ItemAction, item: ItemResource): ItemRefusal | null {
  const access = actor.access;
  if (!access) return 'no_access_profile';
  const open = item.accessRank <= OPEN_RANK;
  if (isAdministrativeOnly(actor)) {
    const reads =
      action === 'item.view_metadata' ||
      action === 'item.read' ||
      action === 'item.download' ||
      action === 'item.print';
    return open && reads ? null : 'content_excluded';
  }
  if (item.accessRank > access.clearanceRank) return 'above_clearance'; // no read-up, for every action and every role
  const custodian = item.custodianId === actor.id;
  const inScope = scopeMatches(item.scope, {
    id: actor.id,
    departmentPath: access.departmentPath,
    roles: actor.businessRoles,
  });
  const granted = new Set<GrantAction>();
  let anyGrant = false; // any active grant lets one know the item exists (as the list filter does)
  for (const g of item.grants) {
    if (g.granteeId !== actor.id || !grantActive(g, item.at)) continue;
    anyGrant = true;
    for (const a of g.actions) granted.add(a);
  }
  const live = item.status === 'proposed' || item.status === 'in_force';
  const inForce = item.status === 'in_force';
  const secadmin = actor.adminRole === 'secadmin';
  const either = (ok: boolean, refusal: ItemRefusal) => (ok ? null : refusal);

  switch (action) {
    case 'item.view_metadata':
      return either(open || inScope || custodian || anyGrant || secadmin, 'not_in_scope');
    case 'item.read':
    case 'item.download':
    case 'item.print':
      return either(open || inScope || custodian || granted.has(CONTENT_ACTIONS[action]!), 'not_in_scope');
    case 'item.copy':
    case 'item.excerpt':
    case 'item.lend':
      // Writing down and lending are controlled: scope alone is not enough, an approved grant is.
      return either(open || custodian || granted.has(CONTENT_ACTIONS[action]!), 'needs_grant');
    case 'item.edit':
      return !custodian ? 'not_custodian' : either(live, 'not_in_force');
    case 'item.reclassify':
      if (!(custodian || item.classifierId === actor.id || secadmin)) return 'not_custodian';
      return either(inForce, 'not_in_force');
    case 'item.destroy':
    case 'item.manage_grants':
      return either(custodian || secadmin, 'not_custodian');
    case 'item.review':
      if (!(custodian || secadmin)) return 'not_custodian';
      return either(inForce, 'not_in_force');
    case 'item.transfer_custody':
      // The confidentiality office hands an item in force to a new custodian (the old one left, or changed post).
      // A proposal is not handed over: its requester withdraws it and proposes again.
      if (!secadmin) return 'not_custodian';
      return either(inForce, 'not_in_force');
    case 'item.request_access':
    case 'item.emergency_access':
      // Anyone cleared for the level may ask; the approval chain (or the review afterwards) decides.
      if (open) return 'open_item';
      return either(inForce, 'not_in_force');
  }
}

export function canOnItem(actor: Actor, action: ItemAction, item: ItemResource): boolean {
  return itemRefusal(actor, action, item) === null;
}

/** Why the policy refuses a classification action without a particular item: null when it allows it. */
export type ClassificationRefusal = 'not_permitted' | 'content_excluded' | 'above_clearance' | 'no_clearance';

export function classificationRefusal(
  actor: Actor,
  action: ItemTargetlessAction,
  target: NewItemResource | null,
): ClassificationRefusal | null {
  switch (action) {
    case 'classification.view':
      return null;
    case 'item.ask_access':
      // Asking for access to a classified item (by request or in an emergency) needs a cleared-person class:
      // without one the person reads only open items, so no request or emergency access could ever succeed.
      if (isAdministrativeOnly(actor)) return 'content_excluded';
      return actor.clearanceClass === null ? 'no_clearance' : null;
    case 'approval.participate':
      // Requests, approvals, grants and reviews are about classified content: not for the sysadmin or auditor.
      return isAdministrativeOnly(actor) ? 'content_excluded' : null;
    case 'item.request_for_team':
      if (isAdministrativeOnly(actor)) return 'content_excluded';
      return actor.businessRoles.some((r) => r === 'dept_head' || r === 'dept_officer' || r === 'leadership')
        ? null
        : 'not_permitted';
    case 'classification.manage':
    case 'review.manage':
      return actor.adminRole === 'secadmin' ? null : 'not_permitted';
    case 'item.propose': {
      if (isAdministrativeOnly(actor)) return 'content_excluded';
      if (!mayPropose(actor)) return 'not_permitted';
      if (!target) return null; // may propose at some level (UI ability)
      return actor.access !== undefined && rankOf(target.level) <= actor.access.clearanceRank
        ? null
        : 'above_clearance';
    }
  }
}

/**
 * The catalogue list filter derived from the same rules as `item.view_metadata`, as data the repository
 * turns into SQL. A list, search, count or export built from it never includes an item `can` would refuse
 * (a property test checks the two agree on random data).
 */
export type ItemListFilter =
  | { kind: 'none' }
  | { kind: 'open_only' }
  | { kind: 'up_to_rank'; maxRank: number }
  | {
      kind: 'need_to_know';
      maxRank: number;
      userId: string;
      departmentIds: readonly string[];
      roles: readonly string[];
      at: string;
    };

export function itemListFilter(actor: Actor, at: string): ItemListFilter {
  if (actor.status !== 'active' || !actor.access) return { kind: 'none' };
  if (isAdministrativeOnly(actor)) return { kind: 'open_only' };
  const maxRank = actor.access.clearanceRank;
  if (actor.adminRole === 'secadmin') return { kind: 'up_to_rank', maxRank };
  return {
    kind: 'need_to_know',
    maxRank,
    userId: actor.id,
    departmentIds: actor.access.departmentPath,
    roles: actor.businessRoles,
    at,
  };
}

/**
 * May `actor` ask for access on behalf of `subject`? Oneself always; someone else only as their department
 * head or confidentiality officer (the subject in the actor's department or below), or leadership.
 */
export function mayActFor(actor: Actor, subject: { id: string; departmentPath: readonly string[] }): boolean {
  if (actor.status !== 'active') return false;
  if (actor.id === subject.id) return true;
  if (isAdministrativeOnly(actor)) return false;
  if (actor.businessRoles.includes('leadership')) return true;
  const leads = actor.businessRoles.includes('dept_head') || actor.businessRoles.includes('dept_officer');
  return leads && actor.departmentId !== null && subject.departmentPath.includes(actor.departmentId);
}

/** Grants listed as "managed": those on items the actor may manage grants of (item.manage_grants). */
export type GrantManageFilter =
  { kind: 'none' } | { kind: 'custodian'; userId: string; maxRank: number } | { kind: 'up_to_rank'; maxRank: number };

export function grantManageFilter(actor: Actor): GrantManageFilter {
  if (actor.status !== 'active' || !actor.access || isAdministrativeOnly(actor)) return { kind: 'none' };
  const maxRank = actor.access.clearanceRank;
  return actor.adminRole === 'secadmin'
    ? { kind: 'up_to_rank', maxRank }
    : { kind: 'custodian', userId: actor.id, maxRank };
}

/**
 * Does a request show its item's title and level to this viewer? Approvers on the chain need them to decide;
 * the person an access request is for (its subject, or the requester asking for themself) sees them once the
 * access is granted — asking by number must not reveal more than the number, and one who asked on someone
 * else's behalf gains nothing by the grant.
 */
export function requestRevealsItem(
  r: {
    type: string;
    status: RequestStatus;
    requesterId: string;
    subjectId: string | null;
    chainApprovers: readonly string[];
    itemAccessRank: number;
  },
  viewer: RequestViewer,
): boolean {
  if (r.itemAccessRank > viewer.clearanceRank) return false; // no read-up, not even of a title
  if (r.type !== 'classification.access_grant' || r.chainApprovers.includes(viewer.id)) return true;
  return r.status === 'approved' && (r.subjectId ?? r.requesterId) === viewer.id;
}

/** Who looks at a request: their id and clearance rank now (it may have fallen since the request was made). */
export interface RequestViewer {
  id: string;
  clearanceRank: number;
}

/**
 * Does a request show its item's particulars (level and term, basis, classifier, custodian, scope — never its
 * content) to this viewer? Its approvers decide on them and may be outside the item's scope (leadership, the
 * confidentiality office); the requester of a classification decision proposed them. Whoever asked for access
 * learns no more than `requestRevealsItem` allows.
 */
export function requestShowsItemFacts(
  r: { type: string; requesterId: string; chainApprovers: readonly string[]; itemAccessRank: number },
  viewer: RequestViewer,
): boolean {
  if (r.itemAccessRank > viewer.clearanceRank) return false;
  return (
    r.chainApprovers.includes(viewer.id) || (r.type !== 'classification.access_grant' && r.requesterId === viewer.id)
  );
}
