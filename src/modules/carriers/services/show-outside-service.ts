import type { z } from 'zod';
import type { ScopeEntry } from '../../../kernel/secret-item.js';
import type { RequestRow } from '../../../platform/approvals/request-types.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import { notifyAboutCarrier } from './carrier-notices.js';
import type { showOutsideBody } from '../contracts/carriers.js';
import type { RequestSubmitted } from '../contracts/requests.js';
import {
  addEvent,
  refreshCarrierAccess,
  scopeOf,
  updateCarrierVersioned,
  writeScope,
  type CarrierRow,
} from '../repositories/carrier-repo.js';
import { authorizeCarrier, CARRIER_TARGET } from './carrier-access.js';
import { carrierLink, conflict, invalid, lockCarrier, mayKnow, movementPerson, namesOf } from './movement-support.js';
import {
  carrierForEffect,
  noLonger,
  payloadOf,
  stillValid,
  submitCarrierRequest,
  submitted,
} from './request-effects.js';

/**
 * Showing or circulating a carrier to someone outside its scope (CAR-05: 不经领导许可,不向他人出示) needs a
 * leader's permission (the engine's `carriers.show_outside`). The people named are active, cleared for its level
 * and may not know it yet; they never approve it themselves. Approved, they join the carrier's own scope by name.
 */
const SHOWABLE = ['draft', 'in_store', 'circulating'];

/** Each person may be shown the carrier: active, cleared, and not already able to know it. */
async function assertOutsiders(ctx: AppContext, trx: Trx, row: CarrierRow, personIds: readonly string[]) {
  for (const [i, personId] of personIds.entries()) {
    const field = `personIds.${i}`;
    const { actor: person, user } = await movementPerson(ctx, trx, personId, row, field);
    if (await mayKnow(ctx, trx, row, person))
      throw invalid(field, 'already_in_scope', `${user.display_name} may already know this carrier`, { personId });
  }
}

export async function requestShowOutside(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof showOutsideBody>,
): Promise<RequestSubmitted> {
  const { row, actor } = await authorizeCarrier(ctx, rc, id, 'carrier.show_outside', 'carrier.request_show_outside');
  if (input.version !== row.version) throw staleVersion();
  const personIds = [...new Set(input.personIds)];
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    if (!SHOWABLE.includes(fresh.status))
      throw conflict('wrong_status', `Not possible while the carrier is ${fresh.status}`);
    await assertOutsiders(ctx, trx, fresh, personIds);
    const names = await namesOf(trx, personIds);
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'show_outside_requested',
      details: { personIds, personNames: personIds.map((p) => names.get(p) ?? '') },
    });
    const req = await submitCarrierRequest(trx, ctx, rc, fresh, {
      type: 'carriers.show_outside',
      // They would gain knowledge by it: never its approvers.
      beneficiaryIds: personIds,
      reason: input.reason,
      payload: { personIds },
    });
    await audit(trx, ctx, rc, {
      action: 'carrier.request_show_outside',
      targetType: CARRIER_TARGET,
      targetId: id,
      details: { personIds, requestId: req.id, number: req.number },
    });
    return submitted(req);
  });
}

/** Permitted: the people join the carrier's own scope by name, and are told. */
export async function showOutsideApproved(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  req: RequestRow,
): Promise<void> {
  const row = await carrierForEffect(trx, ctx, req);
  if (!SHOWABLE.includes(row.status))
    throw noLonger(`The carrier is ${row.status} now: it can no longer be shown`, 'wrong_status');
  const { personIds } = payloadOf<{ personIds: string[] }>(req);
  // Someone may have left or lost their clearance while the request waited.
  for (const [i, personId] of personIds.entries())
    await stillValid(() => movementPerson(ctx, trx, personId, row, `personIds.${i}`));
  const scope = await scopeOf(trx, row.id);
  const named = new Set(scope.filter((s) => s.kind === 'user').map((s) => s.ref));
  const added: ScopeEntry[] = personIds.filter((p) => !named.has(p)).map((p) => ({ kind: 'user', ref: p }));
  const now = ctx.now().toISOString();
  if (!(await updateCarrierVersioned(trx, row.id, row.version, { updated_at: now }))) throw staleVersion();
  await writeScope(trx, row.id, [...scope, ...added]);
  await refreshCarrierAccess(trx, row.id);
  const names = await namesOf(trx, personIds);
  const details = { personIds, requestId: req.id };
  await addEvent(trx, {
    carrierId: row.id,
    at: now,
    actorId: rc.actor?.id ?? null,
    event: 'shown_outside',
    details: { ...details, personNames: personIds.map((p) => names.get(p) ?? '') },
  });
  await audit(trx, ctx, rc, { action: 'carrier.show_outside', targetType: CARRIER_TARGET, targetId: row.id, details });
  await notifyAboutCarrier(trx, ctx, personIds, row.id, {
    notice: 'carrierShown',
    params: { number: row.number },
    link: carrierLink(row.id),
  });
}
