import { decide, pendingApprovers, requestExpired, type RequestState } from '../../kernel/approvals.js';
import type { Actor } from '../../kernel/actor.js';
import { approvalRefusal, type ApprovalRefusal } from '../../policy/approvals.js';
import { refuse } from '../authorize.js';
import { AppError, forbidden, staleVersion } from '../errors.js';
import { actorOf, audit, auditAlone, tx, type AppContext, type RequestContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';
import { lockRow } from '../db/locks.js';
import { notifyUsers } from '../notifications/notification-service.js';
import { withAccess } from '../organisation.js';
import {
  approvalResource,
  closeOpenTasks,
  groupContextOf,
  groupName,
  loadRequest,
  loadViewable,
  openTasks,
  setRequest,
} from './approval-service.js';
import { aboutFor, resolveApprovalNotices } from './notices.js';
import { requestTypeOf } from './request-types.js';

/**
 * Deciding the current step of a request: the one decision path, whether the approver decides in Baomi or the
 * confidentiality office records the decision the approver signed on paper (paper-records.ts). Every rule of
 * the engine holds for the approver either way; who acts (the request context's actor) is the approver in
 * person, or the recorder.
 */
export interface DecisionInput {
  version: number;
  decision: 'approve' | 'reject';
  comment?: string | null | undefined;
}

/** A decision signed on paper: recorded by the request context's actor on the approver's behalf. */
export interface PaperDecision {
  /** The calendar date the approver signed the form. */
  signedOn: string;
  /** The scanned form (an `approval_evidence` row of this request) and its digest. */
  evidenceId: string;
  evidenceSha256: string;
  /** What the task's comment keeps: the signed date, and the approver's own words. */
  storedComment: string;
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

/** The answer to a refused decision, from the policy's reason; `paper`: said of the approver, not to them. */
function decideRefused(reason: ApprovalRefusal, st: RequestState, paper: boolean): AppError {
  if (st.status !== 'pending')
    return new AppError('conflict', 'This request has already been decided', { problem: 'already_decided' });
  switch (reason) {
    case 'self_approval':
      return forbidden(
        paper
          ? 'The approver asked for this request or benefits from it: nobody approves their own request'
          : 'Nobody may approve their own request',
      );
    case 'approved_earlier_step':
      return new AppError(
        'forbidden',
        paper
          ? 'The approver approved an earlier step of this request; another approver decides this one'
          : 'You approved an earlier step of this request; another approver decides this one',
        { problem: 'approved_earlier_step' },
      );
    case 'no_longer_in_group': {
      const group = st.chain[st.currentStep]!.group;
      return new AppError(
        'forbidden',
        paper
          ? `The approver no longer belongs to ${groupName(group)}, whose step this is, so their decision cannot be recorded`
          : `You no longer belong to ${groupName(group)}, whose step this is, so you cannot decide it; if no other approver of the step can, the requester withdraws the request and asks again`,
        { problem: 'no_longer_in_group', group },
      );
    }
    default:
      return forbidden(
        paper
          ? 'The approver is not a pending approver of the current step cleared for its level'
          : 'You are not an approver of the current step',
      );
  }
}

export async function decideRequest(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: DecisionInput,
): Promise<void> {
  const actor = await withAccess(ctx, actorOf(rc));
  const loaded = await loadViewable(ctx, rc, actor, id, 'approval.decide');
  await decideLoaded(ctx, { ...rc, actor }, loaded, actor, input);
}

/**
 * `approver` (with the access profile) decides the current step of `loaded`, a request the acting person may
 * view: the policy's rules for deciding, the expiry, then the decision in one transaction. With `paper`, the
 * acting person records it on the approver's behalf, and the audit trail says so (`approval.record_paper`).
 */
export async function decideLoaded(
  ctx: AppContext,
  rc: RequestContext,
  loaded: Loaded,
  approver: Actor,
  input: DecisionInput,
  paper?: PaperDecision,
): Promise<void> {
  const id = loaded.req.id;
  const action = paper ? ('approval.record_paper' as const) : ('approval.decide' as const);
  const groups = await groupContextOf(ctx.db, loaded.req);
  const reason = approvalRefusal(approver, 'approval.decide', approvalResource(loaded.req, loaded.state, groups));
  if (reason) {
    const details = paper ? { reason, approverId: approver.id } : { reason };
    const event = { action, targetType: 'approval_request', targetId: id, details };
    await refuse(ctx, rc, event, decideRefused(reason, loaded.state, !!paper));
  }
  const now = ctx.now().toISOString();
  if (requestExpired(loaded.req.expires_at, now))
    throw new AppError('conflict', 'This request has expired; the requester may submit it again', {
      problem: 'request_expired',
    });
  await tx(ctx, async (trx) => {
    await decideInTrx(trx, ctx, rc, approver, id, input, now, paper);
  }).catch(async (e: unknown) => {
    // An approval whose effect no longer applies rolled back with everything else: record that it was refused.
    const d = e instanceof AppError ? (e.details as { since?: string; problem?: string } | undefined) : undefined;
    if (d?.since === 'submission') {
      await auditAlone(ctx, rc, {
        action,
        targetType: 'approval_request',
        targetId: id,
        result: 'denied',
        details: { reason: 'no_longer_applies', problem: d.problem },
      });
    }
    throw e;
  });
}

async function decideInTrx(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  approver: Actor,
  id: string,
  input: DecisionInput,
  now: string,
  paper: PaperDecision | undefined,
): Promise<void> {
  // Lock, then re-read: a concurrent decision waits here and then finds the version moved (409).
  await lockRow(trx, ctx.kind, 'approval_requests', id);
  const fresh = await loadRequest(trx, id);
  if (!fresh || fresh.req.version !== input.version) throw staleVersion();
  const result = decide(fresh.state, approver.id, input.decision);
  if (!result.ok && result.problem === 'needed_later') {
    const group = fresh.state.chain[result.step]!.group;
    const who = paper ? 'The approver is' : 'You are';
    throw new AppError(
      'conflict',
      `${who} the only approver left for step ${result.step + 1} (${groupName(group)}); another approver must decide this step`,
      { problem: 'needed_later', step: result.step, group },
    );
  }
  if (!result.ok) throw staleVersion();
  const { state } = result;
  await trx
    .updateTable('approval_tasks')
    .set({
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      comment: paper ? paper.storedComment : (input.comment ?? null),
      decided_at: now,
      ...(paper ? { recorded_by: actorOf(rc).id, evidence_blob_id: paper.evidenceId } : {}),
    })
    .where('request_id', '=', id)
    .where('step', '=', fresh.req.current_step)
    .where('approver_id', '=', approver.id)
    .where('status', '=', 'pending')
    .execute();
  const ended = state.status !== 'pending';
  const stepMoved = state.currentStep !== fresh.req.current_step;
  await setRequest(trx, fresh.req, {
    status: state.status,
    current_step: state.currentStep,
    updated_at: now,
    decided_at: ended ? now : null,
  });
  if (stepMoved || ended) await closeOpenTasks(trx, id, now);
  // The deciding approver's 「等待您审批」 is done (and everyone's, when the step moved on or the request ended).
  else await resolveApprovalNotices(trx, id, now);
  const decided = {
    number: fresh.req.number,
    decision: input.decision,
    step: fresh.req.current_step,
    status: state.status,
  };
  await audit(trx, ctx, rc, {
    action: paper ? 'approval.record_paper' : 'approval.decide',
    targetType: 'approval_request',
    targetId: id,
    details: paper
      ? {
          ...decided,
          approverId: approver.id,
          approverName: approver.displayName,
          signedOn: paper.signedOn,
          evidenceId: paper.evidenceId,
          evidenceSha256: paper.evidenceSha256,
        }
      : decided,
  });
  // The effect is the request's, whoever recorded its last decision: applied as the acting person.
  const reqNow = { ...fresh.req, status: state.status, current_step: state.currentStep };
  const def = requestTypeOf(fresh.req.type);
  if (state.status === 'approved') await def.onApproved(trx, ctx, rc, reqNow);
  else if (state.status === 'rejected') await def.onEnded?.(trx, ctx, rc, reqNow, 'rejected');
  else if (stepMoved) await openTasks(trx, ctx, reqNow, state.currentStep, pendingApprovers(state));
  if (ended) {
    for (const to of new Set([fresh.req.requester_id, ...(fresh.req.subject_id ? [fresh.req.subject_id] : [])])) {
      await notifyUsers(trx, ctx, [to], {
        notice: 'requestDecided',
        params: {
          number: fresh.req.number,
          type: fresh.req.type,
          status: state.status,
          about: await aboutFor(trx, ctx, reqNow, to),
        },
        link: `/approvals/${id}`,
      });
    }
  }
}
