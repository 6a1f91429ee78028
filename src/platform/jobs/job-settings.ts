import { authorize } from '../authorize.js';
import { audit, tx, type AppContext, type RequestContext } from '../context.js';
import { AppError } from '../errors.js';
import { settingStore } from '../settings/setting-store.js';
import type { JobSettings } from './contracts.js';
import {
  boundsOf,
  effectiveIntervalMs,
  intervalProblem,
  intervalsToStore,
  type IntervalJob,
} from './interval-rules.js';

const KEY = 'job_intervals';

/** Seconds per job name, only for jobs the system administrator moved off their built-in interval. */
interface StoredIntervals {
  intervals: Record<string, number>;
}

// Read by every scheduler tick: the store's short cache lets a change on one instance reach the others within
// seconds, and the scheduler reads it at every tick, so a new interval applies without a restart.
const store = settingStore<StoredIntervals>(KEY, { intervals: {} });

/** The configured intervals (seconds by job name). */
export async function configuredIntervals(ctx: AppContext): Promise<Record<string, number>> {
  return (await store.get(ctx)).value.intervals;
}

function viewOf(jobs: readonly IntervalJob[], intervals: Record<string, number>, version: number): JobSettings {
  return {
    version,
    jobs: jobs
      .map((job) => ({ name: job.name, intervalSeconds: effectiveIntervalMs(job, intervals) / 1000, ...boundsOf(job) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Jobs and their intervals are configuration: the system administrator's (三员), like the job-run history. */
async function authorizeSettings(ctx: AppContext, rc: RequestContext, action: 'settings.view' | 'settings.update') {
  await authorize(
    ctx,
    rc,
    'settings.manage',
    { kind: 'none' },
    { audit: { action, targetType: 'settings', targetId: KEY } },
  );
}

/** GET /api/settings/jobs: every job this server runs with its interval, built-in interval and bounds. */
export async function viewJobSettings(
  ctx: AppContext,
  rc: RequestContext,
  jobs: readonly IntervalJob[],
): Promise<JobSettings> {
  await authorizeSettings(ctx, rc, 'settings.view');
  const { value, version } = await store.fresh(ctx);
  return viewOf(jobs, value.intervals, version);
}

/** PUT /api/settings/jobs: the intervals in seconds, each within its job's bounds; unknown jobs are refused. */
export async function updateJobSettings(
  ctx: AppContext,
  rc: RequestContext,
  jobs: readonly IntervalJob[],
  input: { version: number; intervals: Record<string, number> },
): Promise<JobSettings> {
  await authorizeSettings(ctx, rc, 'settings.update');
  const byName = new Map(jobs.map((j) => [j.name, j]));
  for (const [name, seconds] of Object.entries(input.intervals)) {
    const job = byName.get(name);
    const problem = intervalProblem(job, seconds);
    if (problem)
      throw new AppError('validation_failed', 'A job interval is unknown or out of its bounds', {
        field: `intervals.${name}`,
        problem,
        ...(job ? boundsOf(job) : {}),
      });
  }
  const next = intervalsToStore(jobs, input.intervals);
  const version = await tx(ctx, async (trx) => {
    const saved = await store.save(trx, ctx, input.version, { intervals: next });
    const changed: Record<string, { from: number | null; to: number | null }> = {};
    for (const name of new Set([...Object.keys(saved.before.intervals), ...Object.keys(next)])) {
      const from = saved.before.intervals[name] ?? null;
      const to = next[name] ?? null;
      if (from !== to) changed[name] = { from, to };
    }
    await audit(trx, ctx, rc, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: KEY,
      details: { changed },
    });
    return saved.version;
  });
  store.invalidate(ctx);
  return viewOf(jobs, next, version);
}
