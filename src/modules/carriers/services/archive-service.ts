import type { z } from 'zod';
import type { RequestRow } from '../../../platform/approvals/request-types.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import type { reasonBody } from '../contracts/carriers.js';
import type { RequestSubmitted } from '../contracts/requests.js';
import { addEvent, openMovements, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { authorizeCarrier, CARRIER_TARGET } from './carrier-access.js';
import { assertNoPendingRequest } from './movement-guards.js';
import { conflict, lockCarrier } from './movement-support.js';
import { carrierForEffect, noLonger, submitCarrierRequest, submitted } from './request-effects.js';
import { discrepancyTask, settleTelegramCleanup } from './carrier-notices.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';

/**
 * Archiving (归档, CAR-13): once the leader has read it, the custodian files the carrier. The department head
 * approves (and for 绝密 the leader in charge too: the engine's `carriers.archive`); while the request is under way
 * the carrier stays where it is (movement-guards), and an archived carrier stays in the register.
 */
export async function requestArchive(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof reasonBody>,
): Promise<RequestSubmitted> {
  const { row, actor } = await authorizeCarrier(ctx, rc, id, 'carrier.archive', 'carrier.request_archive');
  if (input.version !== row.version) throw staleVersion();
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertNoPendingRequest(trx, id);
    if (fresh.status !== 'in_store')
      throw conflict('wrong_status', `Not possible while the carrier is ${fresh.status}`);
    if ((await openMovements(trx, id)).carryOut)
      throw conflict('wrong_status', 'A carry-out of this carrier is under way: archive it once it is back');
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'archive_requested', details: {} });
    const req = await submitCarrierRequest(trx, ctx, rc, fresh, {
      type: 'carriers.archive',
      reason: input.reason,
      payload: {},
    });
    await audit(trx, ctx, rc, {
      action: 'carrier.request_archive',
      targetType: CARRIER_TARGET,
      targetId: id,
      details: { requestId: req.id, number: req.number },
    });
    return submitted(req);
  });
}

/** Approved: the carrier in its location is filed; one that moved meanwhile cannot be (409). */
export async function archiveApproved(trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow): Promise<void> {
  const row = await carrierForEffect(trx, ctx, req);
  if (row.status !== 'in_store')
    throw noLonger(`The carrier is ${row.status} now: archive it once it is back in its location`, 'wrong_status');
  const now = ctx.now().toISOString();
  if (!(await updateCarrierVersioned(trx, row.id, row.version, { status: 'archived', updated_at: now })))
    throw staleVersion();
  const details = { requestId: req.id, status: 'archived' };
  await addEvent(trx, { carrierId: row.id, at: now, actorId: rc.actor?.id ?? null, event: 'archived', details });
  // Filed away: nothing is left to check on it, and an old telegram filed is one less to clean up.
  await resolveTaskNotices(trx, discrepancyTask(row.id), now);
  if (row.kind === 'telegram') await settleTelegramCleanup(trx, ctx, row.custodian_id);
  await audit(trx, ctx, rc, { action: 'carrier.archive', targetType: CARRIER_TARGET, targetId: row.id, details });
}
