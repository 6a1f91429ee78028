import { can } from '../../../policy/index.js';
import { classificationRefusal } from '../../../policy/classification.js';
import { AppError } from '../../../platform/errors.js';
import { refuse } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { ClassificationProblem } from '../contracts/problems.js';
import { findItemById } from '../repositories/item-repo.js';
import { getClassificationPolicy, withAccess } from './classification-settings.js';
import { loadItemResource } from './item-access.js';

/**
 * Asking for access to a classified item (a request, or emergency access) before any item is looked up: a
 * refusal that follows from the asker's own role or clearance says so, as it reveals nothing about any item
 * (the same answer whatever was asked for). What depends on the item keeps the 404 "not found or no access".
 */
export async function refuseUnlessMayAsk(
  ctx: AppContext,
  rc: RequestContext,
  action: 'item.request_access' | 'grant.emergency',
): Promise<void> {
  const actor = actorOf(rc);
  const why = classificationRefusal(actor, 'item.ask_access', null);
  if (why === null) return;
  const problem: ClassificationProblem = why === 'content_excluded' ? 'access_role_excluded' : 'no_clearance';
  await refuse(
    ctx,
    rc,
    { action, targetType: 'secret_item', targetId: null, details: { reason: problem } },
    new AppError(
      'forbidden',
      problem === 'access_role_excluded'
        ? 'The system administrator and the security auditor do not ask for access to classified items'
        : 'You hold no clearance class: the security office must clear you before you may ask for access',
      { problem },
    ),
  );
}

/**
 * What the signed-in person could ask for on one item, shown on the page of an item they may not see, so that
 * only a way that can succeed is offered. Both false when the item does not exist, is above the person's
 * clearance, or is not in force: the same answer for all three, so it tells nothing that asking would not.
 * Not audited: it is a read, and a request or an emergency access it leads to is.
 */
export async function itemAccessOptions(
  ctx: AppContext,
  rc: RequestContext,
  itemId: string,
): Promise<{ requestAccess: boolean; emergencyAccess: boolean }> {
  const none = { requestAccess: false, emergencyAccess: false };
  const actor = await withAccess(ctx, actorOf(rc));
  if (!can(actor, 'item.ask_access')) return none;
  const row = await findItemById(ctx.db, itemId);
  if (!row) return none;
  const { resource } = await loadItemResource(ctx, ctx.db, row, actor);
  const policy = await getClassificationPolicy(ctx);
  return {
    requestAccess: can(actor, 'item.request_access', resource),
    emergencyAccess: policy.emergencyEnabled && can(actor, 'item.emergency_access', resource),
  };
}
