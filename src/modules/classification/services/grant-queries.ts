import { grantManageFilter } from '../../../policy/classification.js';
import type { Actor } from '../../../kernel/actor.js';
import type { Level } from '../../../kernel/levels.js';
import { offsetOf } from '../../../kernel/pagination.js';
import { can } from '../../../policy/index.js';
import type { GrantAction } from '../../../kernel/secret-item.js';
import type { Grant, GrantListItem } from '../contracts/access.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import { findItemById } from '../repositories/item-repo.js';
import { withAccess } from './classification-settings.js';
import { loadItemResource } from './item-access.js';

/** Reading grants: the lists (mine, managed, emergency) with what the viewer may do with each listed grant. */
function grantBase(ctx: AppContext) {
  return ctx.db
    .selectFrom('access_grants as g')
    .innerJoin('secret_items as i', 'i.id', 'g.item_id')
    .leftJoin('users as u', 'u.id', 'g.grantee_id');
}
type GrantQuery = ReturnType<typeof grantBase>;

export async function grantsWhere(
  ctx: AppContext,
  where: (q: GrantQuery) => GrantQuery,
  page: number,
  pageSize: number,
) {
  const base = where(grantBase(ctx));
  const now = ctx.now().toISOString();
  const [rows, total] = await Promise.all([
    base
      .selectAll('g')
      .select([
        'i.number as item_number',
        'i.title as item_title',
        'i.level as item_level',
        'u.display_name as grantee_name',
      ])
      .orderBy('g.granted_at', 'desc')
      .orderBy('g.id')
      .limit(pageSize)
      .offset(offsetOf(page, pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items: Grant[] = rows.map((g) => ({
    id: g.id,
    itemId: g.item_id,
    itemNumber: g.item_number,
    itemTitle: g.item_title,
    itemLevel: g.item_level as Level,
    granteeId: g.grantee_id,
    granteeName: g.grantee_name,
    actions: JSON.parse(g.actions) as GrantAction[],
    source: g.source as Grant['source'],
    requestId: g.request_id,
    reason: g.reason,
    grantedAt: g.granted_at,
    expiresAt: g.expires_at,
    revokedAt: g.revoked_at,
    active: g.revoked_at === null && g.expires_at > now,
    reviewStatus: g.review_status as Grant['reviewStatus'],
    reviewNote: g.review_note,
    version: g.version,
  }));
  return { items, total: Number(total.n), page, pageSize };
}

/**
 * What the viewer may do with each listed grant, decided as `revokeGrant` and `reviewGrant` decide it (the same
 * `can` on the item as loaded for a change): give back one's own or revoke one of an item whose grants one
 * manages, while it is in force; review another's emergency grant still waiting for it. A list offers a row for
 * a bulk action exactly when the single action would be accepted.
 */
async function withAbilities(ctx: AppContext, actor: Actor, grants: readonly Grant[]): Promise<GrantListItem[]> {
  const manages = new Map<string, boolean>();
  for (const itemId of new Set(grants.map((g) => g.itemId))) {
    const row = await findItemById(ctx.db, itemId);
    const resource = row ? (await loadItemResource(ctx, ctx.db, row, actor)).resource : null;
    manages.set(itemId, resource !== null && can(actor, 'item.manage_grants', resource));
  }
  const reviewer = can(actor, 'review.manage');
  return grants.map((g) => {
    const manage = manages.get(g.itemId) ?? false;
    return {
      ...g,
      canRevoke: g.active && (g.granteeId === actor.id || manage),
      canReview:
        reviewer && manage && g.source === 'emergency' && g.reviewStatus === 'pending' && g.granteeId !== actor.id,
    };
  });
}

export async function listGrants(
  ctx: AppContext,
  rc: RequestContext,
  q: {
    view: 'mine' | 'managed' | 'emergency';
    active?: boolean | undefined;
    itemId?: string | undefined;
    expiresBefore?: string | undefined;
    review?: 'pending' | undefined;
    page: number;
    pageSize: number;
  },
) {
  const actor = await withAccess(ctx, actorOf(rc));
  const now = ctx.now().toISOString();
  const managed = grantManageFilter(actor);
  const page = await grantsWhere(
    ctx,
    (base) => {
      let b = base;
      if (q.view === 'mine') b = b.where('g.grantee_id', '=', actor.id);
      else if (managed.kind === 'none' || (q.view === 'emergency' && !can(actor, 'review.manage')))
        b = b.where((eb) => eb.val(1), '=', 0);
      else {
        b = b.where('i.access_rank', '<=', managed.maxRank);
        if (managed.kind === 'custodian') b = b.where('i.custodian_id', '=', managed.userId);
        if (q.view === 'emergency') b = b.where('g.source', '=', 'emergency');
      }
      if (q.active === true) b = b.where('g.revoked_at', 'is', null).where('g.expires_at', '>', now);
      if (q.active === false)
        b = b.where((eb) => eb.or([eb('g.revoked_at', 'is not', null), eb('g.expires_at', '<=', now)]));
      if (q.itemId) b = b.where('g.item_id', '=', q.itemId);
      if (q.expiresBefore) b = b.where('g.expires_at', '<=', new Date(q.expiresBefore).toISOString());
      if (q.review) b = b.where('g.review_status', '=', q.review);
      return b;
    },
    q.page,
    q.pageSize,
  );
  return { ...page, items: await withAbilities(ctx, actor, page.items) };
}
