import { sql } from 'kysely';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { UserRow } from '../repositories/user-repo.js';

/**
 * Renames oneself: every person, the three administrators included, chooses the name the directory, the trail and
 * the notices show for them (the administrators start as 系统管理员/安全保密管理员/安全审计员). Nobody renames
 * anyone else here — the system administrator changes ordinary accounts on the users page and never the other
 * administrators. The version moves on, so an administrator's edit made on the old name is refused as stale.
 */
export async function renameMe(
  ctx: AppContext,
  rc: RequestContext,
  displayName: string,
): Promise<{ displayName: string }> {
  const me = actorOf(rc);
  await tx(ctx, async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    if (before.display_name === displayName) return;
    await trx
      .updateTable('users')
      .set({ display_name: displayName, updated_at: ctx.now().toISOString(), version: sql<number>`version + 1` })
      .where('id', '=', me.id)
      .execute();
    await audit(trx, ctx, rc, {
      action: 'user.profile_update',
      targetType: 'user',
      targetId: me.id,
      details: { fields: ['displayName'], from: before.display_name, to: displayName },
    });
  });
  return { displayName };
}

export async function updateMyProfile(
  ctx: AppContext,
  rc: RequestContext,
  input: { email?: string | null | undefined; locale?: string | undefined },
): Promise<void> {
  const me = actorOf(rc);
  const set: Partial<UserRow> = { updated_at: ctx.now().toISOString() };
  if (input.email !== undefined) set.email = input.email;
  if (input.locale !== undefined) set.locale = input.locale;
  await tx(ctx, async (trx) => {
    await trx.updateTable('users').set(set).where('id', '=', me.id).execute();
    await audit(trx, ctx, rc, {
      action: 'user.profile_update',
      targetType: 'user',
      targetId: me.id,
      details: { fields: Object.keys(input) },
    });
  });
}
