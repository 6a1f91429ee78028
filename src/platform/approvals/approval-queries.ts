import { NO_GROUPS, type ChainStep, type RequestStatus } from '../../kernel/approvals.js';
import type { Actor } from '../../kernel/actor.js';
import { can } from '../../policy/index.js';
import { authorize, refuse } from '../authorize.js';
import { offsetOf } from '../../kernel/pagination.js';
import type { RequestDetail, RequestSummary } from './contracts.js';
import { notFound } from '../errors.js';
import { actorOf, type AppContext, type RequestContext } from '../context.js';
import { approvalResource, groupContextOf, loadRequest } from './approval-service.js';
import { withAccess } from '../organisation.js';
import { findRequestType, type RequestRow, type TargetView } from './request-types.js';
import { splitPaperComment } from './paper-records.js';
import { decidableRequests } from './list-abilities.js';

/**
 * Reading requests: "my requests", the approver's inbox (pending tasks of the current step), what I have
 * decided, and one request in detail. A request is visible to its requester, its subject and every approver
 * on its chain (approval.view); what it shows of its target is for the module that registered its type to say.
 */
type Box = 'mine' | 'inbox' | 'decided';

function baseQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('approval_requests as r')
    .leftJoin('users as rq', 'rq.id', 'r.requester_id')
    .leftJoin('users as sb', 'sb.id', 'r.subject_id');
}

type SummaryRow = RequestRow & { requester_name: string | null; subject_name: string | null };

function selectSummary(base: ReturnType<typeof baseQuery>) {
  return base.selectAll('r').select(['rq.display_name as requester_name', 'sb.display_name as subject_name']);
}

/** What each viewer sees of the requests' targets: asked of each type's module, a batch per type. */
async function describeTargets(
  ctx: AppContext,
  rows: readonly RequestRow[],
  viewer: Actor,
): Promise<Map<string, TargetView>> {
  const out = new Map<string, TargetView>();
  const byType = new Map<string, RequestRow[]>();
  for (const r of rows) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const [type, reqs] of byType) {
    const def = findRequestType(type);
    if (!def) continue;
    for (const [id, view] of await def.describe(ctx.db, reqs, viewer)) out.set(id, view);
  }
  return out;
}

function toSummary(r: SummaryRow, target: TargetView | undefined): RequestSummary {
  const chain = JSON.parse(r.chain) as ChainStep[];
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    status: r.status as RequestStatus,
    targetType: r.target_type,
    targetId: r.target_id,
    targetReference: target?.reference ?? r.target_id,
    targetTitle: target?.title ?? null,
    targetLevel: target?.level ?? null,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    reason: r.reason,
    currentStep: r.current_step,
    stepCount: chain.length,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    expiresAt: r.expires_at,
    version: r.version,
  };
}

export async function listRequests(
  ctx: AppContext,
  rc: RequestContext,
  q: {
    box: Box;
    page: number;
    pageSize: number;
    order: 'asc' | 'desc';
    status?: RequestStatus | undefined;
    type?: string | undefined;
  },
) {
  const actor = await withAccess(ctx, actorOf(rc));
  const me = actor.id;
  let base = baseQuery(ctx);
  if (q.box === 'mine') base = base.where((eb) => eb.or([eb('r.requester_id', '=', me), eb('r.subject_id', '=', me)]));
  else {
    const taskStatuses = q.box === 'inbox' ? ['pending'] : ['approved', 'rejected'];
    base = base.where('r.id', 'in', (eb) =>
      eb
        .selectFrom('approval_tasks')
        .select('request_id')
        .where('approver_id', '=', me)
        .where('status', 'in', taskStatuses),
    );
    if (q.box === 'inbox') {
      base = base.where('r.status', '=', 'pending');
      const stale = await undecidableTasks(ctx, actor);
      if (stale.length) base = base.where('r.id', 'not in', stale);
    }
  }
  if (q.status) base = base.where('r.status', '=', q.status);
  if (q.type) base = base.where('r.type', '=', q.type);
  const [rows, total] = await Promise.all([
    selectSummary(base)
      .orderBy('r.created_at', q.order)
      .orderBy('r.id')
      .limit(q.pageSize)
      .offset(offsetOf(q.page, q.pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const [targets, decidable] = await Promise.all([
    describeTargets(ctx, rows, actor),
    decidableRequests(ctx, actor, rows),
  ]);
  return {
    items: rows.map((r) => ({ ...toSummary(r, targets.get(r.id)), canDecide: decidable.has(r.id) })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Requests with a task of mine on the current step that `can` no longer lets me decide: I lost the step's group
 * (`holdsGroup`) or the clearance for the level since the chain was resolved. The inbox and its count leave
 * them out (the request itself still shows them to me, as it shows any request I am on).
 */
async function undecidableTasks(ctx: AppContext, actor: Actor): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as r', 'r.id', 't.request_id')
    .selectAll('r')
    .where('t.approver_id', '=', actor.id)
    .where('t.status', '=', 'pending')
    .where('r.status', '=', 'pending')
    .execute();
  const out: string[] = [];
  for (const r of rows) {
    const chain = JSON.parse(r.chain) as ChainStep[];
    const step = chain[r.current_step];
    // Leadership and the confidentiality office are roles of the person alone: no need to look up where the groups are.
    const groupContext =
      step && step.group !== 'leadership' && step.group !== 'confidentiality_office'
        ? await groupContextOf(ctx.db, r)
        : NO_GROUPS;
    // A pending task of mine on the current step makes me one of its pending approvers (the decisions of others
    // do not change that); the one policy decides the rest.
    const state = { status: 'pending' as const, currentStep: r.current_step, chain, decisions: [] };
    if (!can(actor, 'approval.decide', approvalResource(r, state, groupContext))) out.push(r.id);
  }
  return out;
}

export async function requestCounts(ctx: AppContext, rc: RequestContext) {
  const actor = await withAccess(ctx, actorOf(rc));
  const me = actor.id;
  const stale = await undecidableTasks(ctx, actor);
  const [inbox, mine] = await Promise.all([
    ctx.db
      .selectFrom('approval_tasks as t')
      .innerJoin('approval_requests as r', 'r.id', 't.request_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.approver_id', '=', me)
      .where('t.status', '=', 'pending')
      .where('r.status', '=', 'pending')
      .$if(stale.length > 0, (qb) => qb.where('r.id', 'not in', stale))
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('approval_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('requester_id', '=', me), eb('subject_id', '=', me)]))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
  ]);
  return { inbox: Number(inbox.n), minePending: Number(mine.n) };
}

/** A request as the viewer may see it; a refusal is audited as `auditAction` (a print of it is `approval.print`). */
export async function getRequest(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  auditAction: 'approval.view' | 'approval.print' = 'approval.view',
): Promise<RequestDetail> {
  const actor = await withAccess(ctx, actorOf(rc));
  const loaded = await loadRequest(ctx.db, id);
  const resource = loaded ? approvalResource(loaded.req, loaded.state, await groupContextOf(ctx.db, loaded.req)) : null;
  const event = { action: auditAction, targetType: 'approval_request', targetId: id };
  if (!loaded || !resource)
    return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  await authorize(ctx, rc, 'approval.view', resource, { actor, audit: event, hideExistence: true });
  const row = await selectSummary(baseQuery(ctx)).where('r.id', '=', id).executeTakeFirstOrThrow();
  const chain = JSON.parse(loaded.req.chain) as ChainStep[];
  const ids = [
    ...new Set([
      ...chain.flatMap((s) => s.approvers),
      ...loaded.tasks.flatMap((t) => [t.approver_id, ...(t.recorded_by ? [t.recorded_by] : [])]),
    ]),
  ];
  const names = new Map(
    ids.length
      ? (await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((u) => [
          u.id,
          u.display_name,
        ])
      : [],
  );
  const def = findRequestType(loaded.req.type);
  const [targets, details] = await Promise.all([
    describeTargets(ctx, [loaded.req], actor),
    def?.details ? def.details(ctx, loaded.req, actor) : null,
  ]);
  const pending = loaded.req.status === 'pending' && loaded.req.expires_at > ctx.now().toISOString();
  return {
    ...toSummary(row, targets.get(id)),
    payload: JSON.parse(loaded.req.payload) as Record<string, unknown>,
    targetDetails: details,
    chain: chain.map((s) => ({
      group: s.group,
      mode: s.mode,
      approvers: s.approvers.map((a) => ({ id: a, name: names.get(a) ?? null })),
    })),
    decisions: loaded.tasks
      .filter((t) => t.status === 'approved' || t.status === 'rejected')
      .map((t) => {
        // A decision recorded from paper keeps the date it was signed in its comment.
        const paper = t.recorded_by ? splitPaperComment(t.comment) : { signedOn: null, comment: t.comment };
        return {
          step: t.step,
          approverId: t.approver_id,
          approverName: names.get(t.approver_id) ?? null,
          decision: t.status as 'approved' | 'rejected',
          comment: paper.comment,
          decidedAt: t.decided_at ?? '',
          recordedBy: t.recorded_by ? { id: t.recorded_by, name: names.get(t.recorded_by) ?? null } : null,
          hasEvidence: t.evidence_blob_id !== null,
          evidenceId: t.evidence_blob_id,
          signedOn: paper.signedOn,
        };
      }),
    canDecide: can(actor, 'approval.decide', resource) && pending,
    canWithdraw: can(actor, 'approval.withdraw', resource),
    canRecordPaper: pending && can(actor, 'approval.record_paper'),
  };
}
