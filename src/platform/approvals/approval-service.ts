import type { AuditAction } from '../contracts/audit-actions.js';
import {
  buildChain,
  chainApprovers,
  earlierStepApprovers,
  pendingApprovers,
  stepsFor,
  type ChainStep,
  type DecisionRecord,
  type GroupContext,
  type RequestState,
  type RequestStatus,
  type RequestType,
} from '../../kernel/approvals.js';
import type { Actor } from '../../kernel/actor.js';
import type { ApprovalResource } from '../../policy/approvals.js';
import { dateOf } from '../../kernel/secrecy-period.js';
import { approvalRefusal } from '../../policy/approvals.js';
import { authorize, refuse } from '../authorize.js';
import { AppError, forbidden, notFound, staleVersion } from '../errors.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';
import { nextCounter } from '../db/counters.js';
import { lockRow } from '../db/locks.js';
import { notifyUsers } from '../notifications/notification-service.js';
import { getClassificationPolicy } from '../organisation.js';
import { groupContextFor, resolveCandidates } from './approval-candidates.js';
import { chainFor } from './chain-settings.js';
import { aboutFor, approvalTaskKey, resolveApprovalNotices } from './notices.js';
import { findRequestType, requestTypeOf, type RequestRow } from './request-types.js';

/**
 * The approval engine's use cases: submit (in the caller's transaction, next to the change that needs the
 * approval), decide, withdraw, expire. Every state change of a request is versioned and audited; the effect
 * of a completed request is applied in the transaction of its last approval.
 */
export interface SubmitInput {
  /** A registered request type (`<module>.<verb>`). */
  type: RequestType;
  /** What the request is about, of the type's target type: checked and locked in this transaction. */
  targetId: string;
  /** The person the request is for (an access grant's grantee), or null. */
  subjectId: string | null;
  /** Others who would gain knowledge by the request (people a scope request adds): never its approvers. */
  beneficiaryIds?: readonly string[];
  /** The level whose tier chooses the chain and whose clearance the approvers need. */
  levelRank: number;
  reason: string;
  payload: Record<string, unknown>;
}

const GROUP_NAMES: Record<string, string> = {
  dept_head: 'a department head',
  dept_officer: 'a department confidentiality officer',
  leader_in_charge: 'the leader in charge of the department',
  confidentiality_office: 'the confidentiality office (security administrator)',
  leadership: 'leadership',
  general_manager: 'the general manager',
};

/** A group in words, for messages (the web shows each group's own text). */
export function groupName(group: string): string {
  if (group.startsWith('role:')) return `the functional role ${group.slice(5)}`;
  return GROUP_NAMES[group] ?? `the ${group.replace(/_/g, ' ')}`;
}

export async function openTasks(
  trx: Trx,
  ctx: AppContext,
  req: RequestRow,
  step: number,
  approvers: readonly string[],
): Promise<void> {
  const now = ctx.now().toISOString();
  await trx
    .insertInto('approval_tasks')
    .values(
      approvers.map((a) => ({
        id: newId(),
        request_id: req.id,
        step,
        approver_id: a,
        status: 'pending',
        comment: null,
        created_at: now,
        decided_at: null,
      })),
    )
    .execute();
  // One notice per approver: each names the target as that approver may see it.
  for (const a of new Set(approvers)) {
    await notifyUsers(trx, ctx, [a], {
      notice: 'approvalPending',
      params: { number: req.number, type: req.type, about: await aboutFor(trx, ctx, req, a) },
      link: `/approvals/${req.id}`,
      email: true,
      taskKey: approvalTaskKey(req.id),
    });
  }
}

/**
 * Creates a request with its chain resolved to named approvers. A chain without steps (open levels) is
 * approved at once and its effect applied here. Returns the request row.
 */
export async function submitRequest(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  input: SubmitInput,
): Promise<RequestRow> {
  const def = findRequestType(input.type);
  if (!def) throw new AppError('validation_failed', `Unknown request type ${input.type}`, { field: 'type' });
  // No request dangles: its target exists now and cannot go while this transaction holds it.
  if (!(await def.lockTarget(trx, ctx, input.targetId))) throw notFound();
  const policy = await getClassificationPolicy(ctx, trx);
  const requesterId = actorOf(rc).id;
  const steps = stepsFor(await chainFor(ctx, trx, input.type), input.levelRank);
  const beneficiaryIds = input.beneficiaryIds ?? [];
  const now = ctx.now();
  const row: RequestRow = {
    id: newId(),
    number: '',
    type: input.type,
    status: 'pending',
    target_type: def.targetType,
    target_id: input.targetId,
    requester_id: requesterId,
    subject_id: input.subjectId,
    level_rank: input.levelRank,
    reason: input.reason,
    payload: JSON.stringify(input.payload),
    chain: '[]',
    current_step: 0,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    decided_at: null,
    expires_at: new Date(now.getTime() + policy.requestTtlDays * 86_400_000).toISOString(),
    version: 1,
  };
  const groups = await groupContextFor(
    trx,
    row,
    steps.map((s) => s.group),
  );
  const chainRequest = { requesterId, subjectId: input.subjectId, beneficiaryIds, levelRank: input.levelRank };
  const candidates = await resolveCandidates(trx, policy, steps, groups, chainRequest);
  const built = buildChain(steps, candidates, chainRequest);
  if (!built.ok) {
    const message =
      built.problem === 'no_approver'
        ? `Nobody can take step ${built.step + 1} of this approval (${groupName(built.group)}): ask the security administrator to appoint one`
        : `Step ${built.step + 1} of this approval (${groupName(built.group)}) needs someone who approves no other step, and nobody is left: ask the security administrator to appoint another approver`;
    throw new AppError('conflict', message, { problem: built.problem, step: built.step, group: built.group });
  }
  row.number = `REQ-${dateOf(now, policy.timeZone).slice(0, 4)}-${String(await nextCounter(trx, 'request')).padStart(6, '0')}`;
  row.chain = JSON.stringify(built.chain);
  const auto = built.chain.length === 0;
  if (auto) {
    row.status = 'approved';
    row.decided_at = now.toISOString();
  }
  await trx.insertInto('approval_requests').values(row).execute();
  await audit(trx, ctx, rc, {
    action: 'approval.submit',
    targetType: 'approval_request',
    targetId: row.id,
    details: {
      number: row.number,
      type: input.type,
      targetType: def.targetType,
      targetId: input.targetId,
      subjectId: input.subjectId,
      steps: built.chain.length,
    },
  });
  if (auto) await def.onApproved(trx, ctx, rc, row);
  else await openTasks(trx, ctx, row, 0, built.chain[0]!.approvers);
  return row;
}

interface TaskRow {
  step: number;
  approver_id: string;
  status: string;
  comment: string | null;
  decided_at: string | null;
  recorded_by: string | null;
  evidence_blob_id: string | null;
}

function stateOf(req: RequestRow, tasks: readonly TaskRow[]): RequestState {
  return {
    status: req.status as RequestStatus,
    currentStep: req.current_step,
    chain: JSON.parse(req.chain) as ChainStep[],
    decisions: tasks
      .filter((t) => t.status === 'approved' || t.status === 'rejected')
      .map((t): DecisionRecord => ({
        step: t.step,
        approverId: t.approver_id,
        decision: t.status === 'approved' ? 'approve' : 'reject',
      })),
  };
}

export function approvalResource(req: RequestRow, state: RequestState, groupContext?: GroupContext): ApprovalResource {
  return {
    kind: 'approval',
    requesterId: req.requester_id,
    subjectId: req.subject_id,
    levelRank: req.level_rank,
    status: state.status,
    pendingApprovers: pendingApprovers(state),
    earlierStepApprovers: earlierStepApprovers(state),
    chainApprovers: chainApprovers(state.chain),
    stepGroup: state.status === 'pending' ? (state.chain[state.currentStep]?.group ?? null) : null,
    ...(groupContext ? { groupContext } : {}),
  };
}

/** Where the request's approver groups are now (see `holdsGroup`), for the groups its chain names. */
export async function groupContextOf(q: Trx | AppContext['db'], req: RequestRow): Promise<GroupContext> {
  const chain = JSON.parse(req.chain) as ChainStep[];
  return groupContextFor(
    q,
    req,
    chain.map((s) => s.group),
  );
}

export async function loadRequest(q: Trx | AppContext['db'], id: string) {
  const req = await q.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!req) return null;
  const tasks = await q
    .selectFrom('approval_tasks')
    .select(['step', 'approver_id', 'status', 'comment', 'decided_at', 'recorded_by', 'evidence_blob_id'])
    .where('request_id', '=', id)
    .orderBy('created_at')
    .execute();
  return { req, tasks, state: stateOf(req, tasks) };
}

export async function setRequest(trx: Trx, req: RequestRow, set: Partial<RequestRow>): Promise<void> {
  const r = await trx
    .updateTable('approval_requests')
    .set({ ...set, version: req.version + 1 })
    .where('id', '=', req.id)
    .where('version', '=', req.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
}

export async function closeOpenTasks(trx: Trx, requestId: string, at: string): Promise<void> {
  await trx
    .updateTable('approval_tasks')
    .set({ status: 'closed', decided_at: at })
    .where('request_id', '=', requestId)
    .where('status', '=', 'pending')
    .execute();
  await resolveApprovalNotices(trx, requestId, at);
}

/** Loads a request the actor may look at; anyone else is answered 404 "not found or no access" (audited). */
export async function loadViewable(ctx: AppContext, rc: RequestContext, actor: Actor, id: string, action: AuditAction) {
  const loaded = await loadRequest(ctx.db, id);
  const event = { action, targetType: 'approval_request', targetId: id };
  if (!loaded) return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  await authorize(ctx, rc, 'approval.view', approvalResource(loaded.req, loaded.state), {
    actor,
    audit: event,
    hideExistence: true,
  });
  return loaded;
}

export async function withdrawRequest(ctx: AppContext, rc: RequestContext, id: string, version: number): Promise<void> {
  const actor = actorOf(rc);
  const loaded = await loadViewable(ctx, rc, actor, id, 'approval.withdraw');
  if (approvalRefusal(actor, 'approval.withdraw', approvalResource(loaded.req, loaded.state))) {
    await refuse(
      ctx,
      rc,
      { action: 'approval.withdraw', targetType: 'approval_request', targetId: id },
      loaded.state.status !== 'pending'
        ? new AppError('conflict', 'This request has already been decided')
        : forbidden('Only the requester may withdraw a request'),
    );
  }
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'approval_requests', id);
    const fresh = await loadRequest(trx, id);
    if (!fresh || fresh.req.version !== version || fresh.req.status !== 'pending') throw staleVersion();
    await setRequest(trx, fresh.req, { status: 'withdrawn', updated_at: now, decided_at: now });
    await closeOpenTasks(trx, id, now);
    await requestTypeOf(fresh.req.type).onEnded?.(trx, ctx, rc, fresh.req, 'withdrawn');
    await audit(trx, ctx, rc, {
      action: 'approval.withdraw',
      targetType: 'approval_request',
      targetId: id,
      details: { number: fresh.req.number },
    });
  });
}

/** Scheduled: pending requests past their expiry end as expired; nothing of them applies. */
export async function expireRequests(ctx: AppContext, rc: RequestContext): Promise<number> {
  const now = ctx.now().toISOString();
  const due = await ctx.db
    .selectFrom('approval_requests')
    .select('id')
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .limit(500)
    .execute();
  let n = 0;
  for (const { id } of due) {
    await tx(ctx, async (trx) => {
      await lockRow(trx, ctx.kind, 'approval_requests', id);
      const fresh = await loadRequest(trx, id);
      if (!fresh || fresh.req.status !== 'pending') return;
      await setRequest(trx, fresh.req, { status: 'expired', updated_at: now, decided_at: now });
      await closeOpenTasks(trx, id, now);
      await requestTypeOf(fresh.req.type).onEnded?.(trx, ctx, rc, fresh.req, 'expired');
      await notifyUsers(trx, ctx, [fresh.req.requester_id], {
        notice: 'requestDecided',
        params: {
          number: fresh.req.number,
          type: fresh.req.type,
          status: 'expired',
          about: await aboutFor(trx, ctx, fresh.req, fresh.req.requester_id),
        },
        link: `/approvals/${id}`,
        dedupeKey: `request-expired:${id}`,
      });
      await audit(trx, ctx, rc, {
        action: 'approval.expire',
        targetType: 'approval_request',
        targetId: id,
        details: { number: fresh.req.number },
      });
      n++;
    });
  }
  return n;
}
