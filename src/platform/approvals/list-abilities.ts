import type { Actor } from '../../kernel/actor.js';
import { can } from '../../policy/index.js';
import type { AppContext } from '../context.js';
import { approvalResource, groupContextOf, loadRequest } from './approval-service.js';
import type { RequestRow } from './request-types.js';

/**
 * Which listed requests the viewer may decide now: the same `can(actor, 'approval.decide', …)` and the same
 * "still pending, not expired" as the request's detail (`canDecide`), so a list offers a row for a bulk decision
 * exactly when the single decision would be accepted. Only pending rows are loaded (their tasks and the chain's
 * groups): decided rows are never decidable.
 */
export async function decidableRequests(
  ctx: AppContext,
  actor: Actor,
  rows: readonly RequestRow[],
): Promise<Set<string>> {
  const now = ctx.now().toISOString();
  const out = new Set<string>();
  for (const r of rows) {
    if (r.status !== 'pending' || r.expires_at <= now) continue;
    const loaded = await loadRequest(ctx.db, r.id);
    if (!loaded) continue;
    const resource = approvalResource(loaded.req, loaded.state, await groupContextOf(ctx.db, loaded.req));
    if (can(actor, 'approval.decide', resource)) out.add(r.id);
  }
  return out;
}
