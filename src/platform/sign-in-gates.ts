import type { AppContext } from './context.js';
import type { Trx } from './audit/audit-repo.js';
import type { Db } from './db/database.js';

/**
 * Sign-in gates: what may hold a person, once their password (and second factor, enrolment, password change) is
 * done, on a page of its own before the session is fully usable (PER-01/02: the agreements they must sign). Identity
 * asks here where a session would become `full`; each module with a `signInGate` (module.ts) answers whether it holds
 * the person. Administrators are no exception. Reads through the caller's connection or transaction.
 */
export type SignInGate = (ctx: AppContext, q: Db | Trx, userId: string, now: Date) => Promise<boolean>;

/** Does any module hold this person at sign-in now? */
export async function signInHeld(ctx: AppContext, q: Db | Trx, userId: string, now: Date): Promise<boolean> {
  // Loaded on first use: identity, which asks, is itself one of the modules listed there.
  const { MODULES } = await import('./modules.js');
  for (const m of MODULES) if (m.signInGate && (await m.signInGate(ctx, q, userId, now))) return true;
  return false;
}
