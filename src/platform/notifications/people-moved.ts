import type { Trx } from '../audit/audit-repo.js';
import type { AppContext } from '../context.js';
import { MODULES } from '../modules.js';

/**
 * People changed place in the organisation — another department, post or roles, or their department moved in the
 * tree (`null`: anyone may be concerned) — in the transaction `trx` that moved them: each module with a
 * `peopleMoved` hook brings its to-do notices in line (the letters to sign that are no longer theirs are done, the
 * new ones are asked).
 */
export async function peopleMoved(trx: Trx, ctx: AppContext, userIds: readonly string[] | null): Promise<void> {
  for (const m of MODULES) await m.peopleMoved?.(trx, ctx, userIds);
}
