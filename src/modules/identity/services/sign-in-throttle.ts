import { sql } from 'kysely';
import { afterFailedLogin, throttleWindow, type AccountPolicy } from '../../../kernel/account-policy.js';
import { AppError } from '../../../platform/errors.js';
import { audit, auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';

/**
 * Sign-in throttling across accounts (password spraying): attempts at a password or an MFA code are counted
 * per source address and in total, per window, in the database (shared by every instance).
 *
 * An attempt takes its place in the counters *before* any secret is checked (one atomic increment per
 * bucket), so attempts sent at once cannot all slip under a limit; a successful attempt gives its place
 * back, so what the counters hold is failures and an office behind one address can still sign in. Past a
 * limit the attempt is refused with 429 `rate_limited` and `Retry-After`, audited once per window and bucket.
 *
 * The total limit would let one client lock the whole organisation out; a person signing in from an address
 * where they completed a sign-in before (a full session from it is on record) is therefore not held by it,
 * only by the per-address limit and their own account's lockout.
 */

const TOTAL = 'total';
const addressBucket = (rc: RequestContext) => `address:${rc.ip ?? 'unknown'}`;

type Column = 'failures' | 'refused';

async function bump(ctx: AppContext, bucket: string, windowStart: string, column: Column, by: 1 | -1): Promise<number> {
  const row = await ctx.db
    .insertInto('sign_in_counters')
    .values({
      bucket,
      window_start: windowStart,
      failures: column === 'failures' ? by : 0,
      refused: column === 'refused' ? by : 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'window_start'])
        .doUpdateSet({ [column]: sql`sign_in_counters.${sql.ref(column)} + ${by}` }),
    )
    .returning(column)
    .executeTakeFirstOrThrow();
  return Number((row as Record<string, unknown>)[column]);
}

/** Has this person completed a sign-in from this address before (a full session from it is on record)? */
async function knownAddress(ctx: AppContext, rc: RequestContext, userId: string | null): Promise<boolean> {
  // Asked for unknown usernames too (with an id no row has), so the answer costs the same either way.
  const row = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId ?? '00000000-0000-0000-0000-000000000000')
    .where('ip', '=', rc.ip ?? '')
    .where('stage', '=', 'full')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface SignInAttempt {
  /** The attempt succeeded: its place in the counters is given back. */
  succeeded(): Promise<void>;
}

/**
 * Takes the attempt's place in this window's counters, or refuses it (429, audited once per window and
 * bucket) when the address, or everyone together, has reached the policy's limit. `userId` is the account
 * tried, when known. Call `succeeded()` on success; a failure keeps its place.
 */
export async function beginSignInAttempt(
  ctx: AppContext,
  rc: RequestContext,
  policy: AccountPolicy,
  attempt: 'auth.login' | 'auth.mfa_verify' | 'auth.mfa_enrol' | 'auth.password_change' | 'auth.confirm_identity',
  userId: string | null,
): Promise<SignInAttempt> {
  const w = throttleWindow(ctx.now(), policy.signInWindowMinutes);
  const address = addressBucket(rc);
  const held = [address];
  const refuse = async (bucket: string, limit: 'address' | 'total'): Promise<never> => {
    for (const b of held) await bump(ctx, b, w.start, 'failures', -1);
    if ((await bump(ctx, bucket, w.start, 'refused', 1)) === 1) {
      await auditAlone(ctx, rc, {
        action: 'auth.rate_limited',
        targetType: 'sign_in',
        targetId: bucket,
        result: 'denied',
        details: { attempt, limit, windowStart: w.start, retryAfterSeconds: w.retryAfterSeconds },
      });
    }
    throw new AppError('rate_limited', 'Too many failed sign-in attempts; try again later', {
      retryAfterSeconds: w.retryAfterSeconds,
      limit,
    });
  };
  if ((await bump(ctx, address, w.start, 'failures', 1)) > policy.signInFailuresPerAddress)
    await refuse(address, 'address');
  if (!(await knownAddress(ctx, rc, userId))) {
    held.push(TOTAL);
    if ((await bump(ctx, TOTAL, w.start, 'failures', 1)) > policy.signInFailuresTotal) await refuse(TOTAL, 'total');
  }
  return {
    succeeded: async () => {
      for (const b of held) await bump(ctx, b, w.start, 'failures', -1);
    },
  };
}

/**
 * Counts a failed secret against the account itself (the per-account lockout), from the row as it is now
 * (locked for the rest of the transaction): failures sent at once are all counted. Audits a lockout.
 */
export async function recordAccountFailure(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  policy: AccountPolicy,
  attempted?: { id: string | null; name: string | null; role: string | null },
): Promise<{ failedLogins: number; lockedUntil: string | null }> {
  const now = ctx.now();
  await lockRow(trx, ctx.kind, 'users', userId);
  const fresh = await trx
    .selectFrom('users')
    .select(['failed_logins', 'locked_until'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const next = afterFailedLogin({ failedLogins: fresh.failed_logins, lockedUntil: fresh.locked_until }, policy, now);
  await trx
    .updateTable('users')
    .set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil })
    .where('id', '=', userId)
    .execute();
  if (next.lockedUntil) {
    await audit(trx, ctx, rc, {
      action: 'auth.lockout',
      targetType: 'user',
      targetId: userId,
      ...(attempted ? { actorOverride: attempted } : {}),
      details: { until: next.lockedUntil, failures: next.failedLogins },
    });
  }
  return next;
}

/** Forgets windows that ended more than a day ago (a daily job). */
export async function pruneSignInCounters(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - 24 * 3600_000).toISOString();
  const r = await ctx.db.deleteFrom('sign_in_counters').where('window_start', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
