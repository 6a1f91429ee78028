import type { z } from 'zod';
import type { CarrierStatus, HandlerDuty, LocationKind } from '../../../kernel/carriers.js';
import { levelsInUse, rankOf, type Level } from '../../../kernel/levels.js';
import { checkTerm, secrecyUntil, type SecrecyPeriod } from '../../../kernel/secrecy-period.js';
import type { ScopeEntry } from '../../../kernel/secret-item.js';
import { refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { nextCounter } from '../../../platform/db/counters.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { getClassificationPolicy, todayOf, withAccess } from '../../../platform/organisation.js';
import { assertAddedPeopleFit, assertCustodian, linkedItemFor, validateScope } from '../../classification/index.js';
import type { CarrierDetail, CarrierSummary, registerCarrierBody, updateCarrierBody } from '../contracts/carriers.js';
import { formatRegisterNumber, levelProblem, locationProblem, unitNumbers } from '../domain/register-rules.js';
import {
  addEvent,
  dutiesOf,
  NO_HOLDERS,
  searchTextOf,
  updateCarrierVersioned,
  writeCarrierAccess,
  writeCarrierTerms,
  writeScope,
  holdersOf,
  openMovements,
  type CarrierRow,
} from '../repositories/carrier-repo.js';
import { authorizeCarrier, CARRIER_TARGET } from './carrier-access.js';
import { carrierSettings } from './carrier-settings.js';
import { discrepancyTask } from './carrier-notices.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { getCarrier, summariesOf } from './carrier-read.js';

type RegisterInput = z.infer<typeof registerCarrierBody>;

const invalid = (field: string, problem: string, message: string) =>
  new AppError('validation_failed', message, { field, problem: problem as never });

/** The location a carrier goes to: registered, active, allowed to hold its level (CAR-09, CAR-11). */
export async function assertLocation(trx: Trx, locationId: string, level: Level, field = 'locationId'): Promise<void> {
  const loc = await trx
    .selectFrom('storage_locations')
    .select(['kind', 'active', 'max_level'])
    .where('id', '=', locationId)
    .executeTakeFirst();
  const problem = locationProblem(
    level,
    loc && { kind: loc.kind as LocationKind, active: loc.active === 1, maxLevel: loc.max_level as Level | null },
  );
  if (problem)
    throw invalid(
      field,
      problem,
      problem === 'location_level_cap'
        ? 'This location may not hold a carrier of this level: choose a safe graded for it'
        : 'Choose an active registered storage location',
    );
}

/**
 * Refuses, audited, unless the actor is a designated handler (指定人员) of the department for this duty (CAR-03).
 * The check is on the action itself: no approval stands in for it.
 */
export async function assertDuty(
  ctx: AppContext,
  rc: RequestContext,
  q: Trx | AppContext['db'],
  userId: string,
  departmentId: string,
  duty: HandlerDuty,
  event: { action: 'carrier.register' | 'carrier.request_carry_out'; targetId: string | null },
): Promise<void> {
  if ((await dutiesOf(q, userId, departmentId)).includes(duty)) return;
  await refuse(
    ctx,
    rc,
    { action: event.action, targetType: CARRIER_TARGET, targetId: event.targetId, details: { duty, departmentId } },
    new AppError('forbidden', `Only a designated handler (${duty}) of the department may do this`, {
      problem: 'not_designated',
    }),
  );
}

/**
 * Produces (制作, `produced`; a draft is classified from the start) or receives (收文, `received`, with its sign-for
 * record) a carrier. Its marking comes from the linked secret item or its own level and term; each numbered copy of
 * a 绝密/机密 carrier is its own unit. Only a designated handler of the department registers (produce or dispatch).
 */
export async function registerCarrier(
  ctx: AppContext,
  rc: RequestContext,
  input: RegisterInput,
): Promise<{ items: CarrierSummary[] }> {
  const actor = await withAccess(ctx, actorOf(rc));
  await assertDuty(
    ctx,
    rc,
    ctx.db,
    actor.id,
    input.departmentId,
    input.origin === 'produced' ? 'produce' : 'dispatch',
    {
      action: 'carrier.register',
      targetId: null,
    },
  );
  const policy = await getClassificationPolicy(ctx);
  const today = await todayOf(ctx);
  let level: Level;
  let period: SecrecyPeriod | null;
  let condition: string | null;
  let markedOn = input.markedOn ?? today;
  let until: string | null;
  if (input.itemId) {
    const item = await linkedItemFor(ctx, ctx.db, actor, input.itemId);
    if (!item) throw invalid('itemId', 'needs_item_access', 'No such secret item, or you may not know it');
    if (!item.inForce) throw invalid('itemId', 'item_not_in_force', 'The secret item is not in force');
    level = item.level;
    period = item.period;
    condition = item.declassifyCondition;
    markedOn = item.markedOn ?? markedOn;
    until = item.secrecyUntil;
  } else {
    level = input.level!;
    period = input.period;
    condition = input.declassifyCondition;
    const termProblem = checkTerm(level, { period, condition }, policy);
    if (termProblem) throw invalid('period', termProblem, 'The secrecy period does not fit the level');
    until = secrecyUntil(markedOn, period);
  }
  const lp = levelProblem(level, levelsInUse(policy));
  if (lp) throw invalid('level', lp, 'Only carriers of a classified level in use are registered');
  if ((actor.access?.clearanceRank ?? -1) < rankOf(level))
    throw invalid('level', 'person_not_cleared', 'You are not cleared for this level');
  const settings = await carrierSettings(ctx);
  const now = ctx.now().toISOString();
  const status: CarrierStatus = input.draft ? 'draft' : 'in_store';
  const ids: string[] = [];
  await tx(ctx, async (trx) => {
    await assertLocation(trx, input.locationId, level);
    await assertCustodian(ctx, trx, input.custodianId, level);
    await validateScope(trx, input.scope);
    // People named in the scope may know it: active and cleared for its level, as the catalogue requires.
    await assertAddedPeopleFit(trx, policy, level, input.scope);
    const numberSeq = await nextCounter(trx, 'carrier_number');
    const setNumber = formatRegisterNumber(settings.numberScheme, {
      year: Number(today.slice(0, 4)),
      level,
      kind: input.kind,
      seq: numberSeq,
    });
    const units = unitNumbers(setNumber, level, input.copies);
    for (const unit of units) {
      const id = newId();
      const row: CarrierRow = {
        id,
        seq: await nextCounter(trx, 'carrier_unit'),
        number: unit.number,
        set_number: setNumber,
        copy_no: unit.copyNo,
        copies: input.copies,
        title: input.title,
        kind: input.kind,
        level,
        access_rank: rankOf(level),
        period_value: period?.value ?? null,
        period_unit: period?.unit ?? null,
        declassify_condition: condition,
        marked_on: markedOn,
        secrecy_until: until,
        item_id: input.itemId,
        pages: input.pages,
        quantity: input.quantity ?? (unit.copyNo !== null ? 1 : input.copies),
        originator: input.originator,
        origin: input.origin,
        custodian_id: input.custodianId,
        department_id: input.departmentId,
        location_id: input.locationId,
        status,
        search_text: '',
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      row.search_text = searchTextOf(row);
      await trx.insertInto('carriers').values(row).execute();
      await writeScope(trx, id, input.scope);
      await writeCarrierAccess(trx, row, input.scope, NO_HOLDERS);
      await writeCarrierTerms(trx, row);
      if (input.received)
        await trx
          .insertInto('carrier_dispatches')
          .values({
            id: newId(),
            carrier_id: id,
            direction: 'incoming',
            channel: input.received.channel,
            counterpart: input.received.counterpart,
            recipient_id: actor.id,
            recipient_department_id: input.departmentId,
            handler_id: actor.id,
            at: now,
            copies: row.quantity,
            status: 'signed',
            signed_by_id: actor.id,
            signed_by_name: null,
            signed_at: now,
            note: input.received.note ?? null,
            version: 1,
          })
          .execute();
      const details = {
        number: row.number,
        level,
        origin: input.origin,
        status,
        custodianId: input.custodianId,
        locationId: input.locationId,
        ...(input.received ? { channel: input.received.channel, from: input.received.counterpart } : {}),
      };
      await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: input.origin, details });
      await audit(trx, ctx, rc, { action: 'carrier.register', targetType: CARRIER_TARGET, targetId: id, details });
      ids.push(id);
    }
  });
  const rows = await ctx.db.selectFrom('carriers').selectAll().where('id', 'in', ids).orderBy('seq').execute();
  return { items: await summariesOf(ctx.db, rows, () => true, today) };
}

/** Corrects a carrier's title, pages, originator and own scope (the custodian or the security office). */
export async function updateCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof updateCarrierBody>,
): Promise<CarrierDetail> {
  const { row, actor, scope: before } = await authorizeCarrier(ctx, rc, id, 'carrier.edit', 'carrier.update');
  if (input.version !== row.version) throw staleVersion();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'carriers', id);
    await validateScope(trx, input.scope);
    const named = new Set(before.filter((e) => e.kind === 'user').map((e) => e.ref));
    const added = input.scope.filter((e) => e.kind === 'user' && !named.has(e.ref));
    await assertAddedPeopleFit(trx, await getClassificationPolicy(ctx, trx), row.level as Level, added);
    const next = { ...row, title: input.title, pages: input.pages, originator: input.originator };
    const set = { title: input.title, pages: input.pages, originator: input.originator, updated_at: now };
    if (!(await updateCarrierVersioned(trx, id, input.version, { ...set, search_text: searchTextOf(next) })))
      throw staleVersion();
    await writeScope(trx, id, input.scope);
    await writeCarrierAccess(trx, next, input.scope, holdersOf(await openMovements(trx, id)));
    await writeCarrierTerms(trx, next);
    const details = { changed: changedOf(row, before, input) };
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'updated', details });
    // The register corrected after a return that did not match it: the office's 「归还清点不符」 is done.
    await resolveTaskNotices(trx, discrepancyTask(id), now);
    await audit(trx, ctx, rc, { action: 'carrier.update', targetType: CARRIER_TARGET, targetId: id, details });
  });
  return getCarrier(ctx, rc, id);
}

function changedOf(row: CarrierRow, scope: readonly ScopeEntry[], input: z.infer<typeof updateCarrierBody>): string[] {
  const out: string[] = [];
  if (row.title !== input.title) out.push('title');
  if (row.pages !== input.pages) out.push('pages');
  if (row.originator !== input.originator) out.push('originator');
  const key = (s: readonly ScopeEntry[]) => JSON.stringify([...s].map((e) => `${e.kind}:${e.ref}`).sort());
  if (key(scope) !== key(input.scope)) out.push('scope');
  return out;
}

/** A draft is finalised (定稿) and goes into its location as an ordinary carrier. */
export async function finaliseCarrier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
): Promise<CarrierDetail> {
  const { row, actor } = await authorizeCarrier(ctx, rc, id, 'carrier.finalise', 'carrier.finalise');
  if (version !== row.version) throw staleVersion();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    if (!(await updateCarrierVersioned(trx, id, version, { status: 'in_store', updated_at: now })))
      throw staleVersion();
    await addEvent(trx, { carrierId: id, at: now, actorId: actor.id, event: 'finalised', details: {} });
    await audit(trx, ctx, rc, { action: 'carrier.finalise', targetType: CARRIER_TARGET, targetId: id });
  });
  return getCarrier(ctx, rc, id);
}
