import type { Actor } from '../kernel/actor.js';
import { excludedFromContent } from '../kernel/roles.js';
import { holdsGroup, type ApproverGroup, type GroupContext, type RequestStatus } from '../kernel/approvals.js';

/**
 * Approval requests: part of the one policy (`can` in index.ts dispatches here). Who looks at a request, who
 * decides its current step, who withdraws it, and what of its item a viewer learns.
 */
export const APPROVAL_ACTIONS = ['approval.view', 'approval.decide', 'approval.withdraw'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/**
 * Without a particular request: changing the approval chains (the confidentiality office's), and recording a
 * decision an approver signed on paper (the confidentiality office's, on the approver's behalf).
 */
export const APPROVAL_TARGETLESS_ACTIONS = ['approval.manage_chains', 'approval.record_paper'] as const;
export type ApprovalTargetlessAction = (typeof APPROVAL_TARGETLESS_ACTIONS)[number];

export function approvalTargetlessRefusal(actor: Actor, action: ApprovalTargetlessAction): 'not_permitted' | null {
  switch (action) {
    case 'approval.manage_chains':
    case 'approval.record_paper':
      return actor.adminRole === 'secadmin' ? null : 'not_permitted';
  }
}

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
