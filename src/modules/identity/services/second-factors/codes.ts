import { base32Decode, verifyHotp, verifyTotp, type OtpDigits } from '../../../../kernel/totp.js';
import { auditAlone, type AppContext, type RequestContext } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import type { Db } from '../../../../platform/db/database.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import { hmacSha1, unseal, type SealedKeyError } from '../../../../platform/crypto/keys.js';
import type { UserRow } from '../../repositories/user-repo.js';

/** The sealing context of a person's authenticator app secret (the enrolled one and the one being enrolled). */
export const appSealContext = (userId: string) => `totp:${userId}`;
/** The sealing context of a hardware token's seed: a seed copied onto another token's row does not unseal. */
export const tokenSealContext = (tokenId: string) => `otp-token:${tokenId}`;

export function appKey(ctx: AppContext, userId: string, sealed: string): Uint8Array {
  return base32Decode(unseal(ctx.keys.master, sealed, appSealContext(userId)).toString('utf8'));
}

export function tokenSeed(ctx: AppContext, tokenId: string, sealed: string): Uint8Array {
  return new Uint8Array(unseal(ctx.keys.master, sealed, tokenSealContext(tokenId)));
}

/**
 * This instance's master key cannot open the person's sealed secret (it was started with keys of its own, which the
 * key check at start-up refuses, or the value was edited): audited with the key version the value names, and
 * answered with a problem the person can report, not a bare 500. It is no failed sign-in: it does not count
 * towards the lockout.
 */
export async function unreadableSecret(
  ctx: AppContext,
  rc: RequestContext,
  target: { type: 'session' | 'user' | 'otp_token'; id: string },
  factor: 'code' | 'security_key',
  e: SealedKeyError,
): Promise<AppError> {
  ctx.log.error({ err: e, target }, 'a sealed second-factor secret cannot be opened');
  await auditAlone(ctx, rc, {
    action: 'auth.mfa_secret_unreadable',
    targetType: target.type,
    targetId: target.id,
    result: 'failure',
    details: { factor, keyVersion: e.kid, reason: e.message, instance: ctx.instanceId },
  });
  return new AppError('unavailable', "This server cannot open your second factor's secret; tell the administrator", {
    problem: 'mfa_secret_unreadable',
  });
}

/** A code that matched one of the person's generators; `use` spends it (false when a concurrent use got there first). */
export interface CodeMatch {
  factor: 'app' | 'token';
  tokenId: string | null;
  use(q: Db | Trx): Promise<boolean>;
}

/**
 * Finds which of the person's code generators — the authenticator app, their hardware tokens — made this code.
 * Spending it is conditional on the replay state read here (the app's last step, a TOTP token's last step, an HOTP
 * token's counter), so one code passes once even when two requests race.
 */
export async function matchCode(ctx: AppContext, q: Db | Trx, user: UserRow, code: string): Promise<CodeMatch | null> {
  const now = ctx.now();
  if (user.mfa_secret) {
    const last = Number(user.mfa_last_step);
    const step = verifyTotp(appKey(ctx, user.id, user.mfa_secret), code, now, last, hmacSha1);
    if (step !== null)
      return {
        factor: 'app',
        tokenId: null,
        use: async (w) => {
          const r = await w
            .updateTable('users')
            .set({ mfa_last_step: step })
            .where('id', '=', user.id)
            .where('mfa_last_step', '<', step)
            .executeTakeFirst();
          return Number(r.numUpdatedRows) === 1;
        },
      };
  }
  const tokens = await q.selectFrom('otp_tokens').selectAll().where('user_id', '=', user.id).execute();
  for (const t of tokens) {
    const seed = tokenSeed(ctx, t.id, t.seed);
    const digits = t.digits as OtpDigits;
    if (t.kind === 'totp') {
      const last = Number(t.last_step);
      const step = verifyTotp(seed, code, now, last, hmacSha1, { digits, periodSeconds: t.period ?? 30 });
      if (step !== null)
        return {
          factor: 'token',
          tokenId: t.id,
          use: async (w) => {
            const r = await w
              .updateTable('otp_tokens')
              .set({ last_step: step, last_used_at: now.toISOString() })
              .where('id', '=', t.id)
              .where('user_id', '=', user.id)
              .where('last_step', '<', step)
              .executeTakeFirst();
            return Number(r.numUpdatedRows) === 1;
          },
        };
    } else {
      const counter = Number(t.counter);
      const next = verifyHotp(seed, code, counter, hmacSha1, { digits });
      if (next !== null)
        return {
          factor: 'token',
          tokenId: t.id,
          use: async (w) => {
            const r = await w
              .updateTable('otp_tokens')
              .set({ counter: next, last_used_at: now.toISOString() })
              .where('id', '=', t.id)
              .where('user_id', '=', user.id)
              .where('counter', '=', counter)
              .executeTakeFirst();
            return Number(r.numUpdatedRows) === 1;
          },
        };
    }
  }
  return null;
}
