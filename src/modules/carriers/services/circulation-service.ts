import type { z } from 'zod';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { circulationOverdueTask, notifyAboutCarrier } from './carrier-notices.js';
import type { CarrierDetail, circulateBody } from '../contracts/carriers.js';
import { addEvent, refreshCarrierAccess, updateCarrierVersioned } from '../repositories/carrier-repo.js';
import { CARRIER_TARGET } from './carrier-access.js';
import { getCarrier } from './carrier-read.js';
import {
  assertCarrierFree,
  authorizeMovement,
  carrierLink,
  conflict,
  detailAfter,
  invalid,
  lockCarrier,
  mayKnow,
  movementPerson,
  namesOf,
  noSuchMovement,
} from './movement-support.js';

/**
 * Circulation (传阅, CAR-05): the custodian passes the carrier to named readers, each of whom may already know
 * it; each signs off (签阅), and when the last has signed the carrier is back in store. Anyone outside the scope
 * needs a leader's permission first (the show-outside request). An open circulation past its due date is
 * overdue: the ledger's overdue filter and its rows read the open circulation's due date.
 */
export async function circulateCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof circulateBody>,
): Promise<CarrierDetail> {
  const { actor } = await authorizeMovement(ctx, rc, id, input.version, 'carrier.circulate', 'carrier.circulate');
  if (input.dueOn < (await todayOf(ctx))) throw invalid('dueOn', 'due_in_past', 'The due date is in the past');
  // Each reader once, in the order given (the order they read in).
  const readerIds = [...new Set(input.readerIds)];
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const fresh = await lockCarrier(trx, ctx, id, input.version);
    await assertCarrierFree(trx, id);
    const outside: string[] = [];
    for (const readerId of readerIds) {
      const { actor: reader } = await movementPerson(ctx, trx, readerId, fresh, 'readerIds');
      if (!(await mayKnow(ctx, trx, fresh, reader))) outside.push(readerId);
    }
    if (outside.length)
      throw conflict('reader_outside_scope', 'Some readers may not know this carrier: ask to show it to them first', {
        personIds: outside,
      });
    if (!(await updateCarrierVersioned(trx, id, input.version, { status: 'circulating', updated_at: now })))
      throw staleVersion();
    const circulationId = newId();
    await trx
      .insertInto('carrier_circulations')
      .values({
        id: circulationId,
        carrier_id: id,
        started_by: actor.id,
        started_at: now,
        due_on: input.dueOn,
        status: 'open',
        closed_at: null,
        version: 1,
      })
      .execute();
    await trx
      .insertInto('carrier_circulation_readers')
      .values(
        readerIds.map((readerId, position) => ({
          circulation_id: circulationId,
          reader_id: readerId,
          position,
          signed_at: null,
        })),
      )
      .execute();
    // The readers hold it until they sign off.
    await refreshCarrierAccess(trx, id);
    const details = { circulationId, readerIds, dueOn: input.dueOn };
    const names = await namesOf(trx, readerIds);
    await addEvent(trx, {
      carrierId: id,
      at: now,
      actorId: actor.id,
      event: 'circulated',
      details: { ...details, readerNames: readerIds.map((r) => names.get(r) ?? '') },
    });
    await audit(trx, ctx, rc, { action: 'carrier.circulate', targetType: CARRIER_TARGET, targetId: id, details });
    await notifyAboutCarrier(trx, ctx, readerIds, id, {
      notice: 'circulationStarted',
      params: { number: fresh.number, dueOn: input.dueOn },
      link: carrierLink(id),
      taskKey: circulationTask(circulationId),
    });
  });
  return getCarrier(ctx, rc, id);
}

/** The task of a reader's notice to read and sign off a circulation (and of their 「传阅逾期」). */
export const circulationTask = (circulationId: string) => `carriers.circulation:${circulationId}`;

/** A reader signs off (签阅); the last signature closes the circulation and puts the carrier back in store. */
export async function signCirculation(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  circulationId: string,
  version: number,
): Promise<CarrierDetail | null> {
  const { movements, actor } = await authorizeMovement(
    ctx,
    rc,
    id,
    version,
    'carrier.sign_circulation',
    'carrier.sign_circulation',
  );
  if (movements.circulation?.id !== circulationId) throw noSuchMovement();
  const circulation = movements.circulation;
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockCarrier(trx, ctx, id, version);
    const signed = await trx
      .updateTable('carrier_circulation_readers')
      .set({ signed_at: now })
      .where('circulation_id', '=', circulationId)
      .where('reader_id', '=', actor.id)
      .where('signed_at', 'is', null)
      .executeTakeFirst();
    if (Number(signed.numUpdatedRows) !== 1) throw conflict('already_signed', 'You have signed off already');
    const unsigned = await trx
      .selectFrom('carrier_circulation_readers')
      .select('reader_id')
      .where('circulation_id', '=', circulationId)
      .where('signed_at', 'is', null)
      .execute();
    const closed = unsigned.length === 0;
    // The reader's 「请传阅」 is done; the others' stay until they sign off.
    await resolveTaskNotices(
      trx,
      circulationTask(circulationId),
      now,
      unsigned.map((u) => u.reader_id),
    );
    // The last signature also settles the custodian's 「传阅逾期」.
    if (closed) await resolveTaskNotices(trx, circulationOverdueTask(circulationId), now);
    if (closed)
      await trx
        .updateTable('carrier_circulations')
        .set({ status: 'closed', closed_at: now, version: circulation.version + 1 })
        .where('id', '=', circulationId)
        .execute();
    const set = closed ? { status: 'in_store', updated_at: now } : { updated_at: now };
    if (!(await updateCarrierVersioned(trx, id, version, set))) throw staleVersion();
    // A reader who signed off holds it no more.
    await refreshCarrierAccess(trx, id);
    const details = { circulationId, closed };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'circulation_signed', details });
    await audit(trx, ctx, rc, {
      action: 'carrier.sign_circulation',
      targetType: CARRIER_TARGET,
      targetId: id,
      details,
    });
  });
  // A reader who knew it only as its reader (the scope changed meanwhile) sees it no more once signed off.
  return detailAfter(ctx, rc, id);
}
