import { authorize } from '../authorize.js';
import { auditAlone, type AppContext, type RequestContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Scheduler } from './scheduler.js';

/**
 * POST /api/jobs/:name/run: the system administrator starts a job now (a backup before maintenance, a drill after
 * changing the backup folder) instead of waiting for its interval. The job runs in the background on this
 * instance; the answer says it started, and the run appears in the history when it ends. Refused, and audited as
 * refused, when the job is turned off or a run of it holds its lease on any instance.
 */
export async function runJobNow(
  ctx: AppContext,
  rc: RequestContext,
  runner: Scheduler,
  jobNames: readonly string[],
  name: string,
): Promise<{ job: string; started: true }> {
  const target = { action: 'jobs.run_now', targetType: 'job', targetId: name } as const;
  await authorize(ctx, rc, 'settings.manage', { kind: 'none' }, { audit: target });
  if (!jobNames.includes(name))
    throw new AppError('not_found', 'This server runs no job of that name', { problem: 'job_unknown' });
  const outcome = await runner.startNow(name);
  if (outcome !== 'started') {
    await auditAlone(ctx, rc, { ...target, result: 'failure', details: { reason: outcome } });
    throw outcome === 'off'
      ? new AppError('conflict', 'This job is turned off: turn it on first', { problem: 'job_off' })
      : new AppError('conflict', 'This job is running now: its run appears in the history when it ends', {
          problem: 'job_running',
        });
  }
  await auditAlone(ctx, rc, target);
  return { job: name, started: true };
}
