import type { Actor } from '../../../kernel/actor.js';
import { chainApprovers, type ChainStep, type RequestStatus } from '../../../kernel/approvals.js';
import type { Level } from '../../../kernel/levels.js';
import {
  CLASSIFICATION_REQUEST_TYPES,
  DEFAULT_CLASSIFICATION_CHAINS,
  ITEM_APPROVER_GROUPS,
} from '../../../kernel/secret-item.js';
import { requestRevealsItem, requestShowsItemFacts, type RequestViewer } from '../../../policy/classification.js';
import type { RequestRow, RequestTypeDef, TargetView } from '../../../platform/approvals/request-types.js';
import { ITEM_TARGET } from './item-requests.js';
import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';
import type { RequestItemFacts } from '../contracts/access.js';
import { findItemById, itemsBySeq, scopeOf } from '../repositories/item-repo.js';
import { toItemSummary } from './item-access.js';
import { labelScope } from './item-scope.js';
import { applyApproved, applyEnded } from './item-effects.js';

/**
 * Classification's request types, registered with the approval engine: a classification decision, each change
 * of an item, and an access grant, all about a secret item. The engine asks here where their approvers are
 * (the item's department, or the access subject's; the item's custodian and classifier), what a viewer may
 * learn of the item, and what an approval does.
 */
const viewerOf = (a: Actor): RequestViewer => ({ id: a.id, clearanceRank: a.access?.clearanceRank ?? 0 });

async function groupsOf(q: Db | Trx, req: RequestRow) {
  const item = await q
    .selectFrom('secret_items')
    .select(['department_id', 'custodian_id', 'classifier_id'])
    .where('id', '=', req.target_id)
    .executeTakeFirst();
  // Access is decided where the person who would receive it works; everything else where the item belongs.
  let departmentId = item?.department_id ?? null;
  if (req.type === 'classification.access_grant') {
    const subject = await q
      .selectFrom('users')
      .select('department_id')
      .where('id', '=', req.subject_id ?? req.requester_id)
      .executeTakeFirst();
    departmentId = subject?.department_id ?? null;
  }
  return {
    departmentId,
    holders: {
      custodian: item ? [item.custodian_id] : [],
      classifier: item?.classifier_id ? [item.classifier_id] : [],
    },
  };
}

async function describe(q: Db | Trx, reqs: readonly RequestRow[], viewer: Actor): Promise<Map<string, TargetView>> {
  const ids = [...new Set(reqs.map((r) => r.target_id))];
  const items = new Map(
    ids.length
      ? (
          await q
            .selectFrom('secret_items')
            .select(['id', 'number', 'title', 'level', 'access_rank'])
            .where('id', 'in', ids)
            .execute()
        ).map((i) => [i.id, i])
      : [],
  );
  const out = new Map<string, TargetView>();
  for (const r of reqs) {
    const item = items.get(r.target_id);
    if (!item) continue;
    const reveal = requestRevealsItem(
      {
        type: r.type,
        status: r.status as RequestStatus,
        requesterId: r.requester_id,
        subjectId: r.subject_id,
        chainApprovers: chainApprovers(JSON.parse(r.chain) as ChainStep[]),
        itemAccessRank: item.access_rank,
      },
      viewerOf(viewer),
    );
    out.set(r.id, {
      reference: item.number,
      title: reveal ? item.title : null,
      level: reveal ? (item.level as Level) : null,
    });
  }
  return out;
}

/** The item's particulars as its approvers decide on them (never its content), where the viewer may see them. */
async function details(ctx: AppContext, req: RequestRow, viewer: Actor): Promise<RequestItemFacts | null> {
  const row = await findItemById(ctx.db, req.target_id);
  if (!row) return null;
  const shows = requestShowsItemFacts(
    {
      type: req.type,
      requesterId: req.requester_id,
      chainApprovers: chainApprovers(JSON.parse(req.chain) as ChainStep[]),
      itemAccessRank: row.access_rank,
    },
    viewerOf(viewer),
  );
  if (!shows) return null;
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

async function lockTarget(trx: Trx, ctx: AppContext, id: string): Promise<boolean> {
  await lockRow(trx, ctx.kind, 'secret_items', id);
  return (await findItemById(trx, id)) !== undefined;
}

export const CLASSIFICATION_REQUEST_DEFS: RequestTypeDef[] = CLASSIFICATION_REQUEST_TYPES.map((type) => ({
  type,
  targetType: ITEM_TARGET,
  targetGroups: ITEM_APPROVER_GROUPS,
  defaultChain: DEFAULT_CLASSIFICATION_CHAINS[type],
  lockTarget,
  groupsOf,
  describe,
  details,
  onApproved: applyApproved,
  onEnded: applyEnded,
}));
