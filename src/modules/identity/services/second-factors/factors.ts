import type { Db } from '../../../../platform/db/database.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import type { AppContext } from '../../../../platform/context.js';
import { stageAfterMfa, type SessionStage } from '../../../../kernel/account-policy.js';
import {
  hasAnyFactor,
  mfaRequirementOf,
  requirementMet,
  type FactorHoldings,
  type MfaRequirement,
} from '../../../../kernel/mfa-requirement.js';
import { signInHeld } from '../../../../platform/sign-in-gates.js';
import type { UserRow } from '../../repositories/user-repo.js';
import { getAccountPolicy } from '../settings-service.js';
import { getMfaClassRule } from './requirement-settings.js';

type Q = Db | Trx;

/** The second factors a person holds: the app (a confirmed secret), assigned hardware tokens, security keys. */
export async function holdingsOf(q: Q, user: Pick<UserRow, 'id' | 'mfa_secret'>): Promise<FactorHoldings> {
  const [tokens, keys] = await Promise.all([
    q
      .selectFrom('otp_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom('webauthn_credentials')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow(),
  ]);
  return { app: user.mfa_secret !== null, tokens: Number(tokens.n), securityKeys: Number(keys.n) };
}

/** Which factor this person must have: the account policy and the security administrator's per-class rule. */
export async function requirementOf(
  ctx: AppContext,
  user: Pick<UserRow, 'admin_role' | 'clearance_class'>,
  q?: Q,
): Promise<MfaRequirement> {
  // In the caller's transaction when given: a read through ctx.db there would wait forever for SQLite's one
  // connection, which the transaction holds (whenever the store's cache has run out).
  const { policy } = await getAccountPolicy(ctx, q);
  const { rule } = await getMfaClassRule(ctx, q);
  return mfaRequirementOf({ adminRole: user.admin_role, clearanceClass: user.clearance_class }, policy, rule);
}

/**
 * Keeps `users.mfa_enabled` true exactly while the person holds a factor: sign-in asks for a second factor by it, and
 * the directory shows it. Called in the transaction of every change of a person's factors.
 */
export async function syncMfaEnabled(trx: Trx, ctx: AppContext, userId: string): Promise<FactorHoldings> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'mfa_secret'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const held = await holdingsOf(trx, user);
  await trx
    .updateTable('users')
    .set({ mfa_enabled: hasAnyFactor(held) ? 1 : 0, updated_at: ctx.now().toISOString() })
    .where('id', '=', userId)
    .execute();
  return held;
}

/** Every factor of a person removed (the administrator's reset, `user.reset_mfa`). */
export async function removeAllFactors(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('webauthn_credentials').where('user_id', '=', userId).execute();
  await trx.deleteFrom('webauthn_challenges').where('user_id', '=', userId).execute();
  await trx
    .updateTable('otp_tokens')
    .set((eb) => ({ user_id: null, assigned_at: null, version: eb('version', '+', 1) }))
    .where('user_id', '=', userId)
    .execute();
  await trx
    .updateTable('users')
    .set({ mfa_enabled: 0, mfa_secret: null, mfa_pending_secret: null, mfa_enrolled_at: null })
    .where('id', '=', userId)
    .execute();
}

export function userFlags(u: UserRow) {
  return {
    mustChangePassword: u.must_change_password === 1,
    mfaEnabled: u.mfa_enabled === 1,
    adminRole: u.admin_role,
    clearanceClass: u.clearance_class,
    passwordChangedAt: u.password_changed_at,
  };
}

/**
 * Where a session would become fully usable, the platform's sign-in gates may hold the person on a page of their own
 * first (stage `agreements`: the agreements due, PER-01/02). Asked inside the transaction that moves the stage.
 */
export async function gated(trx: Trx, ctx: AppContext, userId: string, stage: SessionStage): Promise<SessionStage> {
  if (stage !== 'full') return stage;
  return (await signInHeld(ctx, trx, userId, ctx.now())) ? 'agreements' : 'full';
}

export async function moveStage(trx: Trx, sessionId: string, stage: SessionStage): Promise<void> {
  await trx.updateTable('sessions').set({ stage }).where('id', '=', sessionId).execute();
}

/**
 * The stage after a second factor was passed or enrolled (in the transaction that moves it): a password change
 * still due, then enrolment while the factors held do not meet the requirement, then the sign-in gates.
 */
export async function stageAfterSecondFactor(trx: Trx, ctx: AppContext, user: UserRow): Promise<SessionStage> {
  const fresh = await trx.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
  const held = await holdingsOf(trx, fresh);
  const req = await requirementOf(ctx, fresh, trx);
  const { policy } = await getAccountPolicy(ctx, trx);
  const stage = stageAfterMfa(
    { ...userFlags(fresh), mfaEnabled: hasAnyFactor(held) },
    policy,
    ctx.now(),
    !requirementMet(req, held),
  );
  return gated(trx, ctx, user.id, stage);
}
