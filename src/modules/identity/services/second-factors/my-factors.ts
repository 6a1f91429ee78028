import { mayRemoveFactor } from '../../../../kernel/mfa-requirement.js';
import { AppError, notFound } from '../../../../platform/errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../../platform/context.js';
import type { ResolvedSession } from '../auth-service.js';
import type { FactorDto } from '../../contracts/second-factors.js';
import { keyDto } from './enrolment.js';
import { holdingsOf, requirementOf, syncMfaEnabled } from './factors.js';
import { reauthenticate } from './reauth.js';

/** The person's own second factors (profile), what they must have, and whether a new app waits for its first code. */
export async function myFactors(ctx: AppContext, s: ResolvedSession) {
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', s.user.id).executeTakeFirstOrThrow();
  const [keys, tokens] = await Promise.all([
    ctx.db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('created_at')
      .execute(),
    ctx.db
      .selectFrom('otp_tokens')
      .select(['id', 'serial', 'assigned_at', 'last_used_at'])
      .where('user_id', '=', user.id)
      .orderBy('serial')
      .execute(),
  ]);
  const items: FactorDto[] = [
    ...(user.mfa_secret
      ? [{ kind: 'app' as const, id: 'app', label: null, createdAt: user.mfa_enrolled_at, lastUsedAt: null }]
      : []),
    ...keys.map(keyDto),
    ...tokens.map((t) => ({
      kind: 'token' as const,
      id: t.id,
      label: t.serial,
      createdAt: t.assigned_at,
      lastUsedAt: t.last_used_at,
    })),
  ];
  return { items, requirement: await requirementOf(ctx, user), pendingApp: user.mfa_pending_secret !== null };
}

export async function renameKey(ctx: AppContext, rc: RequestContext, s: ResolvedSession, id: string, name: string) {
  await tx(ctx, async (trx) => {
    const r = await trx
      .updateTable('webauthn_credentials')
      .set({ name })
      .where('id', '=', id)
      .where('user_id', '=', s.user.id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound();
    await audit(trx, ctx, rc, {
      action: 'auth.webauthn_rename',
      targetType: 'webauthn_credential',
      targetId: id,
      details: { name },
    });
  });
}

/**
 * Removes one of the person's own factors after their password: never the last one that meets what is required of
 * them (the per-class rule, the account policy). A hardware token is handed back (unassigned), not deleted.
 */
export async function removeMyFactor(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  input: { kind: 'app' | 'security_key' | 'token'; id: string; password: string },
): Promise<void> {
  await reauthenticate(ctx, rc, s.user.id, { password: input.password }, 'auth.mfa_factor_remove', {
    passwordOnly: true,
  });
  const req = await requirementOf(ctx, s.user);
  await tx(ctx, async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'mfa_secret'])
      .where('id', '=', s.user.id)
      .executeTakeFirstOrThrow();
    const held = await holdingsOf(trx, user);
    let removed = 0;
    if (input.kind === 'app') {
      if (input.id === 'app' && user.mfa_secret) removed = 1;
    } else if (input.kind === 'security_key') {
      removed = (
        await trx
          .selectFrom('webauthn_credentials')
          .select('id')
          .where('id', '=', input.id)
          .where('user_id', '=', user.id)
          .execute()
      ).length;
    } else {
      removed = (
        await trx
          .selectFrom('otp_tokens')
          .select('id')
          .where('id', '=', input.id)
          .where('user_id', '=', user.id)
          .execute()
      ).length;
    }
    if (removed !== 1) throw notFound();
    if (!mayRemoveFactor(req, held, input.kind))
      throw new AppError('conflict', 'A second factor is required for you: add another one before removing this one', {
        problem: 'last_factor_required',
      });
    if (input.kind === 'app')
      await trx
        .updateTable('users')
        .set({ mfa_secret: null, mfa_enrolled_at: null })
        .where('id', '=', user.id)
        .execute();
    else if (input.kind === 'security_key')
      await trx.deleteFrom('webauthn_credentials').where('id', '=', input.id).execute();
    else
      await trx
        .updateTable('otp_tokens')
        .set((eb) => ({ user_id: null, assigned_at: null, version: eb('version', '+', 1) }))
        .where('id', '=', input.id)
        .execute();
    await syncMfaEnabled(trx, ctx, user.id);
    await audit(trx, ctx, rc, {
      action: 'auth.mfa_factor_remove',
      targetType: input.kind === 'app' ? 'user' : input.kind === 'token' ? 'otp_token' : 'webauthn_credential',
      targetId: input.kind === 'app' ? user.id : input.id,
      details: { kind: input.kind },
    });
  });
}
