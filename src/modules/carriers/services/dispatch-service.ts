import type { z } from 'zod';
import type { Level } from '../../../kernel/levels.js';
import { refuse } from '../../../platform/authorize.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { notifyAboutCarrier } from './carrier-notices.js';
import type { CarrierDetail, dispatchBody, receiptBody, signForBody, transmitBody } from '../contracts/carriers.js';
import { channelProblem } from '../domain/register-rules.js';
import { addEvent, refreshCarrierAccess, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { CARRIER_TARGET } from './carrier-access.js';
import { getCarrier } from './carrier-read.js';
import { assertLocation } from './register-service.js';
import {
  assertCarrierFree,
  authorizeMovement,
  carrierLink,
  conflict,
  invalid,
  lockCarrier,
  assertMayKnow,
  movementPerson,
  namesOf,
  noSuchMovement,
} from './movement-support.js';

/**
 * Sending and receiving (收发, CAR-04) and internal transmission (传递), each with its sign-for record: who, when,
 * how many copies, from and to, by which channel — the dispatch row, shown in the carrier's detail. Only a
 * designated handler of the carrier's department dispatches or transmits (CAR-03, checked by the policy on the
 * action), and never by an unsecured channel (CAR-21: plain phone, fax, 明电, ordinary mail, e-mail).
 */

function assertChannel(level: string, channel: z.infer<typeof dispatchBody>['channel']): void {
  if (channelProblem(level as Level, channel))
    throw invalid('channel', 'unsecured_channel', 'A classified carrier never goes by an unsecured channel');
}

async function dispatchRow(trx: Trx | AppContext['db'], carrierId: string, id: string) {
  return trx
    .selectFrom('carrier_dispatches')
    .selectAll()
    .where('id', '=', id)
    .where('carrier_id', '=', carrierId)
    .executeTakeFirst();
}

/** Dispatches a carrier outside the unit (发文): it stays in the register, awaiting the receipt (回执). */
export async function dispatchCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof dispatchBody>,
): Promise<CarrierDetail> {
  const { row, actor } = await authorizeMovement(ctx, rc, id, input.version, 'carrier.dispatch', 'carrier.dispatch');
  assertChannel(row.level, input.channel);
  if (input.copies > row.quantity)
    throw invalid('copies', 'copies_exceed', `This unit holds ${row.quantity} copies or pieces`);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockCarrier(trx, ctx, id, input.version);
    await assertCarrierFree(trx, id);
    if (!(await updateCarrierVersioned(trx, id, input.version, { status: 'dispatched', updated_at: now })))
      throw staleVersion();
    const dispatchId = newId();
    await trx
      .insertInto('carrier_dispatches')
      .values({
        id: dispatchId,
        carrier_id: id,
        direction: 'outgoing',
        channel: input.channel,
        counterpart: input.counterpart,
        recipient_id: null,
        recipient_department_id: null,
        handler_id: actor.id,
        at: now,
        copies: input.copies,
        status: 'awaiting',
        signed_by_id: null,
        signed_by_name: null,
        signed_at: null,
        note: input.note ?? null,
        version: 1,
      })
      .execute();
    const details = { dispatchId, channel: input.channel, counterpart: input.counterpart, copies: input.copies };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'dispatched', details });
    await audit(trx, ctx, rc, { action: 'carrier.dispatch', targetType: CARRIER_TARGET, targetId: id, details });
  });
  return getCarrier(ctx, rc, id);
}

/** Records the receipt (回执) of an outgoing dispatch: who signed at the other end, and when. */
export async function recordReceipt(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  dispatchId: string,
  input: z.infer<typeof receiptBody>,
): Promise<CarrierDetail> {
  const { resource, actor } = await authorizeMovement(
    ctx,
    rc,
    id,
    input.version,
    'carrier.view',
    'carrier.record_receipt',
  );
  // The custodian or a designated dispatch handler of its department: the policy has no separate action for it.
  if (resource.custodianId !== actor.id && !resource.duties.includes('dispatch'))
    await refuse(
      ctx,
      rc,
      { action: 'carrier.record_receipt', targetType: CARRIER_TARGET, targetId: id, details: { duty: 'dispatch' } },
      new AppError('forbidden', 'Only the custodian or a designated dispatch handler records a receipt', {
        problem: 'not_designated',
      }),
    );
  const d = await dispatchRow(ctx.db, id, dispatchId);
  if (!d) throw noSuchMovement();
  if (d.direction !== 'outgoing') throw conflict('not_outgoing', 'Only a dispatch outside the unit has a receipt');
  if (d.status !== 'awaiting') throw conflict('already_signed', 'The receipt is recorded already');
  if (input.signedAt > (await todayOf(ctx)))
    throw invalid('signedAt', 'signed_on_invalid', 'The receipt cannot be signed in the future');
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockCarrier(trx, ctx, id, input.version);
    const r = await trx
      .updateTable('carrier_dispatches')
      .set({ status: 'signed', signed_by_name: input.signedByName, signed_at: input.signedAt, version: d.version + 1 })
      .where('id', '=', d.id)
      .where('status', '=', 'awaiting')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('already_signed', 'The receipt is recorded already');
    if (!(await updateCarrierVersioned(trx, id, input.version, { updated_at: now }))) throw staleVersion();
    const details = { dispatchId: d.id, signedByName: input.signedByName, signedAt: input.signedAt };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'receipt_recorded', details });
    await audit(trx, ctx, rc, { action: 'carrier.record_receipt', targetType: CARRIER_TARGET, targetId: id, details });
  });
  return getCarrier(ctx, rc, id);
}

/** The task of the recipient's 「待签收」 notice: signing for the transmission. */
const signForTask = (dispatchId: string) => `carriers.sign_for:${dispatchId}`;

/** Hands a carrier to a colleague inside the unit (传递): in transit until they sign for it. */
export async function transmitCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof transmitBody>,
): Promise<CarrierDetail> {
  const { row, actor } = await authorizeMovement(ctx, rc, id, input.version, 'carrier.transmit', 'carrier.transmit');
  assertChannel(row.level, input.channel);
  if (input.recipientId === row.custodian_id)
    throw invalid('recipientId', 'recipient_is_custodian', 'The recipient keeps the carrier already');
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertCarrierFree(trx, id);
    const { user, actor: recipient } = await movementPerson(ctx, trx, input.recipientId, fresh, 'recipientId');
    // A transmission never widens who knows a carrier, as a loan or a circulation does not: the recipient may
    // already know it (the catalogue's access request, or the leader's permission to show it outside the scope).
    await assertMayKnow(ctx, trx, fresh, recipient, 'recipient');
    if (!(await updateCarrierVersioned(trx, id, input.version, { status: 'in_transit', updated_at: now })))
      throw staleVersion();
    const dispatchId = newId();
    await trx
      .insertInto('carrier_dispatches')
      .values({
        id: dispatchId,
        carrier_id: id,
        direction: 'internal',
        channel: input.channel,
        counterpart: null,
        recipient_id: user.id,
        recipient_department_id: user.department_id,
        handler_id: actor.id,
        at: now,
        copies: fresh.quantity,
        status: 'awaiting',
        signed_by_id: null,
        signed_by_name: null,
        signed_at: null,
        note: input.note ?? null,
        version: 1,
      })
      .execute();
    // The recipient holds it until they sign for it: the access index names them.
    await refreshCarrierAccess(trx, id);
    const details = { dispatchId, channel: input.channel, recipientId: user.id };
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'transmitted',
      details: { ...details, recipientName: user.display_name },
    });
    await audit(trx, ctx, rc, { action: 'carrier.transmit', targetType: CARRIER_TARGET, targetId: id, details });
    await notifyAboutCarrier(trx, ctx, [user.id], id, {
      notice: 'awaitingSignFor',
      params: { number: fresh.number },
      link: carrierLink(id),
      taskKey: signForTask(dispatchId),
    });
  });
  return getCarrier(ctx, rc, id);
}

/**
 * The recipient signs for a transmitted carrier and puts it into a registered location: they keep it from now
 * on (custodian and department follow them), and the dispatch row is the sign-for record.
 */
export async function signFor(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  dispatchId: string,
  input: z.infer<typeof signForBody>,
): Promise<CarrierDetail> {
  const { movements, actor } = await authorizeMovement(
    ctx,
    rc,
    id,
    input.version,
    'carrier.sign_for',
    'carrier.sign_for',
  );
  const d = movements.dispatch;
  if (!d || d.id !== dispatchId || d.direction !== 'internal') throw noSuchMovement();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertLocation(trx, input.locationId, fresh.level as Level);
    const me = await trx.selectFrom('users').select('department_id').where('id', '=', actor.id).executeTakeFirst();
    const departmentId = me?.department_id ?? fresh.department_id;
    const set = {
      custodian_id: actor.id,
      department_id: departmentId,
      location_id: input.locationId,
      status: 'in_store',
      updated_at: now,
    };
    if (!(await updateCarrierVersioned(trx, id, input.version, set))) throw staleVersion();
    const r = await trx
      .updateTable('carrier_dispatches')
      .set({ status: 'signed', signed_by_id: actor.id, signed_at: now, version: d.version + 1 })
      .where('id', '=', d.id)
      .where('status', '=', 'awaiting')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('already_signed', 'Signed for already');
    await resolveTaskNotices(trx, signForTask(d.id), now);
    // The custodian, department and holders all changed.
    await refreshCarrierAccess(trx, id);
    const details = {
      dispatchId: d.id,
      from: fresh.custodian_id,
      to: actor.id,
      fromDepartmentId: fresh.department_id,
      toDepartmentId: departmentId,
      locationId: input.locationId,
      ...(input.note ? { note: input.note } : {}),
    };
    const names = await namesOf(trx, [fresh.custodian_id, actor.id]);
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'signed_for',
      details: { ...details, fromName: names.get(fresh.custodian_id) ?? null, toName: names.get(actor.id) ?? null },
    });
    await audit(trx, ctx, rc, { action: 'carrier.sign_for', targetType: CARRIER_TARGET, targetId: id, details });
  });
  return getCarrier(ctx, rc, id);
}
