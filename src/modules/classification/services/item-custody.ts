import { awaitsGroup, type ChainStep } from '../../../kernel/approvals.js';
import type { Level } from '../../../kernel/levels.js';
import type { ItemDetail } from '../contracts/classification.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { addHistory, updateItemVersioned, writeAccessIndex } from '../repositories/item-repo.js';
import { authorizeItem } from './item-access.js';
import { endPendingRequests, lockPendingRequests } from '../../../platform/approvals/pending.js';
import { itemTarget } from './item-requests.js';
import { assertCustodian } from './item-scope.js';
import { getItem } from './item-reads.js';
import { notifyAboutItem } from './item-notices.js';

/** Pending requests with a custodian step still to come: they were routed to the custodian who is leaving. */
function awaitsCustodian(r: { chain: string; current_step: number }): boolean {
  return awaitsGroup(JSON.parse(r.chain) as ChainStep[], r.current_step, 'custodian');
}

/**
 * Hands a secret item to a new custodian (移交保管): the confidentiality office does it when the custodian
 * leaves or changes post. The new custodian must be an active person cleared for the level. Their open review
 * tasks on the item follow them; requests still waiting for the old custodian end (asked again, they go to
 * the new one). Both are told; the history and the trail record who handed what to whom and why.
 */
export async function transferCustody(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number; custodianId: string; reason: string },
): Promise<ItemDetail> {
  const { row, scope, actor } = await authorizeItem(ctx, rc, { id }, 'item.transfer_custody', 'item.transfer_custody');
  if (input.version !== row.version) throw staleVersion();
  if (input.custodianId === row.custodian_id)
    throw new AppError('validation_failed', 'This person already keeps the item', {
      field: 'custodianId',
      problem: 'same_custodian',
    });
  const now = ctx.now().toISOString();
  const rcA = { ...rc, actor };
  await tx(ctx, async (trx) => {
    // Requests before the item (the one lock order): those waiting for the old custodian end below.
    await lockPendingRequests(trx, ctx.kind, itemTarget(id), null);
    await assertCustodian(ctx, trx, input.custodianId, row.level as Level);
    if (!(await updateItemVersioned(trx, id, input.version, { custodian_id: input.custodianId, updated_at: now })))
      throw staleVersion();
    // The custodian always knows the item: the access index follows the new one.
    await writeAccessIndex(trx, { ...row, custodian_id: input.custodianId }, scope);
    await trx
      .updateTable('review_tasks')
      .set((eb) => ({ reviewer_id: input.custodianId, version: eb('version', '+', 1) }))
      .where('item_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await endPendingRequests(trx, ctx, rcA, itemTarget(id), null, 'custodian_changed', awaitsCustodian);
    const details = { from: row.custodian_id, to: input.custodianId, reason: input.reason };
    // The history is read by people who may not look people up: it names them as they were named then.
    const names = new Map(
      (
        await trx
          .selectFrom('users')
          .select(['id', 'display_name'])
          .where('id', 'in', [row.custodian_id, input.custodianId])
          .execute()
      ).map((u) => [u.id, u.display_name]),
    );
    const named = {
      ...details,
      fromName: names.get(row.custodian_id) ?? null,
      toName: names.get(input.custodianId) ?? null,
    };
    await addHistory(trx, { itemId: id, at: now, actorId: actor.id, event: 'custody_transferred', details: named });
    await notifyAboutItem(trx, ctx, [input.custodianId, row.custodian_id], id, {
      notice: 'custodyTransferred',
      params: { number: row.number },
      link: `/items/${id}`,
    });
    await audit(trx, ctx, rcA, { action: 'item.transfer_custody', targetType: 'secret_item', targetId: id, details });
  });
  return getItem(ctx, rc, id);
}
