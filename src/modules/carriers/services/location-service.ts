import type { z } from 'zod';
import type { LocationKind } from '../../../kernel/carriers.js';
import { RANK, rankOf, type Level } from '../../../kernel/levels.js';
import { authorize } from '../../../platform/authorize.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import type { createLocationBody, StorageLocation, updateLocationBody } from '../contracts/carriers.js';

/**
 * Storage locations (CAR-09, CAR-10): the registered rooms, safes and secure cabinets carriers live in, each with its
 * physical and electronic protection, the highest level it may hold, and its key holders. The security office
 * registers them; everyone who works with the register may see them (to choose one).
 */
const LOCATION_TARGET = 'storage_location';

async function assertKeyHolders(trx: Trx, ids: readonly string[]): Promise<void> {
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'status'])
    .where('id', 'in', [...ids])
    .execute();
  if (rows.length !== new Set(ids).size || rows.some((r) => r.status !== 'active'))
    throw new AppError('validation_failed', 'Key holders must be active people', {
      field: 'keyHolderIds',
      problem: 'key_holder_inactive',
    });
}

export async function listLocations(ctx: AppContext, rc: RequestContext): Promise<{ items: StorageLocation[] }> {
  await authorize(
    ctx,
    rc,
    'carrier.view_locations',
    { kind: 'none' },
    {
      audit: { action: 'location.view', targetType: LOCATION_TARGET, targetId: null },
    },
  );
  const rows = await ctx.db
    .selectFrom('storage_locations as l')
    .leftJoin('departments as d', 'd.id', 'l.department_id')
    .selectAll('l')
    .select('d.name as department_name')
    .orderBy('l.code')
    .execute();
  const counts = new Map(
    (
      await ctx.db
        .selectFrom('carriers')
        .select(['location_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('status', '!=', 'dispatched')
        .groupBy('location_id')
        .execute()
    ).map((r) => [r.location_id, Number(r.n)]),
  );
  const holderIds = [...new Set(rows.flatMap((r) => JSON.parse(r.key_holder_ids) as string[]))];
  const names = new Map(
    holderIds.length
      ? (await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', holderIds).execute()).map(
          (u) => [u.id, u.display_name],
        )
      : [],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind as LocationKind,
      room: r.room,
      departmentId: r.department_id,
      departmentName: r.department_name,
      maxLevel: r.max_level as Level | null,
      physicalProtection: r.physical_protection,
      electronicProtection: r.electronic_protection,
      keyHolders: (JSON.parse(r.key_holder_ids) as string[]).map((id) => ({ id, displayName: names.get(id) ?? '' })),
      active: r.active === 1,
      carriers: counts.get(r.id) ?? 0,
      version: r.version,
    })),
  };
}

export async function createLocation(
  ctx: AppContext,
  rc: RequestContext,
  input: z.infer<typeof createLocationBody>,
): Promise<StorageLocation> {
  await authorize(
    ctx,
    rc,
    'carrier.manage_locations',
    { kind: 'none' },
    {
      audit: { action: 'location.create', targetType: LOCATION_TARGET, targetId: null },
    },
  );
  const id = newId();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await assertKeyHolders(trx, input.keyHolderIds);
    await trx
      .insertInto('storage_locations')
      .values({
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        room: input.room,
        department_id: input.departmentId,
        max_level: input.maxLevel,
        physical_protection: input.physicalProtection,
        electronic_protection: input.electronicProtection,
        key_holder_ids: JSON.stringify([...new Set(input.keyHolderIds)]),
        active: 1,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await audit(trx, ctx, rc, {
      action: 'location.create',
      targetType: LOCATION_TARGET,
      targetId: id,
      details: { code: input.code, kind: input.kind, maxLevel: input.maxLevel },
    });
  });
  return (await listLocations(ctx, rc)).items.find((l) => l.id === id)!;
}

/** Changes a location. Lowering its cap below a carrier it holds, or closing it while it holds any, is refused. */
export async function updateLocation(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof updateLocationBody>,
): Promise<StorageLocation> {
  await authorize(
    ctx,
    rc,
    'carrier.manage_locations',
    { kind: 'none' },
    {
      audit: { action: 'location.update', targetType: LOCATION_TARGET, targetId: id },
    },
  );
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await assertKeyHolders(trx, input.keyHolderIds);
    const maxRank = input.maxLevel ? rankOf(input.maxLevel) : RANK.top_secret;
    const held = await trx
      .selectFrom('carriers')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('location_id', '=', id)
      .where('status', 'not in', ['dispatched'])
      .where((eb) => (input.active ? eb('access_rank', '>', maxRank) : eb.lit(true)))
      .executeTakeFirst();
    if (Number(held?.n ?? 0) > 0)
      throw new AppError('conflict', 'Carriers in this location would no longer fit: move them first', {
        problem: 'location_in_use',
      });
    const r = await trx
      .updateTable('storage_locations')
      .set({
        code: input.code,
        name: input.name,
        kind: input.kind,
        room: input.room,
        department_id: input.departmentId,
        max_level: input.maxLevel,
        physical_protection: input.physicalProtection,
        electronic_protection: input.electronicProtection,
        key_holder_ids: JSON.stringify([...new Set(input.keyHolderIds)]),
        active: input.active ? 1 : 0,
        updated_at: now,
        version: input.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('storage_locations').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'No such storage location');
      throw staleVersion();
    }
    await audit(trx, ctx, rc, {
      action: 'location.update',
      targetType: LOCATION_TARGET,
      targetId: id,
      details: { code: input.code, active: input.active, maxLevel: input.maxLevel },
    });
  });
  return (await listLocations(ctx, rc)).items.find((l) => l.id === id)!;
}
