import { SYSTEM_CONTEXT, type AppContext } from '../../platform/context.js';
import type { JobDef } from '../../platform/jobs/scheduler.js';
import { auditRulesStore } from '../../platform/audit/audit-rules.js';
import { archiveAudit } from '../../platform/audit/archive.js';
import { retentionCutoff } from '../../platform/audit/archive-rules.js';

const HOUR = 3_600_000;

/**
 * Archives the events older than the retention the security administrator set (none set: nothing moves). Daily
 * is enough: the retention is counted in months. The job's lease keeps two instances from archiving at once;
 * an archiving that raced anyway fails on its segment's unique first event and leaves the other's in place.
 */
export async function archiveByRetention(ctx: AppContext): Promise<string> {
  const { retentionMonths } = (await auditRulesStore.get(ctx)).value;
  if (retentionMonths === null) return 'no retention set: every event stays live';
  const before = retentionCutoff(ctx.now(), retentionMonths);
  const r = await archiveAudit(ctx, SYSTEM_CONTEXT, { before });
  return `archived ${r.events} event(s) recorded before ${before.toISOString()} in ${r.segments.length} segment(s)`;
}

export function auditJobs(): JobDef[] {
  return [{ name: 'audit.archive', intervalMs: 24 * HOUR, leaseMs: 6 * HOUR, run: archiveByRetention }];
}
