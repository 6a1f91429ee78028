import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { SessionStage } from '../../../../kernel/account-policy.js';
import { codeAcceptedAtSignIn } from '../../../../kernel/mfa-requirement.js';
import { AppError } from '../../../../platform/errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../../platform/context.js';
import { SealedKeyError } from '../../../../platform/crypto/keys.js';
import type { ResolvedSession } from '../auth-service.js';
import { getAccountPolicy } from '../settings-service.js';
import { beginSignInAttempt, recordAccountFailure } from '../sign-in-throttle.js';
import { matchCode, unreadableSecret, type CodeMatch } from './codes.js';
import { holdingsOf, moveStage, requirementOf, stageAfterSecondFactor } from './factors.js';
import { authenticationOptions, relyingParty, verifyAssertion, type KeyMatch } from './webauthn-core.js';

const WRONG = () => new AppError('mfa_invalid', 'The code is wrong, expired or was already used');

/** What the second step of this sign-in may offer: a code field, a security key, which kinds may be enrolled. */
export async function mfaMethods(ctx: AppContext, s: ResolvedSession) {
  const held = await holdingsOf(ctx.db, s.user);
  return {
    app: held.app,
    token: held.tokens > 0,
    securityKey: held.securityKeys > 0,
    requirement: await requirementOf(ctx, s.user),
  };
}

/**
 * The second step of a sign-in, passed with a code (app or hardware token) or a security key's assertion. A wrong one
 * counts as a failed sign-in for the lockout (reaching it ends this half-open session too); a code or assertion works
 * once, even when two requests race.
 */
async function passSecondStep(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  check: () => Promise<CodeMatch | KeyMatch | null>,
  factor: 'code' | 'security_key',
): Promise<SessionStage> {
  if (s.stage !== 'mfa') throw new AppError('conflict', 'No second factor is expected now');
  const { policy } = await getAccountPolicy(ctx);
  const attempt = await beginSignInAttempt(ctx, rc, policy, 'auth.mfa_verify', s.user.id);
  let match: CodeMatch | KeyMatch | null;
  try {
    match = await check();
  } catch (e) {
    throw e instanceof SealedKeyError
      ? await unreadableSecret(ctx, rc, { type: 'session', id: s.sessionId }, factor, e)
      : e;
  }
  if (match === null) {
    const now = ctx.now();
    await tx(ctx, async (trx) => {
      const next = await recordAccountFailure(trx, ctx, rc, s.user.id, policy);
      if (next.lockedUntil)
        await trx
          .updateTable('sessions')
          .set({ revoked_at: now.toISOString() })
          .where('id', '=', s.sessionId)
          .execute();
      await audit(trx, ctx, rc, {
        action: 'auth.mfa_verify',
        targetType: 'session',
        targetId: s.sessionId,
        result: 'failure',
        details: { factor },
      });
    });
    throw WRONG();
  }
  await attempt.succeeded();
  return tx(ctx, async (trx) => {
    if (!(await match.use(trx))) throw WRONG();
    await trx.updateTable('users').set({ failed_logins: 0 }).where('id', '=', s.user.id).execute();
    const stage = await stageAfterSecondFactor(trx, ctx, s.user);
    await moveStage(trx, s.sessionId, stage);
    const used = 'factor' in match ? match.factor : 'security_key';
    await audit(trx, ctx, rc, {
      action: 'auth.mfa_verify',
      targetType: 'session',
      targetId: s.sessionId,
      details: { stage, factor: used },
    });
    return stage;
  });
}

/** Sign-in with a code from the authenticator app or a hardware token. */
export async function verifyMfa(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  code: string,
): Promise<SessionStage> {
  if (s.stage === 'mfa') {
    const held = await holdingsOf(ctx.db, s.user);
    const req = await requirementOf(ctx, s.user);
    if (!codeAcceptedAtSignIn(req, held))
      throw new AppError('forbidden', 'Your clearance class signs in with a security key', {
        problem: 'security_key_required',
      });
  }
  return passSecondStep(ctx, rc, s, () => matchCode(ctx, ctx.db, s.user, code), 'code');
}

export async function keySignInOptions(ctx: AppContext, s: ResolvedSession, requestOrigin: string) {
  if (s.stage !== 'mfa') throw new AppError('conflict', 'No second factor is expected now');
  return authenticationOptions(
    ctx,
    ctx.db,
    { sessionId: s.sessionId, userId: s.user.id, purpose: 'sign_in' },
    relyingParty(ctx, requestOrigin),
  );
}

/** Sign-in with a security key: the assertion answers this person's open sign-in challenge. */
export async function verifyKeySignIn(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  response: AuthenticationResponseJSON,
): Promise<SessionStage> {
  return passSecondStep(
    ctx,
    rc,
    s,
    () => verifyAssertion(ctx, ctx.db, s.user.id, 'sign_in', response, s.sessionId),
    'security_key',
  );
}

/** Request options for re-authenticating with a security key (a `Proof.assertion`). */
export async function keyConfirmOptions(ctx: AppContext, s: ResolvedSession, requestOrigin: string) {
  return authenticationOptions(
    ctx,
    ctx.db,
    { sessionId: s.sessionId, userId: s.user.id, purpose: 'confirm' },
    relyingParty(ctx, requestOrigin),
  );
}
