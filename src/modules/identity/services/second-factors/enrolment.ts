import crypto from 'node:crypto';
import QRCode from 'qrcode';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { SessionStage } from '../../../../kernel/account-policy.js';
import { base32Encode, otpauthUrl, verifyTotp } from '../../../../kernel/totp.js';
import { AppError, UniqueConflict } from '../../../../platform/errors.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../../platform/context.js';
import { hmacSha1, seal, SealedKeyError } from '../../../../platform/crypto/keys.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import { uniqueViolationOf } from '../../../../platform/db/db-errors.js';
import { findUserById } from '../../repositories/user-repo.js';
import type { ResolvedSession } from '../auth-service.js';
import { getAccountPolicy } from '../settings-service.js';
import { beginSignInAttempt } from '../sign-in-throttle.js';
import { appKey, appSealContext, unreadableSecret } from './codes.js';
import { moveStage, requirementOf, stageAfterSecondFactor, syncMfaEnabled } from './factors.js';
import { registrationOptions, relyingParty, verifyRegistration } from './webauthn-core.js';
import type { FactorDto } from '../../contracts/second-factors.js';

/**
 * Enrolling a second factor: at sign-in (stage `mfa_enrol`: one is required and the person has none) or from the
 * profile (stage `full`, after `reauthenticate`). A new authenticator app is a pending secret until its first code:
 * the enrolled one keeps working meanwhile, and is replaced only then.
 */

const securityKeyRequired = () =>
  new AppError('forbidden', 'Your clearance class signs in with a security key: enrol one instead', {
    problem: 'security_key_required',
  });

async function startApp(ctx: AppContext, rc: RequestContext, s: ResolvedSession, via: 'sign_in' | 'profile') {
  const secret = base32Encode(crypto.randomBytes(20));
  const sealed = seal(ctx.keys.master, Buffer.from(secret), appSealContext(s.user.id));
  await tx(ctx, async (trx) => {
    await trx.updateTable('users').set({ mfa_pending_secret: sealed }).where('id', '=', s.user.id).execute();
    await audit(trx, ctx, rc, {
      action: 'auth.mfa_enrol_start',
      targetType: 'user',
      targetId: s.user.id,
      details: { via, replaces: s.user.mfa_secret !== null },
    });
  });
  const url = otpauthUrl(ctx.config.organisationName, s.user.username, secret);
  return { secret, otpauthUrl: url, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }) };
}

/** Sign-in step `mfa_enrol`: the first authenticator app. */
export async function startMfaEnrolment(ctx: AppContext, rc: RequestContext, s: ResolvedSession) {
  if (s.stage !== 'mfa_enrol')
    throw new AppError('conflict', 'Add or replace an authenticator from your profile (your password is asked)');
  if ((await requirementOf(ctx, s.user)) === 'security_key') throw securityKeyRequired();
  return startApp(ctx, rc, s, 'sign_in');
}

/** Profile: a new authenticator app (the caller re-authenticated). */
export async function startAppFromProfile(ctx: AppContext, rc: RequestContext, s: ResolvedSession) {
  return startApp(ctx, rc, s, 'profile');
}

/** The first code of the pending app: it replaces the enrolled one (if any). Returns the session's next stage. */
export async function confirmApp(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  code: string,
): Promise<SessionStage> {
  if (s.stage !== 'mfa_enrol' && s.stage !== 'full') throw new AppError('forbidden', 'Finish signing in first');
  const fresh = await findUserById(ctx.db, s.user.id);
  if (!fresh?.mfa_pending_secret) throw new AppError('conflict', 'Start the enrolment first');
  if (s.stage === 'mfa_enrol' && (await requirementOf(ctx, fresh)) === 'security_key') throw securityKeyRequired();
  const pending = fresh.mfa_pending_secret;
  const { policy } = await getAccountPolicy(ctx);
  const attempt = await beginSignInAttempt(ctx, rc, policy, 'auth.mfa_enrol', s.user.id);
  const now = ctx.now();
  // A new secret has no used step yet.
  let key: Uint8Array;
  try {
    key = appKey(ctx, s.user.id, pending);
  } catch (e) {
    throw e instanceof SealedKeyError ? await unreadableSecret(ctx, rc, { type: 'user', id: s.user.id }, 'code', e) : e;
  }
  const step = verifyTotp(key, code, now, 0, hmacSha1);
  if (step === null) {
    await tx(ctx, (trx) =>
      audit(trx, ctx, rc, { action: 'auth.mfa_enrol', targetType: 'user', targetId: s.user.id, result: 'failure' }),
    );
    throw new AppError('mfa_invalid', 'The code is wrong or expired; check the time on your device');
  }
  await attempt.succeeded();
  return tx(ctx, async (trx) => {
    // Conditional on the pending secret read: a restarted enrolment meanwhile is not confirmed by the old code.
    const r = await trx
      .updateTable('users')
      .set({
        mfa_secret: pending,
        mfa_pending_secret: null,
        mfa_last_step: step,
        mfa_enrolled_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .where('id', '=', s.user.id)
      .where('mfa_pending_secret', '=', pending)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', 'The enrolment was restarted; start again');
    await syncMfaEnabled(trx, ctx, s.user.id);
    const stage = s.stage === 'mfa_enrol' ? await stageAfterSecondFactor(trx, ctx, s.user) : s.stage;
    await moveStage(trx, s.sessionId, stage);
    await audit(trx, ctx, rc, {
      action: 'auth.mfa_enrol',
      targetType: 'user',
      targetId: s.user.id,
      details: { replaced: fresh.mfa_secret !== null },
    });
    return stage;
  });
}

/** Options to register a security key (sign-in step `mfa_enrol`, or the profile after `reauthenticate`). */
export async function keyRegistrationOptions(ctx: AppContext, s: ResolvedSession, requestOrigin: string) {
  if (s.stage !== 'mfa_enrol' && s.stage !== 'full') throw new AppError('forbidden', 'Finish signing in first');
  return registrationOptions(ctx, ctx.db, { sessionId: s.sessionId, user: s.user }, relyingParty(ctx, requestOrigin));
}

export function keyDto(k: { id: string; name: string; created_at: string; last_used_at: string | null }): FactorDto {
  return { kind: 'security_key', id: k.id, label: k.name, createdAt: k.created_at, lastUsedAt: k.last_used_at };
}

/** Stores a verified new security key; returns it and the session's next stage. */
export async function registerKey(
  ctx: AppContext,
  rc: RequestContext,
  s: ResolvedSession,
  response: RegistrationResponseJSON,
  name: string,
): Promise<{ factor: FactorDto; stage: SessionStage }> {
  if (s.stage !== 'mfa_enrol' && s.stage !== 'full') throw new AppError('forbidden', 'Finish signing in first');
  const verified = await verifyRegistration(ctx, ctx.db, s.user.id, response, s.sessionId);
  if (!verified) {
    await tx(ctx, (trx) =>
      audit(trx, ctx, rc, {
        action: 'auth.webauthn_register',
        targetType: 'user',
        targetId: s.user.id,
        result: 'failure',
      }),
    );
    throw new AppError('mfa_invalid', 'The security key could not be registered; try again');
  }
  const now = ctx.now().toISOString();
  const row = {
    id: newId(),
    user_id: s.user.id,
    credential_id: verified.credentialId,
    public_key: verified.publicKey,
    sign_count: verified.counter,
    transports: JSON.stringify(verified.transports),
    name,
    created_at: now,
    last_used_at: null,
  };
  try {
    return await tx(ctx, async (trx: Trx) => {
      await trx.insertInto('webauthn_credentials').values(row).execute();
      await syncMfaEnabled(trx, ctx, s.user.id);
      const stage = s.stage === 'mfa_enrol' ? await stageAfterSecondFactor(trx, ctx, s.user) : s.stage;
      await moveStage(trx, s.sessionId, stage);
      await audit(trx, ctx, rc, {
        action: 'auth.webauthn_register',
        targetType: 'webauthn_credential',
        targetId: row.id,
        details: { name },
      });
      return { factor: keyDto(row), stage };
    });
  } catch (e) {
    if (e instanceof UniqueConflict || uniqueViolationOf(e))
      throw new AppError('conflict', 'This security key is already registered', { problem: 'credential_exists' });
    throw e;
  }
}
