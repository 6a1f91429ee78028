import type { JobProblem } from './contracts.js';

/**
 * Job intervals as settings (pure: no I/O). The system administrator sets a job's interval in whole seconds
 * within the job's bounds; a job never set runs at its built-in interval. Seconds, not minutes: tests and a
 * deployment's own probes run jobs every few seconds.
 */
export const MIN_INTERVAL_MS = 1000;
export const MAX_INTERVAL_MS = 31 * 86_400_000;

export interface IntervalJob {
  name: string;
  /** The built-in interval. */
  intervalMs: number;
  /** Bounds for a configured interval (default 1 second to 31 days). */
  minIntervalMs?: number;
  maxIntervalMs?: number;
}

export interface IntervalBounds {
  defaultSeconds: number;
  minSeconds: number;
  maxSeconds: number;
}

export function boundsOf(job: IntervalJob): IntervalBounds {
  return {
    defaultSeconds: job.intervalMs / 1000,
    minSeconds: Math.ceil((job.minIntervalMs ?? MIN_INTERVAL_MS) / 1000),
    maxSeconds: Math.floor((job.maxIntervalMs ?? MAX_INTERVAL_MS) / 1000),
  };
}

/** The interval a job runs at: the configured one if it is within bounds (a setting saved under other bounds is ignored), else the built-in one. */
export function effectiveIntervalMs(job: IntervalJob, configured: Readonly<Record<string, number>>): number {
  const seconds = configured[job.name];
  if (seconds === undefined || intervalProblem(job, seconds) !== null) return job.intervalMs;
  return seconds * 1000;
}

export type IntervalProblem = JobProblem;

export function intervalProblem(job: IntervalJob | undefined, seconds: number): IntervalProblem | null {
  if (!job) return 'job_unknown';
  if (!Number.isInteger(seconds)) return 'interval_not_whole_seconds';
  const b = boundsOf(job);
  if (seconds < b.minSeconds) return 'interval_below_minimum';
  if (seconds > b.maxSeconds) return 'interval_above_maximum';
  return null;
}

/**
 * What to store for a submitted set of intervals: only those that differ from the built-in ones, so a job left at
 * its default follows the default if a later version changes it.
 */
export function intervalsToStore(
  jobs: readonly IntervalJob[],
  submitted: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const job of jobs) {
    const s = submitted[job.name];
    if (s !== undefined && s * 1000 !== job.intervalMs) out[job.name] = s;
  }
  return out;
}
