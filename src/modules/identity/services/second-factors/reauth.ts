import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../../../platform/errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../../platform/context.js';
import type { AuditAction } from '../../../../platform/contracts/audit-actions.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import { verifyPassword } from '../../../../platform/crypto/password-hash.js';
import { findUserById } from '../../repositories/user-repo.js';
import { revokeAllSessions } from '../../repositories/session-repo.js';
import { getAccountPolicy } from '../settings-service.js';
import { beginSignInAttempt, recordAccountFailure } from '../sign-in-throttle.js';
import { SealedKeyError } from '../../../../platform/crypto/keys.js';
import { matchCode, unreadableSecret } from './codes.js';
import { holdingsOf } from './factors.js';
import { hasAnyFactor } from '../../../../kernel/mfa-requirement.js';
import { verifyAssertion } from './webauthn-core.js';

/** Why a re-entered identity was not confirmed (`confirmIdentity`). */
export type IdentityRefusal = 'wrong_password' | 'totp_required' | 'wrong_totp';

/** The second factor re-entered: a code (the app or a hardware token) or a security key's assertion. */
export interface SecondFactorProof {
  code?: string | null;
  assertion?: AuthenticationResponseJSON | null;
}

/**
 * Confirms that the signed-in person is at the keyboard: their password re-entered and, when they hold any second
 * factor, a fresh proof from one of them — a code from the authenticator app or a hardware token, or a security key's
 * assertion to a `confirm` challenge (an agreement's signature, PER-01; changes of one's own factors). `factor` may be
 * a bare code (callers that only take codes). A wrong secret counts like a failed sign-in (the throttle and the
 * account's lockout; reaching the lockout ends every session of the account) and `onRefused` records the refusal in
 * that same transaction (the caller's audit event). A missing factor changes nothing. Returns null when confirmed; a
 * used code or challenge cannot be used again.
 */
export async function confirmIdentity(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  password: string,
  factor: string | SecondFactorProof | null,
  onRefused: (trx: Trx, reason: IdentityRefusal) => Promise<void>,
  opts: { passwordOnly?: boolean } = {},
): Promise<IdentityRefusal | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('not_found', 'Not found or no access');
  const proof: SecondFactorProof = typeof factor === 'string' ? { code: factor } : (factor ?? {});
  const needsFactor = !opts.passwordOnly && hasAnyFactor(await holdingsOf(ctx.db, user));
  if (needsFactor && !proof.code && !proof.assertion) return 'totp_required';
  const { policy } = await getAccountPolicy(ctx);
  const attempt = await beginSignInAttempt(ctx, rc, policy, 'auth.confirm_identity', userId);
  const now = ctx.now();
  let refusal: IdentityRefusal | null = null;
  if (!(await verifyPassword(password, user.password_hash))) refusal = 'wrong_password';
  else if (needsFactor) {
    const match = proof.assertion
      ? await verifyAssertion(ctx, ctx.db, userId, 'confirm', proof.assertion)
      : await matchCode(ctx, ctx.db, user, proof.code ?? '').catch(async (e: unknown) => {
          throw e instanceof SealedKeyError
            ? await unreadableSecret(ctx, rc, { type: 'user', id: userId }, 'code', e)
            : e;
        });
    // Spent at once, conditionally: one code or assertion confirms once.
    if (!match || !(await match.use(ctx.db))) refusal = 'wrong_totp';
  }
  if (refusal === null) {
    await attempt.succeeded();
    return null;
  }
  const reason = refusal;
  const locked = await tx(ctx, async (trx) => {
    const next = await recordAccountFailure(trx, ctx, rc, userId, policy);
    if (next.lockedUntil) await revokeAllSessions(trx, userId, now.toISOString());
    await onRefused(trx, reason);
    return next.lockedUntil !== null;
  });
  if (locked) throw new AppError('account_locked', 'Too many wrong passwords: the account is locked and signed out');
  return reason;
}

const REFUSED = {
  wrong_password: ['reauth_wrong_password', 'The password is wrong'],
  totp_required: ['reauth_factor_required', 'Confirm with your second factor too: a code or your security key'],
  wrong_totp: ['reauth_factor_wrong', 'The code or security key was not accepted'],
} as const;

/**
 * Re-authentication before a change of one's own second factors (profile): `confirmIdentity`, with a refusal recorded
 * as a failure of `action` and answered 403 with the reason as problem code. `passwordOnly`: removing a factor asks
 * the password alone (a lost key or token must not lock its owner out of removing it).
 */
export async function reauthenticate(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  input: { password: string; code?: string | undefined; assertion?: AuthenticationResponseJSON | undefined },
  action: AuditAction,
  opts: { passwordOnly?: boolean } = {},
): Promise<void> {
  const refused = await confirmIdentity(
    ctx,
    rc,
    userId,
    input.password,
    { code: input.code ?? null, assertion: input.assertion ?? null },
    (trx, reason) =>
      audit(trx, ctx, rc, { action, targetType: 'user', targetId: userId, result: 'failure', details: { reason } }),
    opts,
  );
  if (refused) {
    const [problem, message] = REFUSED[refused];
    throw new AppError('forbidden', message, { problem });
  }
}
