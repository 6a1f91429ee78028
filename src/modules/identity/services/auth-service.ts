import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { requireSession } from '../../../platform/http/auth-hooks.js';
import {
  checkPasswordStrength,
  isLocked,
  sessionState,
  stageAfterPassword,
  type AccountPolicy,
  type SessionStage,
} from '../../../kernel/account-policy.js';
import { requirementMet } from '../../../kernel/mfa-requirement.js';
import { actorRoleLabel, type Actor } from '../../../kernel/actor.js';
import { AppError } from '../../../platform/errors.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { hashPassword, verifyPassword } from '../../../platform/crypto/password-hash.js';
import { sha256Hex } from '../../../platform/crypto/keys.js';
import { findUserByUsername, toActor, type UserRow } from '../repositories/user-repo.js';
import { findSessionByTokenHash, revokeAllSessions, touchSession } from '../repositories/session-repo.js';
import { getAccountPolicy } from './settings-service.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { passwordTaskKey } from './notice-tasks.js';
import { beginSignInAttempt, recordAccountFailure } from './sign-in-throttle.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { signInHeld } from '../../../platform/sign-in-gates.js';
import { gated, holdingsOf, requirementOf, stageAfterSecondFactor, userFlags } from './second-factors/factors.js';

// The second factors live in ./second-factors/*; these are identity's exports of them.
export { confirmIdentity, type IdentityRefusal, type SecondFactorProof } from './second-factors/reauth.js';
export { verifyMfa } from './second-factors/sign-in.js';
export { startMfaEnrolment, confirmApp as confirmMfaEnrolment } from './second-factors/enrolment.js';

/** One generic answer for unknown user, wrong password, locked or disabled: no account enumeration. */
const SIGN_IN_FAILED = () =>
  new AppError(
    'invalid_credentials',
    'Sign-in failed: wrong username or password, or the account is locked or disabled. Try again later or ask your administrator.',
  );

let dummyHash: Promise<string> | null = null;
function dummy(cost: number): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'), cost);
  return dummyHash;
}

export interface NewSession {
  token: string;
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
  expiresAt: string;
}

async function createSession(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  stage: SessionStage,
  policy: AccountPolicy,
  userAgent: string | null,
): Promise<NewSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + policy.sessionLifetimeHours * 3_600_000).toISOString();
  const id = newId();
  await trx
    .insertInto('sessions')
    .values({
      id,
      token_hash: sha256Hex(token),
      user_id: userId,
      stage,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ip: rc.ip,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
      revoked_at: null,
    })
    .execute();
  return { token, sessionId: id, stage, csrfToken, expiresAt };
}

export async function login(
  ctx: AppContext,
  rc: RequestContext,
  input: { username: string; password: string; userAgent: string | null },
): Promise<NewSession> {
  const { policy } = await getAccountPolicy(ctx);
  const now = ctx.now();
  const user = await findUserByUsername(ctx.db, input.username);
  const attempt = await beginSignInAttempt(ctx, rc, policy, 'auth.login', user?.id ?? null);
  // Always run the KDF, so an unknown username costs the same time as a wrong password.
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummy(ctx.config.kdfCost)));
  const attempted = {
    id: user?.id ?? null,
    name: user?.username ?? input.username.slice(0, 64),
    role: user ? actorRoleLabel(toActor(user)) : null,
  };

  if (!user || user.status !== 'active' || isLocked({ lockedUntil: user.locked_until }, now) || !passwordOk) {
    const reason = !user
      ? 'unknown_user'
      : user.status !== 'active'
        ? `account_${user.status}`
        : isLocked({ lockedUntil: user.locked_until }, now)
          ? 'locked'
          : 'wrong_password';
    await tx(ctx, async (trx) => {
      if (user && reason === 'wrong_password') await recordAccountFailure(trx, ctx, rc, user.id, policy, attempted);
      await audit(trx, ctx, rc, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user?.id ?? null,
        result: 'failure',
        actorOverride: attempted,
        details: { reason },
      });
    });
    throw SIGN_IN_FAILED();
  }

  await attempt.succeeded();
  return tx(ctx, async (trx) => {
    const held = await holdingsOf(trx, user);
    const missing = !requirementMet(await requirementOf(ctx, user, trx), held);
    const stage = await gated(trx, ctx, user.id, stageAfterPassword(userFlags(user), policy, now, missing));
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const s = await createSession(trx, ctx, rc, user.id, stage, policy, input.userAgent);
    await audit(
      trx,
      ctx,
      { ...rc, actor: toActor(user) },
      { action: 'auth.login', targetType: 'session', targetId: s.sessionId, details: { stage } },
    );
    return s;
  });
}

export interface ResolvedSession {
  actor: Actor;
  user: UserRow;
  /** The user's department name, read with the session (so `/api/auth/me` needs no query of its own). */
  departmentName: string | null;
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
  expiresAt: string;
}

/** The signed-in session of a request, as identity's resolver made it (with the user row). */
export function sessionOf(req: FastifyRequest): ResolvedSession {
  return requireSession<ResolvedSession>(req);
}

/** The session of a request that may be signed in (public routes). */
export function optionalSessionOf(req: FastifyRequest): ResolvedSession | null {
  return req.session as ResolvedSession | null;
}

/**
 * Looks up the session behind a cookie token. Idle and expired sessions are revoked on first sight (and
 * audited) so they answer `session_expired` once and `unauthenticated` after. `touch` is false for
 * background polls (the unread badge), which must not keep an unattended session alive.
 */
export async function resolveSession(
  ctx: AppContext,
  rc: RequestContext,
  token: string,
  touch: boolean,
): Promise<ResolvedSession> {
  const found = await findSessionByTokenHash(ctx.db, sha256Hex(token));
  if (!found || found.session.revokedAt) throw new AppError('unauthenticated', 'Please sign in');
  const { session, user, departmentName } = found;
  const { policy } = await getAccountPolicy(ctx);
  const now = ctx.now();
  const state = sessionState(
    { lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt, revokedAt: session.revokedAt },
    policy,
    now,
  );
  if (state !== 'valid' || user.status !== 'active') {
    const actor = toActor(user);
    await tx(ctx, async (trx) => {
      await trx.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', session.id).execute();
      await audit(
        trx,
        ctx,
        { ...rc, actor },
        {
          action: 'auth.session_end',
          targetType: 'session',
          targetId: session.id,
          details: { reason: user.status !== 'active' ? `account_${user.status}` : state },
        },
      );
    });
    throw new AppError(
      'session_expired',
      state === 'idle'
        ? 'Your session was locked after inactivity; please sign in again'
        : 'Your session has ended; please sign in again',
    );
  }
  // Write last_seen at most every 10 s: the idle timeout is minutes, and a write per request would
  // serialise every reader on SQLite.
  if (touch && now.getTime() - Date.parse(session.lastSeenAt) > 10_000)
    await touchSession(ctx.db, session.id, now.toISOString());
  return {
    actor: toActor(user),
    user,
    departmentName,
    sessionId: session.id,
    stage: session.stage as SessionStage,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

/**
 * Password change: checks the current password, the policy and the history, then revokes every session
 * of the user (this one included) and opens a new one at the next stage, so the session id changes.
 */
export async function changePassword(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  input: { currentPassword: string; newPassword: string; userAgent: string | null },
): Promise<NewSession> {
  if (s.stage !== 'password_change' && s.stage !== 'full') throw new AppError('forbidden', 'Finish signing in first');
  const { policy } = await getAccountPolicy(ctx);
  // The current password is a secret like any other: throttled and counted, or a stolen session could
  // guess it without limit. Reaching the lockout ends every session of the account.
  const attempt = await beginSignInAttempt(ctx, rc, policy, 'auth.password_change', s.user.id);
  if (!(await verifyPassword(input.currentPassword, s.user.password_hash))) {
    const locked = await tx(ctx, async (trx) => {
      const next = await recordAccountFailure(trx, ctx, rc, s.user.id, policy);
      if (next.lockedUntil) await revokeAllSessions(trx, s.user.id, ctx.now().toISOString());
      await audit(trx, ctx, rc, {
        action: 'auth.password_change',
        targetType: 'user',
        targetId: s.user.id,
        result: 'failure',
        details: { reason: 'wrong_current_password' },
      });
      return next.lockedUntil !== null;
    });
    if (locked) throw new AppError('account_locked', 'Too many wrong passwords: the account is locked and signed out');
    throw new AppError('invalid_credentials', 'The current password is wrong');
  }
  await attempt.succeeded();
  const problems = checkPasswordStrength(input.newPassword, s.user.username, policy);
  if (problems.length)
    throw new AppError('password_policy', 'The new password does not meet the password policy', problems);
  const history = await ctx.db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', s.user.id)
    .orderBy('created_at', 'desc')
    .limit(policy.passwordHistory)
    .execute();
  for (const h of [s.user.password_hash, ...history.map((r) => r.password_hash)].slice(
    0,
    Math.max(1, policy.passwordHistory),
  )) {
    if (await verifyPassword(input.newPassword, h)) {
      throw new AppError('password_policy', 'The new password was used recently', [
        { rule: 'reused', history: policy.passwordHistory },
      ]);
    }
  }
  const hash = await hashPassword(input.newPassword, ctx.config.kdfCost);
  const now = ctx.now();
  return tx(ctx, async (trx) => {
    await trx
      .insertInto('password_history')
      .values({ id: newId(), user_id: s.user.id, password_hash: s.user.password_hash, created_at: now.toISOString() })
      .execute();
    await trx
      .updateTable('users')
      .set({
        password_hash: hash,
        password_changed_at: now.toISOString(),
        must_change_password: 0,
        updated_at: now.toISOString(),
      })
      .where('id', '=', s.user.id)
      .execute();
    // The reminder to change it is done.
    await resolveTaskNotices(trx, passwordTaskKey(s.user.id), now.toISOString());
    const revoked = await revokeAllSessions(trx, s.user.id, now.toISOString());
    // Past the password step: the factors held (already passed at sign-in) against what is required.
    const stage = s.stage === 'full' ? 'full' : await stageAfterSecondFactor(trx, ctx, s.user);
    const next = await createSession(trx, ctx, rc, s.user.id, stage, policy, input.userAgent);
    await audit(trx, ctx, rc, {
      action: 'auth.password_change',
      targetType: 'user',
      targetId: s.user.id,
      details: { sessionsRevoked: revoked },
    });
    return next;
  });
}

export async function logout(ctx: AppContext, rc: RequestContext, s: ResolvedSession): Promise<void> {
  await tx(ctx, async (trx) => {
    await trx
      .updateTable('sessions')
      .set({ revoked_at: ctx.now().toISOString() })
      .where('id', '=', s.sessionId)
      .execute();
    await audit(trx, ctx, rc, { action: 'auth.logout', targetType: 'session', targetId: s.sessionId });
  });
}

export async function listMySessions(ctx: AppContext, s: ResolvedSession) {
  const rows = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', s.user.id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', ctx.now().toISOString())
    .orderBy('last_seen_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === s.sessionId,
  }));
}

export async function revokeMySession(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  sessionId: string,
): Promise<void> {
  await tx(ctx, async (trx) => {
    const r = await trx
      .updateTable('sessions')
      .set({ revoked_at: ctx.now().toISOString() })
      .where('id', '=', sessionId)
      .where('user_id', '=', s.user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('not_found', 'Not found or no access');
    await audit(trx, ctx, rc, { action: 'auth.session_revoke', targetType: 'session', targetId: sessionId });
  });
}

/**
 * After the person signed what held them: their sessions held at sign-in (stage `agreements`) become fully usable
 * when no sign-in gate holds them any longer. In the caller's transaction; returns whether any session moved.
 */
export async function releaseSignInHold(trx: Trx, ctx: AppContext, userId: string): Promise<boolean> {
  // Most signatures are given by people nobody holds: the gates are asked only when a held session waits.
  const waiting = await trx
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('stage', '=', 'agreements')
    .where('revoked_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!waiting) return false;
  if (await signInHeld(ctx, trx, userId, ctx.now())) return false;
  const r = await trx
    .updateTable('sessions')
    .set({ stage: 'full' })
    .where('user_id', '=', userId)
    .where('stage', '=', 'agreements')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
