import { itemListFilter } from '../../../policy/classification.js';
import { LEVELS, rankOf } from '../../../kernel/levels.js';
import { can } from '../../../policy/index.js';
import { isCalendarDate } from '../../../kernel/secrecy-period.js';
import { parseQuery } from '../../../kernel/search-terms.js';
import {
  ITEM_CHANGE_REQUEST_TYPES,
  type ClassificationRequestType,
  type ClassifierKind,
  type Origin,
} from '../../../kernel/secret-item.js';
import type { ItemDetail, ItemSummary } from '../contracts/classification.js';
import { badRequest } from '../../../platform/errors.js';
import { actorOf, auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { itemsBySeq } from '../repositories/item-repo.js';
import {
  countVisible,
  pageSeqs,
  sortValueOf,
  type Cursor,
  type ItemFilters,
  type SortKey,
} from '../repositories/item-query.js';
import { withAccess } from './classification-settings.js';
import { authorizeItem, itemAbilities, toItemSummary } from './item-access.js';
import { labelScope } from './item-scope.js';
import { pendingRequestOf } from '../../../platform/approvals/pending.js';
import { itemTarget } from './item-requests.js';

/**
 * The secret-item catalogue's reads: list and search (filtered by the policy in SQL), count, detail, content, history.
 */

function encodeCursor(c: Cursor, sort: SortKey, order: 'asc' | 'desc'): string {
  return Buffer.from(JSON.stringify({ ...c, sort, order })).toString('base64url');
}

const CURSOR_RANKS = new Set<number>(LEVELS.map(rankOf));

/** A cursor belongs to the sort and order that produced it; any other use is refused, not guessed at. */
function decodeCursor(s: string | undefined, sort: SortKey, order: 'asc' | 'desc'): Cursor | null {
  if (!s) return null;
  let c: Cursor & { sort?: unknown; order?: unknown };
  try {
    c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as typeof c;
  } catch {
    c = { seq: NaN };
  }
  // Every part is checked against what this list could have produced (a seq, a known rank, a calendar date):
  // a hand-made cursor is refused here, never passed on to a query it would break.
  const valueOk =
    sort === 'secrecyUntil'
      ? typeof c?.value === 'string' && isCalendarDate(c.value)
      : sort === 'level'
        ? CURSOR_RANKS.has(c?.value as number)
        : c?.value === undefined;
  if (
    !c ||
    typeof c !== 'object' ||
    !Number.isSafeInteger(c.seq) ||
    c.seq < 0 ||
    c.sort !== sort ||
    c.order !== order ||
    !valueOk
  ) {
    throw badRequest('The cursor is not valid for this list; start from the first page', { field: 'cursor' });
  }
  return { seq: c.seq, ...(c.value !== undefined ? { value: c.value } : {}) };
}

export interface ItemListInput extends ItemFilters {
  q?: string | undefined;
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string | undefined;
}

export async function listItems(
  ctx: AppContext,
  rc: RequestContext,
  input: ItemListInput,
): Promise<{ items: ItemSummary[]; nextCursor: string | null }> {
  const actor = await withAccess(ctx, actorOf(rc));
  const filter = itemListFilter(actor, ctx.now().toISOString());
  const search = input.q ? parseQuery(input.q) : null;
  if (input.q && !search) return { items: [], nextCursor: null };
  const seqs = await pageSeqs(ctx.db, filter, input, search, {
    sort: input.sort,
    order: input.order,
    limit: input.limit,
    cursor: decodeCursor(input.cursor, input.sort, input.order),
  });
  const more = seqs.length > input.limit;
  const rows = await itemsBySeq(ctx.db, seqs.slice(0, input.limit));
  const last = rows[rows.length - 1];
  return {
    items: rows.map(toItemSummary),
    nextCursor:
      more && last
        ? encodeCursor(
            {
              seq: last.seq,
              ...(sortValueOf(input.sort, last) !== undefined ? { value: sortValueOf(input.sort, last)! } : {}),
            },
            input.sort,
            input.order,
          )
        : null,
  };
}

// The catalogue export is item-export.ts (the list's own columns and words, in the viewer's language).

export async function countItems(
  ctx: AppContext,
  rc: RequestContext,
  input: ItemFilters & { q?: string | undefined },
): Promise<number> {
  const actor = await withAccess(ctx, actorOf(rc));
  const search = input.q ? parseQuery(input.q) : null;
  if (input.q && !search) return 0;
  return countVisible(ctx.db, itemListFilter(actor, ctx.now().toISOString()), input, search);
}

export async function getItem(ctx: AppContext, rc: RequestContext, id: string): Promise<ItemDetail> {
  const { row, scope, resource, actor } = await authorizeItem(ctx, rc, { id }, 'item.view_metadata', 'item.view');
  const [[withNames], classifier, pending, grants] = await Promise.all([
    itemsBySeq(ctx.db, [row.seq]),
    row.classifier_id
      ? ctx.db.selectFrom('users').select('display_name').where('id', '=', row.classifier_id).executeTakeFirst()
      : undefined,
    pendingRequestOf(ctx.db, itemTarget(id), { types: ITEM_CHANGE_REQUEST_TYPES }),
    ctx.db
      .selectFrom('access_grants')
      .selectAll()
      .where('item_id', '=', id)
      .where('grantee_id', '=', actor.id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', ctx.now().toISOString())
      .execute(),
  ]);
  return {
    ...toItemSummary(withNames ?? row),
    basis: row.basis,
    classifierId: row.classifier_id,
    classifierName: classifier?.display_name ?? null,
    classifierKind: row.classifier_kind as ClassifierKind,
    origin: row.origin as Origin,
    sourceItemId: row.source_item_id,
    nextReviewOn: row.next_review_on,
    lastReviewedOn: row.last_reviewed_on,
    declassifyReason: row.declassify_reason as ItemDetail['declassifyReason'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    scope: await labelScope(ctx.db, scope),
    abilities: itemAbilities(actor, resource),
    pendingRequest: pending
      ? { id: pending.id, number: pending.number, type: pending.type as ClassificationRequestType }
      : null,
    myGrants: grants.map((g) => ({
      id: g.id,
      actions: JSON.parse(g.actions) as ItemDetail['myGrants'][number]['actions'],
      expiresAt: g.expires_at,
      source: g.source,
    })),
  };
}

/** Reading the classified content: allowed by the policy, and every read is in the audit trail first. */
export async function readItemContent(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
): Promise<{ id: string; content: string }> {
  const { row, resource, actor } = await authorizeItem(ctx, rc, { id }, 'item.read');
  // Whether only a grant made this read possible: the trail then shows the grant in use.
  const viaGrant = !can(actor, 'item.read', { ...resource, grants: [] });
  await auditAlone(ctx, rc, {
    action: 'item.read',
    targetType: 'secret_item',
    targetId: id,
    details: { number: row.number, level: row.level, viaGrant },
  });
  return { id, content: row.content };
}

export async function itemHistory(ctx: AppContext, rc: RequestContext, id: string) {
  await authorizeItem(ctx, rc, { id }, 'item.view_metadata', 'item.view');
  const rows = await ctx.db
    .selectFrom('item_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select(['h.id', 'h.at', 'h.actor_id', 'u.display_name as actor_name', 'h.event', 'h.request_id', 'h.details'])
    .where('h.item_id', '=', id)
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();
  return {
    items: rows.map((h) => ({
      id: h.id,
      at: h.at,
      actorId: h.actor_id,
      actorName: h.actor_name,
      event: h.event,
      requestId: h.request_id,
      details: JSON.parse(h.details) as unknown,
    })),
  };
}
