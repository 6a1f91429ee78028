import type { z } from 'zod';
import type { Level } from '../../../kernel/levels.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import { notifyAboutCarrier, settleTelegramCleanup } from './carrier-notices.js';
import { assertCustodian } from '../../classification/index.js';
import type { CarrierDetail, transferBody } from '../contracts/carriers.js';
import { addEvent, refreshCarrierAccess, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { CARRIER_TARGET } from './carrier-access.js';
import {
  assertCarrierFree,
  authorizeMovement,
  carrierLink,
  detailAfter,
  invalid,
  lockCarrier,
  namesOf,
} from './movement-support.js';
import { assertLocation } from './register-service.js';

type TransferInput = z.infer<typeof transferBody>;

/**
 * Hands a carrier to a new custodian (移交): the department's head or confidentiality officer, or the security
 * office, does it — when the custodian changes post or leaves (the departure contract calls this too). The new
 * custodian is an active person cleared for the level; the carrier joins their department's ledger and goes into
 * the location given (a registered one allowed to hold its level: it never leaves to a person's keeping). Both
 * custodians are told; the history names who handed what to whom and why.
 */
export async function transferCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: TransferInput,
): Promise<CarrierDetail | null> {
  await transfer(ctx, rc, id, input);
  // A head who handed it to another department may no longer see it.
  return detailAfter(ctx, rc, id);
}

/** The transfer itself, without the answer (the departure's hand-over transfers many). */
export async function transfer(ctx: AppContext, rc: RequestContext, id: string, input: TransferInput): Promise<void> {
  const { row, actor } = await authorizeMovement(ctx, rc, id, input.version, 'carrier.transfer', 'carrier.transfer');
  if (input.custodianId === row.custodian_id)
    throw invalid('custodianId', 'same_custodian', 'This person keeps the carrier already');
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertCarrierFree(trx, id);
    const level = fresh.level as Level;
    await assertCustodian(ctx, trx, input.custodianId, level);
    await assertLocation(trx, input.locationId, level);
    const to = await trx
      .selectFrom('users')
      .select('department_id')
      .where('id', '=', input.custodianId)
      .executeTakeFirstOrThrow();
    const departmentId = to.department_id ?? fresh.department_id;
    const set = {
      custodian_id: input.custodianId,
      department_id: departmentId,
      location_id: input.locationId,
      updated_at: now,
    };
    if (!(await updateCarrierVersioned(trx, id, input.version, set))) throw staleVersion();
    // The custodian always knows it, and the department ledger follows it.
    await refreshCarrierAccess(trx, id);
    const details = {
      from: fresh.custodian_id,
      to: input.custodianId,
      fromDepartmentId: fresh.department_id,
      toDepartmentId: departmentId,
      fromLocationId: fresh.location_id,
      toLocationId: input.locationId,
      reason: input.reason,
    };
    const names = await namesOf(trx, [fresh.custodian_id, input.custodianId]);
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'transferred',
      details: {
        ...details,
        fromName: names.get(fresh.custodian_id) ?? null,
        toName: names.get(input.custodianId) ?? null,
      },
    });
    await audit(trx, ctx, rc, { action: 'carrier.transfer', targetType: CARRIER_TARGET, targetId: id, details });
    if (fresh.kind === 'telegram') await settleTelegramCleanup(trx, ctx, fresh.custodian_id);
    await notifyAboutCarrier(trx, ctx, [input.custodianId, fresh.custodian_id], id, {
      notice: 'carrierHandedOver',
      params: { number: fresh.number },
      link: carrierLink(id),
    });
  });
}
