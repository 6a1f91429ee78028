import type { TrainingRequirement } from '../kernel/training.js';
import type { AppContext } from './context.js';
import type { Trx } from './audit/audit-repo.js';
import type { Db } from './db/database.js';

/**
 * The qualifications contract: "has person P met requirement R now?" (a course completed within its validity; the
 * onboarding training done). The training module answers it (its `qualification` in module.ts); others ask here —
 * the commitment letter's order (PER-03, people), the appointment gate later — without importing training code.
 * Reads through the caller's connection or transaction.
 */
export type Qualification = (
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
  requirement: TrainingRequirement,
  now: Date,
) => Promise<boolean>;

/** Has the person met the requirement? False when no module of this installation answers it (fail closed). */
export async function hasQualification(
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
  requirement: TrainingRequirement,
  now: Date,
): Promise<boolean> {
  // Loaded on first use: the modules that ask are themselves listed there.
  const { MODULES } = await import('./modules.js');
  const answer = MODULES.find((m) => m.qualification)?.qualification;
  return answer ? answer(ctx, q, userId, requirement, now) : false;
}
