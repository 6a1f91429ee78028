import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import type { CarrierDetail } from '../contracts/carriers.js';
import { addEvent, refreshCarrierAccess, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { authorizeCarrier, CARRIER_TARGET } from './carrier-access.js';
import { getCarrier } from './carrier-read.js';
import { findCarryOut } from './carry-out-service.js';
import { conflict, lockCarrier, noSuchMovement } from './movement-support.js';

/**
 * An approved carry-out that will not leave (the trip was called off, or its return date passed before it left) is
 * cancelled by the custodian, the department's officer or the bearer: until then it reserves the carrier, and the
 * bearer holds it. Cancelling frees the carrier for other movements and takes it out of the bearer's hands.
 */
export async function cancelCarryOut(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  carryOutId: string,
  version: number,
): Promise<CarrierDetail> {
  const { row, actor } = await authorizeCarrier(ctx, rc, id, 'carrier.record_carry_out', 'carrier.carry_out_cancel');
  if (version !== row.version) throw staleVersion();
  if (!(await findCarryOut(ctx.db, id, carryOutId))) throw noSuchMovement();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockCarrier(trx, ctx, id, version);
    const current = await findCarryOut(trx, id, carryOutId);
    if (current?.status !== 'approved')
      throw conflict('wrong_status', 'Only an approved carry-out that has not left can be cancelled');
    if (!(await updateCarrierVersioned(trx, id, version, { updated_at: now }))) throw staleVersion();
    await trx
      .updateTable('carrier_carry_outs')
      .set({ status: 'cancelled', version: current.version + 1 })
      .where('id', '=', current.id)
      .execute();
    // The bearer no longer holds it.
    await refreshCarrierAccess(trx, id);
    const details = { carryOutId: current.id, bearerId: current.bearer_id, requestId: current.request_id };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'carry_out_cancelled', details });
    await audit(trx, ctx, rc, {
      action: 'carrier.carry_out_cancel',
      targetType: CARRIER_TARGET,
      targetId: id,
      details,
    });
  });
  return getCarrier(ctx, rc, id);
}
