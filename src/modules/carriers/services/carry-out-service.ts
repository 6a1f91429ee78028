import type { z } from 'zod';
import type { RequestStatus } from '../../../kernel/approvals.js';
import type { RequestRow } from '../../../platform/approvals/request-types.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { authorize } from '../../../platform/authorize.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import { resolveTaskNotices, usersWithAdminRole } from '../../../platform/notifications/notification-service.js';
import { discrepancyTask, notifyAboutCarrier } from './carrier-notices.js';
import { carryOutTask } from './return-tasks.js';
import { todayOf } from '../../../platform/organisation.js';
import type { CarrierDetail, carryOutBody, carryOutReturnBody } from '../contracts/carriers.js';
import type { RequestSubmitted } from '../contracts/requests.js';
import {
  carryOutReturnProblem,
  destinationProblem,
  isOverdue,
  returnDiffers,
  returnProblem,
} from '../domain/movement-rules.js';
import {
  addEvent,
  dutiesOf,
  openMovements,
  refreshCarrierAccess,
  updateCarrierVersioned,
  type CarrierRow,
} from '../repositories/carrier-repo.js';
import { authorizeCarrier, CARRIER_TARGET } from './carrier-access.js';
import { getCarrier } from './carrier-read.js';
import { carrierSettings } from './carrier-settings.js';
import { assertNoPendingRequest } from './movement-guards.js';
import {
  authorizeMovement,
  carrierLink,
  conflict,
  invalid,
  lockCarrier,
  movementPerson,
  namesOf,
  noSuchMovement,
} from './movement-support.js';
import {
  carrierForEffect,
  noLonger,
  payloadOf,
  stillValid,
  submitCarrierRequest,
  submitted,
} from './request-effects.js';

/**
 * Carrying a carrier out of the unit (外出携带, CAR-12): the leader in charge of its department approves (the
 * engine's `carriers.carry_out`); a designated handler (指定人员) of the department cleared for its level carries
 * it, never to a home or a public place (CAR-11); it comes back to its own department and location, counted, and
 * a late return is flagged. Statuses of the carry-out: requested → approved → out → returned (or refused).
 */

type CarryOutPayload = { carryOutId: string; bearerId: string; destination: string; returnOn: string };

export async function findCarryOut(q: Trx | AppContext['db'], carrierId: string, id: string) {
  return q
    .selectFrom('carrier_carry_outs')
    .selectAll()
    .where('id', '=', id)
    .where('carrier_id', '=', carrierId)
    .executeTakeFirst();
}

/** The bearer: active, cleared for the level and a designated carry-out handler of the carrier's department. */
async function assertBearer(ctx: AppContext, trx: Trx, row: CarrierRow, bearerId: string): Promise<string> {
  const { user } = await movementPerson(ctx, trx, bearerId, row, 'bearerId');
  if (!(await dutiesOf(trx, bearerId, row.department_id)).includes('carry_out'))
    throw invalid(
      'bearerId',
      'bearer_not_designated',
      `${user.display_name} is not a designated carry-out handler of the carrier's department`,
    );
  return user.display_name;
}

/** Asks to carry a carrier out: the custodian or a designated handler of its department, for a designated bearer. */
export async function requestCarryOut(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof carryOutBody>,
): Promise<RequestSubmitted> {
  // On a stale version 409 before the policy: of a carry-out and another movement racing, the loser hears 409.
  const { actor } = await authorizeMovement(
    ctx,
    rc,
    id,
    input.version,
    'carrier.carry_out',
    'carrier.request_carry_out',
  );
  const destination = input.destination.trim();
  if (destinationProblem(destination))
    throw invalid('destination', 'private_destination', 'A carrier is never taken home or to a public place');
  const [settings, today] = await Promise.all([carrierSettings(ctx), todayOf(ctx)]);
  const dateProblem = carryOutReturnProblem(today, input.returnOn, settings.maxCarryOutDays);
  if (dateProblem)
    throw invalid(
      'returnOn',
      dateProblem,
      dateProblem === 'return_in_past'
        ? 'The return date is in the past'
        : `A carry-out lasts at most ${settings.maxCarryOutDays} days`,
    );
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertNoPendingRequest(trx, id);
    if (fresh.status !== 'in_store')
      throw conflict('wrong_status', `Not possible while the carrier is ${fresh.status}`);
    // An approved carry-out not yet under way still holds the carrier for its bearer.
    if ((await openMovements(trx, id)).carryOut)
      throw conflict('wrong_status', 'A carry-out of this carrier is already under way');
    const bearerName = await assertBearer(ctx, trx, fresh, input.bearerId);
    const carryOutId = newId();
    await trx
      .insertInto('carrier_carry_outs')
      .values({
        id: carryOutId,
        carrier_id: id,
        bearer_id: input.bearerId,
        requested_by: actor.id,
        destination,
        purpose: input.purpose,
        return_on: input.returnOn,
        request_id: null,
        status: 'requested',
        requested_at: now,
        departed_at: null,
        returned_at: null,
        received_by: null,
        return_note: null,
        version: 1,
      })
      .execute();
    const facts = { carryOutId, bearerId: input.bearerId, destination, returnOn: input.returnOn };
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'carry_out_requested',
      details: { ...facts, bearerName },
    });
    const req = await submitCarrierRequest(trx, ctx, rc, fresh, {
      type: 'carriers.carry_out',
      subjectId: input.bearerId,
      reason: input.purpose,
      payload: facts,
    });
    await trx.updateTable('carrier_carry_outs').set({ request_id: req.id }).where('id', '=', carryOutId).execute();
    await audit(trx, ctx, rc, {
      action: 'carrier.request_carry_out',
      targetType: CARRIER_TARGET,
      targetId: id,
      details: { ...facts, requestId: req.id, number: req.number },
    });
    return submitted(req);
  });
}

/** The leader in charge approved: the bearer now holds the carrier (still in its location until it leaves). */
export async function carryOutApproved(trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow): Promise<void> {
  const row = await carrierForEffect(trx, ctx, req);
  const p = payloadOf<CarryOutPayload>(req);
  const co = await findCarryOut(trx, row.id, p.carryOutId);
  if (!co || co.status !== 'requested') throw noLonger('This carry-out is no longer asked for', 'wrong_status');
  if (row.status !== 'in_store')
    throw noLonger(`The carrier is ${row.status} now: it can no longer be carried out`, 'wrong_status');
  // The bearer is judged again as the approval takes effect: designation or clearance may have gone meanwhile.
  await stillValid(() => assertBearer(ctx, trx, row, co.bearer_id));
  const now = ctx.now().toISOString();
  await trx
    .updateTable('carrier_carry_outs')
    .set({ status: 'approved', version: co.version + 1 })
    .where('id', '=', co.id)
    .execute();
  // The carrier's holders changed: pages opened before show stale abilities, so its version moves too.
  if (!(await updateCarrierVersioned(trx, row.id, row.version, { updated_at: now }))) throw staleVersion();
  await refreshCarrierAccess(trx, row.id);
  const details = { carryOutId: co.id, bearerId: co.bearer_id, returnOn: co.return_on, requestId: req.id };
  await addEvent(trx, {
    carrierId: row.id,
    at: now,
    actorId: rc.actor?.id ?? null,
    event: 'carry_out_approved',
    details,
  });
  await notifyAboutCarrier(trx, ctx, [co.bearer_id, co.requested_by], row.id, {
    notice: 'carryOutApproved',
    params: { number: row.number, dueOn: co.return_on },
    link: carrierLink(row.id),
  });
  await audit(trx, ctx, rc, {
    action: 'carrier.carry_out_approved',
    targetType: CARRIER_TARGET,
    targetId: row.id,
    details,
  });
}

/** Rejected, withdrawn or expired: the carry-out is refused and the carrier stays free. */
export async function carryOutEnded(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  req: RequestRow,
  status: Exclude<RequestStatus, 'pending' | 'approved'>,
): Promise<void> {
  const p = payloadOf<CarryOutPayload>(req);
  const r = await trx
    .updateTable('carrier_carry_outs')
    .set((eb) => ({ status: 'refused', version: eb('version', '+', 1) }))
    .where('id', '=', p.carryOutId)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return;
  await addEvent(trx, {
    carrierId: req.target_id,
    at: ctx.now().toISOString(),
    actorId: rc.actor?.id ?? null,
    event: 'carry_out_refused',
    details: { carryOutId: p.carryOutId, requestId: req.id, requestStatus: status },
  });
}

/** The approved carry-out leaves (recorded by the bearer, the custodian or the department's officer). */
export async function departCarryOut(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  carryOutId: string,
  version: number,
): Promise<CarrierDetail> {
  const { row, actor } = await authorizeCarrier(ctx, rc, id, 'carrier.record_carry_out', 'carrier.carry_out_depart');
  if (version !== row.version) throw staleVersion();
  const co = await findCarryOut(ctx.db, id, carryOutId);
  if (!co) throw noSuchMovement();
  const today = await todayOf(ctx);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, version);
    const current = await findCarryOut(trx, id, carryOutId);
    if (current?.status !== 'approved' || fresh.status !== 'in_store')
      throw conflict('wrong_status', 'Only an approved carry-out of a carrier in its location can leave');
    if (current.return_on < today)
      throw conflict('return_in_past', 'Its return date has passed: ask for the carry-out again');
    // The designation is checked on the action itself (CAR-03), whatever the approval said.
    await assertBearer(ctx, trx, fresh, current.bearer_id);
    if (!(await updateCarrierVersioned(trx, id, version, { status: 'carried_out', updated_at: now })))
      throw staleVersion();
    await trx
      .updateTable('carrier_carry_outs')
      .set({ status: 'out', departed_at: now, version: current.version + 1 })
      .where('id', '=', current.id)
      .execute();
    const details = {
      carryOutId: current.id,
      bearerId: current.bearer_id,
      destination: current.destination,
      returnOn: current.return_on,
      status: 'carried_out',
    };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'carried_out', details });
    await audit(trx, ctx, rc, {
      action: 'carrier.carry_out_depart',
      targetType: CARRIER_TARGET,
      targetId: id,
      details,
    });
  });
  return getCarrier(ctx, rc, id);
}

/**
 * The carrier comes back to its own department (交回原管理部门): received by its custodian or the department's
 * officer — not by the bearer alone —, counted against the register, back in its own location; a return after
 * the planned date is flagged as late.
 */
export async function returnCarryOut(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  carryOutId: string,
  input: z.infer<typeof carryOutReturnBody>,
): Promise<CarrierDetail> {
  const loaded = await authorizeCarrier(ctx, rc, id, 'carrier.record_carry_out', 'carrier.carry_out_return');
  const { row, actor, resource } = loaded;
  // The department receives it back: someone who could record it without being its bearer.
  await authorize(
    ctx,
    rc,
    'carrier.record_carry_out',
    { ...resource, bearerId: null },
    {
      actor,
      audit: {
        action: 'carrier.carry_out_return',
        targetType: CARRIER_TARGET,
        targetId: id,
        details: { as: 'receiver' },
      },
      message: 'Its custodian or the department’s officer receives the carrier back, not its bearer',
    },
  );
  if (input.version !== row.version) throw staleVersion();
  const co = await findCarryOut(ctx.db, id, carryOutId);
  if (!co) throw noSuchMovement();
  const registered = { pages: row.pages, quantity: row.quantity };
  const counted = { pages: input.pages, quantity: input.quantity };
  const problem = returnProblem(registered, counted, input.note);
  if (problem)
    throw invalid(
      problem === 'pages_mismatch' ? 'pages' : 'quantity',
      problem,
      'The count does not match the register: note what is missing or damaged',
    );
  const differs = returnDiffers(registered, counted);
  const note = input.note?.trim() || null;
  const today = await todayOf(ctx);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    const current = await findCarryOut(trx, id, carryOutId);
    if (current?.status !== 'out' || fresh.status !== 'carried_out')
      throw conflict('wrong_status', 'Only a carrier that is out on this carry-out can come back');
    const late = isOverdue(current.return_on, today);
    // Back where it belongs: its department and location never changed while it was out.
    if (!(await updateCarrierVersioned(trx, id, input.version, { status: 'in_store', updated_at: now })))
      throw staleVersion();
    await trx
      .updateTable('carrier_carry_outs')
      .set({
        status: 'returned',
        returned_at: now,
        received_by: actor.id,
        return_note: note,
        version: current.version + 1,
      })
      .where('id', '=', current.id)
      .execute();
    await resolveTaskNotices(trx, carryOutTask(current.id), now);
    // The bearer holds it no more.
    await refreshCarrierAccess(trx, id);
    const names = await namesOf(trx, [current.bearer_id]);
    const details = {
      carryOutId: current.id,
      bearerId: current.bearer_id,
      returnOn: current.return_on,
      late,
      differs,
      status: 'in_store',
      ...(note ? { note } : {}),
    };
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'carried_back',
      details: { ...details, bearerName: names.get(current.bearer_id) ?? '' },
    });
    await audit(trx, ctx, rc, {
      action: 'carrier.carry_out_return',
      targetType: CARRIER_TARGET,
      targetId: id,
      details,
    });
    if (differs)
      await notifyAboutCarrier(trx, ctx, await usersWithAdminRole(trx, ['secadmin']), id, {
        notice: 'returnDiscrepancy',
        params: { number: fresh.number },
        link: carrierLink(id),
        taskKey: discrepancyTask(id),
      });
  });
  return getCarrier(ctx, rc, id);
}
