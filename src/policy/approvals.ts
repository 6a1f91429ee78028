import type { Actor } from '../kernel/actor.js';
import { excludedFromContent } from '../kernel/roles.js';
import { holdsGroup, type ApproverGroup, type GroupContext, type RequestStatus } from '../kernel/approvals.js';

/**
 * Approval requests: part of the one policy (`can` in index.ts dispatches here). Who looks at a request, who
 * decides its current step, who withdraws it, and what of its item a viewer learns.
 */
export const APPROVAL_ACTIONS = ['approval.view', 'approval.decide', 'approval.withdraw'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

export interface ApprovalResource {
  kind: 'approval';
  requesterId: string;
  /** For access requests: the person who would receive the grant. */
  subjectId: string | null;
  levelRank: number;
  status: RequestStatus;
  /** Approvers of the current step who have not decided yet. */
  pendingApprovers: readonly string[];
  /** Approvers of the current step who approved an earlier step (four eyes: they do not decide this one). */
  earlierStepApprovers: readonly string[];
  /** Every approver named anywhere on the chain (they may look at the request). */
  chainApprovers: readonly string[];
  /** The group of the current step and where its groups are now (`holdsGroup`); without them nobody decides. */
  stepGroup?: ApproverGroup | null;
  groupContext?: GroupContext;
}

/** Why the policy refuses an action on a request (the problem codes the API answers with): null when it allows it. */
export type ApprovalRefusal =
  | 'not_involved'
  | 'not_requester'
  | 'not_pending'
  | 'self_approval'
  | 'approved_earlier_step'
  | 'no_longer_in_group'
  | 'not_current_approver';

export function approvalRefusal(actor: Actor, action: ApprovalAction, r: ApprovalResource): ApprovalRefusal | null {
  switch (action) {
    case 'approval.view':
      return r.requesterId === actor.id || r.subjectId === actor.id || r.chainApprovers.includes(actor.id)
        ? null
        : 'not_involved';
    case 'approval.withdraw':
      if (r.requesterId !== actor.id) return 'not_requester';
      return r.status === 'pending' ? null : 'not_pending';
    case 'approval.decide': {
      // Nobody approves their own request (nor one for their own benefit).
      if (r.requesterId === actor.id || r.subjectId === actor.id) return 'self_approval';
      if (r.status !== 'pending') return 'not_pending';
      if (r.earlierStepApprovers.includes(actor.id)) return 'approved_earlier_step';
      const holds = !!r.stepGroup && !!r.groupContext && holdsGroup(actor, r.stepGroup, r.groupContext);
      if (r.pendingApprovers.includes(actor.id) && r.stepGroup && !holds) return 'no_longer_in_group';
      // Approvers hold the clearance of the level when they decide; administrators of accounts and audit
      // decide nothing about classified content.
      const cleared = !!actor.access && actor.access.clearanceRank >= r.levelRank;
      if (!holds || !r.pendingApprovers.includes(actor.id) || !cleared || excludedFromContent(actor.adminRole))
        return 'not_current_approver';
      return null;
    }
  }
}

export function canOnApproval(actor: Actor, action: ApprovalAction, r: ApprovalResource): boolean {
  return approvalRefusal(actor, action, r) === null;
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
  if (r.type !== 'access_grant' || r.chainApprovers.includes(viewer.id)) return true;
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
  return r.chainApprovers.includes(viewer.id) || (r.type !== 'access_grant' && r.requesterId === viewer.id);
}
