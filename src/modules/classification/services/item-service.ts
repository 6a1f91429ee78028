import type { ClassificationProblem } from '../contracts/problems.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { itemListFilter } from '../../../policy/classification.js';
import {
  EDITABLE_FIELDS,
  changeProblem,
  governingRank,
  proposalEditProblem,
  proposalProblem,
  scopeDiff,
  scopeEditProblem,
  type ItemChange,
} from '../domain/item-lifecycle.js';
import { LEVELS, isClassified, rankOf, type Level } from '../../../kernel/levels.js';
import { can } from '../../../policy/index.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { dateOf, isCalendarDate } from '../../../kernel/secrecy-period.js';
import { parseQuery } from '../../../kernel/search-terms.js';
import {
  accessRankOf,
  ITEM_CHANGE_REQUEST_TYPES,
  scopeProblem,
  type ClassificationRequestType,
  type ClassifierKind,
  type Origin,
  type ScopeEntry,
} from '../../../kernel/secret-item.js';
import type { ItemCategory } from '../../../kernel/levels.js';
import type { ItemDetail, ItemSummary } from '../contracts/classification.js';
import { AppError, badRequest, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import {
  actorOf,
  audit,
  auditAlone,
  newId,
  tx,
  type AppContext,
  type RequestContext,
} from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { nextCounter } from '../../../platform/db/counters.js';
import {
  addHistory,
  findItemById,
  itemsBySeq,
  scopeOf,
  updateItemVersioned,
  writeAccessIndex,
  searchTextOf,
  writeSearchTerms,
  type ItemRow,
} from '../repositories/item-repo.js';
import {
  countVisible,
  pageSeqs,
  sortValueOf,
  type Cursor,
  type ItemFilters,
  type SortKey,
} from '../repositories/item-query.js';
import { getClassificationPolicy, withAccess } from './classification-settings.js';
import { submitRequest } from '../../../platform/approvals/approval-service.js';
import { changeOf, notifyScopeWidened, stateOf } from './item-effects.js';
import { authorizeItem, itemAbilities, toItemSummary } from './item-access.js';
import { assertAddedPeopleFit, assertCustodian, classifierKindFor, labelScope, validateScope } from './item-scope.js';
import { approvalStarted, pendingRequestOf, touchPendingRequests } from '../../../platform/approvals/pending.js';
import { lockRow } from '../../../platform/db/locks.js';
import { itemRequestType, itemTarget } from './item-requests.js';

/** The secret-item catalogue: list and search (filtered by the policy in SQL), detail, read, propose, edit, change. */

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

function problemError(problem: ClassificationProblem, field: string): AppError {
  const messages: Partial<Record<ClassificationProblem, string>> = {
    term_required: 'A classified item needs a secrecy period or a declassification condition',
    term_not_allowed: 'Internal and public items carry no secrecy period or condition',
    period_and_condition: 'Give a secrecy period or a declassification condition, not both',
    period_unit: 'A period of a year or more is given in years; a shorter one in months (1-11)',
    period_exceeds_maximum: 'The secrecy period exceeds the maximum for this level',
    condition_empty: 'The declassification condition is empty',
    level_not_in_use: 'This level is not in use in this organisation',
    scope_required: 'A classified item needs a need-to-know scope',
    scope_duplicate: 'The scope lists the same entry twice',
    scope_widening_needs_approval:
      'Adding to the need-to-know scope of an item in force needs approval: request a scope change',
    scope_frozen_in_approval:
      'Approvers have begun deciding this proposal on its scope: withdraw it and propose again to add to the scope',
    proposal_frozen_in_approval:
      'Approvers have begun deciding this proposal as it stands: withdraw it and propose again to change it',
    open_item: 'This item is open to everyone: it has no need-to-know scope to widen',
    scope_not_widened: 'The new scope adds nobody: narrowing the scope is an edit of the item',
  };
  return new AppError('validation_failed', messages[problem] ?? `The change is not valid (${problem})`, {
    problem,
    field,
  });
}

export interface ProposeInput {
  title: string;
  content: string;
  category: ItemCategory;
  level: Level;
  basis: string;
  period: { value: number; unit: 'years' | 'months' } | null;
  declassifyCondition: string | null;
  classifierId: string | null;
  origin: Origin;
  sourceItemId?: string | null | undefined;
  custodianId?: string | undefined;
  departmentId?: string | null | undefined;
  scope: ScopeEntry[];
  reason: string;
}

export async function proposeItem(
  ctx: AppContext,
  rc: RequestContext,
  input: ProposeInput,
): Promise<{ item: ItemDetail; requestId: string }> {
  const actor = await withAccess(ctx, actorOf(rc));
  await authorize(
    ctx,
    rc,
    'item.propose',
    { kind: 'new_item', level: input.level },
    {
      actor,
      audit: { action: 'item.propose', targetType: 'secret_item', details: { level: input.level } },
      message: (why) =>
        why === 'above_clearance'
          ? 'You are not cleared for this level'
          : 'You may not propose classification decisions',
    },
  );
  const policy = await getClassificationPolicy(ctx);
  const problem =
    proposalProblem(input.level, { period: input.period, condition: input.declassifyCondition }, policy) ??
    scopeProblem(input.level, input.scope);
  if (problem)
    throw problemError(
      problem,
      problem.startsWith('scope') ? 'scope' : problem === 'level_not_in_use' ? 'level' : 'period',
    );
  // A derivative classification cites its source: one the proposer may know, else "not found or no access".
  if (input.sourceItemId)
    await authorizeItem(ctx, rc, { id: input.sourceItemId }, 'item.view_metadata', 'item.propose');
  const now = ctx.now();
  const result = await tx(ctx, async (trx) => {
    await validateScope(trx, input.scope);
    await assertAddedPeopleFit(trx, policy, input.level, input.scope);
    const classifierKind = await classifierKindFor(trx, input.classifierId, input.level);
    const custodianId = input.custodianId ?? actor.id;
    await assertCustodian(ctx, trx, custodianId, input.level);
    if (input.origin === 'derivative' && !input.sourceItemId)
      throw new AppError('validation_failed', 'A derivative classification names its source item', {
        field: 'sourceItemId',
      });
    const departmentId = input.departmentId === undefined ? actor.departmentId : input.departmentId;
    if (
      departmentId &&
      !(await trx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst())
    ) {
      throw new AppError('validation_failed', 'The department does not exist', { field: 'departmentId' });
    }
    const seq = await nextCounter(trx, 'secret_item');
    const row: ItemRow = {
      id: newId(),
      seq,
      number: `BM-${dateOf(now, policy.timeZone).slice(0, 4)}-${String(seq).padStart(6, '0')}`,
      title: input.title,
      content: input.content,
      category: input.category,
      level: input.level,
      access_rank: accessRankOf(input.level, 'proposed'),
      status: 'proposed',
      basis: input.basis,
      period_value: input.period?.value ?? null,
      period_unit: input.period?.unit ?? null,
      declassify_condition: input.declassifyCondition,
      marked_on: null,
      secrecy_until: null,
      classifier_id: input.classifierId,
      classifier_kind: classifierKind,
      origin: input.origin,
      source_item_id: input.sourceItemId ?? null,
      custodian_id: custodianId,
      department_id: departmentId,
      next_review_on: null,
      last_reviewed_on: null,
      declassified_on: null,
      declassify_reason: null,
      search_text: '',
      created_by: actor.id,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      version: 1,
    };
    row.search_text = searchTextOf(row);
    await trx.insertInto('secret_items').values(row).execute();
    await writeSearchTerms(trx, row);
    await writeAccessIndex(trx, row, input.scope);
    await addHistory(trx, {
      itemId: row.id,
      at: now.toISOString(),
      actorId: actor.id,
      event: 'proposed',
      details: { level: input.level },
    });
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      {
        action: 'item.propose',
        targetType: 'secret_item',
        targetId: row.id,
        details: { number: row.number, level: input.level, category: input.category },
      },
    );
    const req = await submitRequest(
      trx,
      ctx,
      { ...rc, actor },
      {
        type: 'classification.classify',
        targetId: row.id,
        subjectId: null,
        levelRank: rankOf(input.level),
        reason: input.reason,
        payload: {},
      },
    );
    return { id: row.id, requestId: req.id };
  });
  return { item: await getItem(ctx, rc, result.id), requestId: result.requestId };
}

export interface UpdateItemInput {
  version: number;
  title?: string | undefined;
  content?: string | undefined;
  category?: ItemCategory | undefined;
  basis?: string | undefined;
  scope?: ScopeEntry[] | undefined;
}

export async function updateItem(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateItemInput,
): Promise<ItemDetail> {
  const { row, scope, actor } = await authorizeItem(ctx, rc, { id }, 'item.edit', 'item.update');
  // The checks below judge the item as read here: an edit made against another version is refused first.
  if (input.version !== row.version) throw staleVersion();
  if (input.scope) {
    const p = scopeProblem(row.level as Level, input.scope);
    if (p) throw problemError(p, 'scope');
  }
  const fields = EDITABLE_FIELDS.filter((k) => input[k] !== undefined && input[k] !== row[k]);
  const scopeMoves =
    input.scope !== undefined && Object.values(scopeDiff(scope, input.scope)).some((d) => d.length > 0);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    if (row.status === 'proposed' && (fields.length > 0 || scopeMoves)) {
      // An edit changes what the approvers of the proposal decide on: their open pages go stale (409 on a
      // decision made from them). Moving the request's version first also waits for a decision being made
      // now, so "has an approver approved a step?" is answered after it.
      await touchPendingRequests(trx, itemTarget(id), 'classification.classify', now);
      const started = await approvalStarted(trx, itemTarget(id), 'classification.classify');
      const frozen =
        proposalEditProblem(stateOf(row).status, started, fields) ??
        (input.scope ? scopeEditProblem(stateOf(row), scope, input.scope, started) : null);
      if (frozen) throw problemError(frozen, frozen === 'scope_frozen_in_approval' ? 'scope' : fields[0]!);
    } else if (input.scope && row.status !== 'proposed') {
      const p = scopeEditProblem(stateOf(row), scope, input.scope, false);
      if (p) throw problemError(p, 'scope');
    }
    const set: Partial<ItemRow> = { updated_at: now };
    const changed: Record<string, unknown> = {};
    for (const k of fields) {
      const v = input[k]!;
      set[k] = v;
      // The content itself is classified: the trail records that it changed, not what it says.
      changed[k] = k === 'content' ? { changed: true } : { from: row[k], to: v };
    }
    const next = { ...row, ...set };
    const retitled = set.title !== undefined || set.basis !== undefined;
    if (retitled) set.search_text = searchTextOf(next);
    // The versioned update first: a concurrent edit fails here (409) before anything else is written.
    if (!(await updateItemVersioned(trx, id, input.version, set))) throw staleVersion();
    if (retitled) await writeSearchTerms(trx, next);
    if (input.scope) {
      await validateScope(trx, input.scope);
      const { added, removed } = scopeDiff(scope, input.scope);
      await assertAddedPeopleFit(trx, await getClassificationPolicy(ctx, trx), row.level as Level, added);
      if (added.length || removed.length) {
        await writeAccessIndex(trx, next, input.scope);
        changed.scope = { added, removed };
        // Widening the scope of a classified proposal (not in force yet) is watched by the confidentiality office.
        if (added.length && isClassified(row.level as Level)) {
          await notifyScopeWidened(trx, ctx, row, added.length);
        }
      }
    }
    await addHistory(trx, { itemId: id, at: now, actorId: actor.id, event: 'edited', details: { changed } });
    await audit(
      trx,
      ctx,
      { ...rc, actor },
      { action: 'item.update', targetType: 'secret_item', targetId: id, details: { changed } },
    );
  });
  return getItem(ctx, rc, id);
}

export type ChangeInput =
  | {
      type: 'reclassify';
      reason: string;
      level: Level;
      period: { value: number; unit: 'years' | 'months' } | null;
      declassifyCondition: string | null;
    }
  | { type: 'extend'; reason: string; period: { value: number; unit: 'years' | 'months' } }
  | { type: 'declassify'; reason: string; declassifyReason: 'condition_met' | 'review' | 'decision' }
  | { type: 'rescope'; reason: string; scope: ScopeEntry[] };

/** Asks for an upgrade/downgrade, an extension, a declassification or a wider scope; the approval engine decides. */
export async function requestChange(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: ChangeInput,
): Promise<{ requestId: string }> {
  const { actor } = await authorizeItem(ctx, rc, { id }, 'item.reclassify', `item.request_${input.type}`);
  if (input.type === 'reclassify')
    await assertClearedForLevel(ctx, { ...rc, actor }, id, input.level, 'item.request_reclassify');
  return tx(ctx, (trx) => submitChange(trx, ctx, { ...rc, actor }, id, input));
}

async function labelledDiff(trx: Trx, before: readonly ScopeEntry[], after: readonly ScopeEntry[]) {
  const { added, removed } = scopeDiff(before, after);
  return { added: await labelScope(trx, added), removed: await labelScope(trx, removed) };
}

/** Nobody moves an item to a level above their own clearance; the refusal is audited (outside any transaction). */
export async function assertClearedForLevel(
  ctx: AppContext,
  rc: RequestContext,
  itemId: string,
  level: Level,
  auditAction: AuditAction,
): Promise<void> {
  if (rankOf(level) <= (actorOf(rc).access?.clearanceRank ?? 0)) return;
  await refuse(
    ctx,
    rc,
    {
      action: auditAction,
      targetType: 'secret_item',
      targetId: itemId,
      details: { reason: 'not_cleared_for_new_level', level },
    },
    forbidden('You are not cleared for the new level'),
  );
}

/** Shared by the item page and the annual review: validates the change and submits its request. */
export async function submitChange(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: ChangeInput,
): Promise<{ requestId: string }> {
  const row = await findItemById(trx, id);
  if (!row) throw notFound();
  const { reason, type: _t, ...rest } = input;
  const current = input.type === 'rescope' ? await scopeOf(trx, row.seq) : [];
  if (input.type === 'rescope') await validateScope(trx, input.scope);
  // A scope request also carries what it adds and removes, named as they are now, for the approvers to read.
  const payload = input.type === 'rescope' ? { ...rest, ...(await labelledDiff(trx, current, input.scope)) } : rest;
  const change: ItemChange =
    input.type === 'rescope'
      ? { type: 'rescope', scope: input.scope, before: current }
      : changeOf(input.type, payload)!;
  const policy = await getClassificationPolicy(ctx, trx);
  const problem = changeProblem(stateOf(row), change, policy, dateOf(ctx.now(), policy.timeZone));
  if (problem)
    throw problemError(
      problem,
      { declassify: 'type', extend: 'period', rescope: 'scope', reclassify: 'level' }[input.type],
    );
  if (change.type === 'rescope')
    await assertAddedPeopleFit(trx, policy, row.level as Level, scopeDiff(current, change.scope).added);
  // Callers check this before their transaction, where the refusal can be audited (assertClearedForLevel).
  if (change.type === 'reclassify' && rankOf(change.level) > (actorOf(rc).access?.clearanceRank ?? 0))
    throw forbidden('You are not cleared for the new level');
  // The custodian keeps the item after an upgrade: they must be cleared for the new level.
  if (change.type === 'reclassify' && rankOf(change.level) > rankOf(row.level as Level))
    await assertCustodian(ctx, trx, row.custodian_id, change.level);
  await assertNoPendingChange(trx, ctx, id);
  // People a scope request adds by name gain knowledge by it: they approve none of its steps.
  const beneficiaryIds =
    change.type === 'rescope'
      ? scopeDiff(current, change.scope)
          .added.filter((e) => e.kind === 'user')
          .map((e) => e.ref)
      : [];
  const req = await submitRequest(trx, ctx, rc, {
    type: itemRequestType(input.type),
    targetId: row.id,
    subjectId: null,
    beneficiaryIds,
    levelRank: governingRank(stateOf(row), change),
    reason,
    payload,
  });
  return { requestId: req.id };
}

/** One pending change of an item at a time: a second one would race the first. */
async function assertNoPendingChange(trx: Trx, ctx: AppContext, itemId: string): Promise<void> {
  await lockRow(trx, ctx.kind, 'secret_items', itemId); // two requests at once: the second waits, then sees the first
  const p = await pendingRequestOf(trx, itemTarget(itemId), { types: ITEM_CHANGE_REQUEST_TYPES });
  if (p)
    throw new AppError(
      'conflict',
      `Request ${p.number} about this item is still pending; wait for it or withdraw it first`,
      { problem: 'pending_change', number: p.number },
    );
}
