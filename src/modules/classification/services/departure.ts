import type { Level } from '../../../kernel/levels.js';
import type { DepartureContract, Holding } from '../../../platform/departure.js';
import { AppError } from '../../../platform/errors.js';
import { audit, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { Db } from '../../../platform/db/database.js';
import { transferCustody } from './item-custody.js';

/**
 * What a departing person holds of the catalogue: the items in their custody (handed over by the
 * confidentiality office to a cleared colleague, as a custody transfer) and their access grants (personal:
 * revoked when they leave). Neither blocks the departure: a person may leave suddenly, and the security
 * administrator is told (identity's notice links to the items they keep); an item whose custodian departed
 * stays in force and is handed over afterwards.
 */
async function holdingsOf(ctx: AppContext, q: Db | Trx, userId: string): Promise<Holding[]> {
  const now = ctx.now().toISOString();
  const [items, grants] = await Promise.all([
    q
      .selectFrom('secret_items')
      .select(['id', 'number', 'level'])
      .where('custodian_id', '=', userId)
      .where('status', 'in', ['proposed', 'in_force'])
      .orderBy('number')
      .execute(),
    q
      .selectFrom('access_grants as g')
      .innerJoin('secret_items as i', 'i.id', 'g.item_id')
      .select(['g.id', 'i.number', 'i.level'])
      .where('g.grantee_id', '=', userId)
      .where('g.revoked_at', 'is', null)
      .where('g.expires_at', '>', now)
      .orderBy('i.number')
      .execute(),
  ]);
  return [
    ...items.map((i) => ({ id: i.id, kind: 'custody', reference: i.number, level: i.level as Level, blocking: false })),
    // A grant is personal: it is revoked at departure, never handed to someone else.
    ...grants.map((g) => ({
      id: g.id,
      kind: 'grant',
      reference: g.number,
      level: g.level as Level,
      blocking: false,
      transferable: false,
    })),
  ];
}

/** Each item is a custody transfer of its own (authorised, audited and told as one). */
async function handOver(
  ctx: AppContext,
  rc: RequestContext,
  fromId: string,
  toId: string,
  holdingIds: readonly string[],
): Promise<void> {
  const held = new Map((await holdingsOf(ctx, ctx.db, fromId)).map((h) => [h.id, h]));
  for (const id of holdingIds) {
    const h = held.get(id);
    if (!h || h.kind !== 'custody')
      throw new AppError('validation_failed', `${id} is not an item in this person's custody`, {
        field: 'holdingIds',
      });
  }
  for (const id of holdingIds) {
    const row = await ctx.db
      .selectFrom('secret_items')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await transferCustody(ctx, rc, id, {
      version: row.version,
      custodianId: toId,
      reason: '离岗移交 / handed over on departure',
    });
  }
}

/** A departed person's grants end with their departure. */
async function onDeparted(trx: Trx, ctx: AppContext, rc: RequestContext, userId: string): Promise<void> {
  const now = ctx.now().toISOString();
  const active = await trx
    .selectFrom('access_grants')
    .select(['id', 'item_id', 'version'])
    .where('grantee_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
  for (const g of active) {
    await trx
      .updateTable('access_grants')
      .set({ revoked_at: now, revoked_by: rc.actor?.id ?? null, version: g.version + 1 })
      .where('id', '=', g.id)
      .execute();
    await audit(trx, ctx, rc, {
      action: 'grant.revoke',
      targetType: 'access_grant',
      targetId: g.id,
      details: { itemId: g.item_id, granteeId: userId, reason: 'departed' },
    });
  }
}

export const classificationDeparture: DepartureContract = { holdingsOf, handOver, onDeparted };
