import { sql } from 'kysely';
import { signInThrottle, throttleWindow, type AccountPolicy } from '../../domain/account-policy.js';
import { AppError } from '../errors.js';
import { auditAlone, type AppContext, type RequestContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Trx } from '../audit/audit-repo.js';

/**
 * Sign-in throttling across accounts (password spraying): failed sign-in and MFA attempts are counted per
 * source address and in total, per window, in the database (shared by every instance). Past a limit, new
 * attempts are refused with 429 `rate_limited` and `Retry-After` before any password is checked.
 */

const TOTAL = 'total';
const addressBucket = (rc: RequestContext) => `address:${rc.ip ?? 'unknown'}`;

async function bump(q: Db | Trx, bucket: string, windowStart: string, column: 'failures' | 'refused'): Promise<number> {
  const row = await q
    .insertInto('sign_in_counters')
    .values({
      bucket,
      window_start: windowStart,
      failures: column === 'failures' ? 1 : 0,
      refused: column === 'refused' ? 1 : 0,
    })
    .onConflict((oc) =>
      oc.columns(['bucket', 'window_start']).doUpdateSet({ [column]: sql`sign_in_counters.${sql.ref(column)} + 1` }),
    )
    .returning(column)
    .executeTakeFirstOrThrow();
  return Number((row as Record<string, unknown>)[column]);
}

/**
 * Refuses the attempt (429, audited once per window and bucket) when this window's failures from the
 * address, or in total, have reached the policy's limits. `attempt` names what was tried, for the audit.
 */
export async function assertNotThrottled(
  ctx: AppContext,
  rc: RequestContext,
  policy: AccountPolicy,
  attempt: 'auth.login' | 'auth.mfa_verify' | 'auth.mfa_enrol',
): Promise<void> {
  const w = throttleWindow(ctx.now(), policy.signInWindowMinutes);
  const address = addressBucket(rc);
  const rows = await ctx.db
    .selectFrom('sign_in_counters')
    .select(['bucket', 'failures'])
    .where('window_start', '=', w.start)
    .where('bucket', 'in', [address, TOTAL])
    .execute();
  const count = (b: string) => Number(rows.find((r) => r.bucket === b)?.failures ?? 0);
  const limit = signInThrottle({ address: count(address), total: count(TOTAL) }, policy);
  if (!limit) return;
  const bucket = limit === 'address' ? address : TOTAL;
  if ((await bump(ctx.db, bucket, w.start, 'refused')) === 1) {
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
}

/** Counts one failed attempt from `rc`'s address, in the transaction that records the failure. */
export async function countSignInFailure(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  policy: AccountPolicy,
): Promise<void> {
  const w = throttleWindow(ctx.now(), policy.signInWindowMinutes);
  await bump(trx, addressBucket(rc), w.start, 'failures');
  await bump(trx, TOTAL, w.start, 'failures');
}

/** Forgets windows that ended more than a day ago (a daily job). */
export async function pruneSignInCounters(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - 24 * 3600_000).toISOString();
  const r = await ctx.db.deleteFrom('sign_in_counters').where('window_start', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
