import {
  chainApprovers,
  type ChainStep,
  type GroupContext,
  type RequestStatus,
  type RequestType,
} from '../../kernel/approvals.js';
import { itemListFilter } from '../../policy/classification.js';
import { requestRevealsItem, requestShowsItemFacts, type RequestViewer } from '../../policy/approvals.js';
import type { Actor } from '../../kernel/actor.js';
import type { Level } from '../../kernel/levels.js';
import { can } from '../../policy/index.js';
import { authorize, refuse } from '../authorize.js';
import { offsetOf } from '../../kernel/pagination.js';
import type { RequestDetail, RequestItemFacts, RequestSummary } from './contracts.js';
import { notFound } from '../errors.js';
import { actorOf, type AppContext, type RequestContext } from '../context.js';
import { approvalResource, groupContextOf, loadRequest } from './approval-service.js';
import { withAccess } from '../organisation.js';
import { findItemById, itemsBySeq, scopeOf } from '../../modules/classification/repositories/item-repo.js';
import { visiblePredicate } from '../../modules/classification/repositories/item-query.js';
import { toItemSummary } from '../../modules/classification/services/item-access.js';
import { labelScope } from '../../modules/classification/services/item-scope.js';

/**
 * Reading requests: "my requests", the approver's inbox (pending tasks of the current step), what I have
 * decided, and one request in detail. A request is visible to its requester, its subject and every approver
 * on its chain (approval.view); item titles shown here are those the request is about.
 */
type Box = 'mine' | 'inbox' | 'decided';

function baseQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('approval_requests as r')
    .innerJoin('secret_items as i', 'i.id', 'r.item_id')
    .leftJoin('users as rq', 'rq.id', 'r.requester_id')
    .leftJoin('users as sb', 'sb.id', 'r.subject_id');
}

const SUMMARY_COLS = [
  'r.id',
  'r.number',
  'r.type',
  'r.status',
  'r.item_id',
  'i.number as item_number',
  'i.title as item_title',
  'i.level as item_level',
  'i.access_rank as item_access_rank',
  'r.requester_id',
  'rq.display_name as requester_name',
  'r.subject_id',
  'sb.display_name as subject_name',
  'r.reason',
  'r.current_step',
  'r.chain',
  'r.created_at',
  'r.decided_at',
  'r.expires_at',
  'r.version',
] as const;

type SummaryRow = {
  id: string;
  number: string;
  type: string;
  status: string;
  item_id: string;
  item_number: string;
  item_title: string;
  item_level: string;
  item_access_rank: number;
  requester_id: string;
  requester_name: string | null;
  subject_id: string | null;
  subject_name: string | null;
  reason: string;
  current_step: number;
  chain: string;
  created_at: string;
  decided_at: string | null;
  expires_at: string;
  version: number;
};

const viewerOf = (a: Actor): RequestViewer => ({ id: a.id, clearanceRank: a.access?.clearanceRank ?? 0 });

function toSummary(r: SummaryRow, viewer: RequestViewer): RequestSummary {
  const chain = JSON.parse(r.chain) as ChainStep[];
  const reveal = requestRevealsItem(
    {
      type: r.type,
      status: r.status as RequestStatus,
      requesterId: r.requester_id,
      subjectId: r.subject_id,
      chainApprovers: chainApprovers(chain),
      itemAccessRank: r.item_access_rank,
    },
    viewer,
  );
  return {
    id: r.id,
    number: r.number,
    type: r.type as RequestType,
    status: r.status as RequestStatus,
    itemId: r.item_id,
    itemNumber: r.item_number,
    itemTitle: reveal ? r.item_title : null,
    itemLevel: reveal ? (r.item_level as Level) : null,
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
    type?: RequestType | undefined;
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
    base
      .select(SUMMARY_COLS)
      .orderBy('r.created_at', q.order)
      .orderBy('r.id')
      .limit(q.pageSize)
      .offset(offsetOf(q.page, q.pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => toSummary(r, viewerOf(actor))),
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
const NOWHERE: GroupContext = { departmentPath: [], custodianId: '', classifierId: null };

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
        : NOWHERE;
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
  const [inbox, mine, reviews] = await Promise.all([
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
    ctx.db
      .selectFrom('review_tasks as t')
      .innerJoin('review_campaigns as c', 'c.id', 't.campaign_id')
      .innerJoin('secret_items as i', 'i.id', 't.item_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.reviewer_id', '=', me)
      // Counted as listed: only tasks on items the reviewer may know (review-service listTasks).
      .where(visiblePredicate(itemListFilter(actor, ctx.now().toISOString())))
      .where('t.status', '=', 'pending')
      .where('c.status', '=', 'open')
      .where('i.status', '=', 'in_force')
      .executeTakeFirstOrThrow(),
  ]);
  return { inbox: Number(inbox.n), minePending: Number(mine.n), reviewTasks: Number(reviews.n) };
}

async function itemFacts(ctx: AppContext, itemId: string): Promise<RequestItemFacts | null> {
  const row = await findItemById(ctx.db, itemId);
  if (!row) return null;
  const [[named], classifier, scope] = await Promise.all([
    itemsBySeq(ctx.db, [row.seq]),
    row.classifier_id
      ? ctx.db.selectFrom('users').select('display_name').where('id', '=', row.classifier_id).executeTakeFirst()
      : undefined,
    scopeOf(ctx.db, row.seq),
  ]);
  const s = toItemSummary(named ?? row);
  return {
    category: s.category,
    level: s.level,
    status: s.status,
    marking: s.marking,
    period: s.period,
    declassifyCondition: s.declassifyCondition,
    secrecyUntil: s.secrecyUntil,
    basis: row.basis,
    classifierName: classifier?.display_name ?? null,
    classifierKind: row.classifier_kind as RequestItemFacts['classifierKind'],
    origin: row.origin as RequestItemFacts['origin'],
    custodianName: s.custodianName,
    departmentName: s.departmentName,
    scope: await labelScope(ctx.db, scope),
  };
}

export async function getRequest(ctx: AppContext, rc: RequestContext, id: string): Promise<RequestDetail> {
  const actor = await withAccess(ctx, actorOf(rc));
  const loaded = await loadRequest(ctx.db, id);
  const resource = loaded ? approvalResource(loaded.req, loaded.state, await groupContextOf(ctx.db, loaded.req)) : null;
  const event = { action: 'approval.view' as const, targetType: 'approval_request', targetId: id };
  if (!loaded || !resource)
    return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  await authorize(ctx, rc, 'approval.view', resource, { actor, audit: event, hideExistence: true });
  const row = await baseQuery(ctx).select(SUMMARY_COLS).where('r.id', '=', id).executeTakeFirstOrThrow();
  const chain = JSON.parse(loaded.req.chain) as ChainStep[];
  const ids = [...new Set([...chain.flatMap((s) => s.approvers), ...loaded.tasks.map((t) => t.approver_id)])];
  const names = new Map(
    ids.length
      ? (await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((u) => [
          u.id,
          u.display_name,
        ])
      : [],
  );
  const showFacts = requestShowsItemFacts(
    {
      type: loaded.req.type,
      requesterId: loaded.req.requester_id,
      chainApprovers: chainApprovers(chain),
      itemAccessRank: row.item_access_rank,
    },
    viewerOf(actor),
  );
  return {
    ...toSummary(row, viewerOf(actor)),
    payload: JSON.parse(loaded.req.payload) as Record<string, unknown>,
    itemFacts: showFacts ? await itemFacts(ctx, loaded.req.item_id) : null,
    chain: chain.map((s) => ({
      group: s.group,
      mode: s.mode,
      approvers: s.approvers.map((a) => ({ id: a, name: names.get(a) ?? null })),
    })),
    decisions: loaded.tasks
      .filter((t) => t.status === 'approved' || t.status === 'rejected')
      .map((t) => ({
        step: t.step,
        approverId: t.approver_id,
        approverName: names.get(t.approver_id) ?? null,
        decision: t.status as 'approved' | 'rejected',
        comment: t.comment,
        decidedAt: t.decided_at ?? '',
      })),
    canDecide: can(actor, 'approval.decide', resource) && loaded.req.expires_at > ctx.now().toISOString(),
    canWithdraw: can(actor, 'approval.withdraw', resource),
  };
}
