import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { dbNowIso } from './db-clock.js';
import { configuredIntervals } from './job-settings.js';
import { effectiveIntervalMs, type IntervalJob } from './interval-rules.js';
import { recordJobRun } from './job-runs.js';

/**
 * Periodic jobs coordinated through the `job_leases` table, so that with several server instances on one
 * database each job runs once per interval, and a restart does not rerun a job early: all state lives in
 * the table (last_run_at), none in memory.
 *
 * Acquisition is a single conditional UPDATE (works the same on SQLite and PostgreSQL), on the DATABASE's clock
 * (`db` below; ADR 0027), never an instance's own, so drifting instance clocks cannot take a live lease or run a
 * job early:
 *   holder = me, taken_at = db, lease_until = db + lease
 *   WHERE name = ? AND lease_until < db AND (last_run_at IS NULL OR last_run_at <= db - interval)
 * and exactly one updated row means this instance runs the job; when it finishes, last_run_at = taken_at. The
 * lease bounds how long a crashed instance can block a job. The interval is a setting (job-settings.ts) read at
 * every tick. What a job finds due (reminders, expiries) still comes from ctx.now(), which tests move; the run
 * history (job_runs) records the instance's own start and end.
 */
export interface JobDef extends IntervalJob {
  name: string;
  /** The built-in interval; the system administrator may set another within the bounds (interval-rules.ts). */
  intervalMs: number;
  /** How long an instance may hold the job before another may take it over (default: 10 minutes). */
  leaseMs?: number;
  /**
   * Returns a short summary recorded in job_leases.last_result (with a size, e.g. a backup's, for the run history).
   * Jobs must be idempotent.
   */
  run(ctx: AppContext): Promise<string | void | { summary: string; bytes: number | null }>;
  /**
   * A job the system administrator can turn off (scheduled backups): checked before the lease is taken; while
   * off the job neither runs nor appears in the run history (a run that did nothing must not read as a backup).
   */
  enabled?(ctx: AppContext): Promise<boolean>;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const EPOCH = new Date(0).toISOString();
const MAX_RESULT = 500;

/**
 * A job's error may say why it failed as a code of the job's own vocabulary (`failure`: a backup's, a drill's), which
 * the run history keeps beside the message so readers get it in their language.
 */
function failureCodeOf(err: unknown): string | null {
  const failure = (err as { failure?: unknown } | null)?.failure;
  return typeof failure === 'string' ? failure.slice(0, 64) : null;
}

function short(s: string): string {
  return s.length > MAX_RESULT ? `${s.slice(0, MAX_RESULT - 1)}…` : s;
}

export class Scheduler {
  /** Unique per scheduler (two schedulers in one process are two holders, as two instances would be). */
  readonly holder: string;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  /** Runs started by `startNow`, awaited by `stop`. */
  private readonly background = new Set<Promise<void>>();
  private stopped = false;
  private started = false;
  /** The shortest interval any job ran at in the last check (the next tick comes no later). */
  private shortestIntervalMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly ctx: AppContext,
    private readonly jobs: readonly JobDef[],
  ) {
    const names = new Set<string>();
    for (const j of jobs) {
      if (names.has(j.name)) throw new Error(`duplicate job name ${j.name}`);
      if (!(j.intervalMs > 0)) throw new Error(`job ${j.name}: intervalMs must be positive`);
      names.add(j.name);
    }
    this.holder = `${ctx.instanceId}:${crypto.randomBytes(4).toString('hex')}`;
  }

  /**
   * Checks for due jobs every `tickMs` (and once right away), or sooner when a job's interval is shorter (a setting
   * of a few seconds then holds, not the tick). Ticks never overlap: the next is set when one ends.
   */
  start(tickMs = 5_000): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    const tick = () => {
      this.timer = null;
      if (this.stopped) return;
      this.current = this.runDueOnce()
        .catch((err: unknown) => this.ctx.log.error({ err }, 'scheduler tick failed'))
        .finally(() => {
          this.current = null;
          if (this.stopped) return;
          this.timer = setTimeout(tick, Math.min(tickMs, this.shortestIntervalMs));
          this.timer.unref();
        });
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  /** Stops ticking and waits for a job already running to finish (its lease is then released). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.current) await this.current;
    await Promise.all([...this.background]);
  }

  /** Runs every job that is due and whose lease this instance wins; returns the names run. */
  async runDueOnce(): Promise<string[]> {
    let configured: Record<string, number> = {};
    try {
      configured = await configuredIntervals(this.ctx);
    } catch (err) {
      this.ctx.log.error({ err }, 'could not read the job intervals; using the built-in ones');
    }
    const intervals = new Map(this.jobs.map((job) => [job.name, effectiveIntervalMs(job, configured)]));
    this.shortestIntervalMs = Math.min(...intervals.values());
    return this.runEach(this.jobs, (job) => intervals.get(job.name)!);
  }

  /**
   * Runs the named jobs (all when none are named) now, whatever their interval, each only if no instance holds its
   * lease: an operator's "run now", and how tests make a job run without waiting for its interval on the
   * database's clock. The run counts as the job's last run.
   */
  async runNow(names?: readonly string[]): Promise<string[]> {
    const unknown = names?.filter((n) => !this.jobs.some((j) => j.name === n)) ?? [];
    if (unknown.length > 0) throw new Error(`unknown job ${unknown.join(', ')}`);
    return this.runEach(
      this.jobs.filter((j) => !names || names.includes(j.name)),
      () => null,
    );
  }

  /**
   * An operator's "run now" answered at once: takes the job's lease now, whatever its interval, and runs the job in
   * the background ('started'); 'off' when the job is turned off, 'running' when a run holds its lease (here or on
   * another instance). The run is recorded in the history like a scheduled one and counts as the job's last run.
   */
  async startNow(name: string): Promise<'started' | 'off' | 'running'> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`unknown job ${name}`);
    if (job.enabled && !(await job.enabled(this.ctx))) return 'off';
    if (!(await this.acquire(job, null))) return 'running';
    const run = this.execute(job).finally(() => this.background.delete(run));
    this.background.add(run);
    return 'started';
  }

  private async runEach(jobs: readonly JobDef[], intervalOf: (job: JobDef) => number | null): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      if (this.stopped) break; // stop(): take no new job
      let acquired = false;
      try {
        if (job.enabled && !(await job.enabled(this.ctx))) continue;
        acquired = await this.acquire(job, intervalOf(job));
      } catch (err) {
        this.ctx.log.error({ err, job: job.name }, 'could not take the job lease');
        continue;
      }
      if (!acquired) continue;
      ran.push(job.name);
      await this.execute(job);
    }
    return ran;
  }

  /** Takes the job's lease if it is free and the job is due (`intervalMs` null: due now), by the database's clock. */
  private async acquire(job: JobDef, intervalMs: number | null): Promise<boolean> {
    const kind = this.ctx.kind;
    await this.ctx.db
      .insertInto('job_leases')
      .values({ name: job.name, holder: null, lease_until: EPOCH, last_run_at: null, last_result: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    let q = this.ctx.db
      .updateTable('job_leases')
      .set({
        holder: this.holder,
        taken_at: dbNowIso(kind),
        lease_until: dbNowIso(kind, job.leaseMs ?? DEFAULT_LEASE_MS),
      })
      .where('name', '=', job.name)
      // Only a free or expired lease: even this holder may not take it twice (two overlapping
      // runDueOnce calls in one process would otherwise both run the job).
      .where('lease_until', '<', dbNowIso(kind));
    if (intervalMs !== null)
      q = q.where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<=', dbNowIso(kind, -intervalMs))]));
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private async execute(job: JobDef): Promise<void> {
    const startedAt = this.ctx.now().toISOString();
    let result: string;
    let run: Parameters<typeof recordJobRun>[1];
    try {
      const returned = await job.run(this.ctx);
      const out = typeof returned === 'object' ? returned.summary : returned;
      result = short(`ok${out ? `: ${out}` : ''}`);
      const bytes = typeof returned === 'object' ? returned.bytes : null;
      run = { job: job.name, startedAt, outcome: 'ok', summary: out ? short(out) : null, bytes };
      this.ctx.log.debug({ job: job.name, result }, 'job finished');
    } catch (err) {
      const message = short(err instanceof Error ? err.message : String(err));
      result = short(`error: ${message}`);
      run = { job: job.name, startedAt, outcome: 'failed', error: message, errorCode: failureCodeOf(err) };
      this.ctx.log.error({ err, job: job.name }, 'job failed');
    }
    // The history the system administrator reads (job_runs); losing one row must not keep the lease held.
    try {
      await recordJobRun(this.ctx, run);
    } catch (err) {
      this.ctx.log.error({ err, job: job.name }, 'could not record the job run');
    }
    // The run counts even when it failed: a broken job retries at its next interval, not every tick.
    try {
      await this.ctx.db
        .updateTable('job_leases')
        // The run started when the lease was taken, by the database's clock: the next interval counts from there.
        .set((eb) => ({
          last_run_at: eb.ref('taken_at'),
          last_result: result,
          holder: null,
          taken_at: null,
          lease_until: EPOCH,
        }))
        .where('name', '=', job.name)
        .where('holder', '=', this.holder)
        .execute();
    } catch (err) {
      // The lease then simply runs out; the job is idempotent.
      this.ctx.log.error({ err, job: job.name }, 'could not record the job result');
    }
  }
}

/** The state of every job, for diagnostics (e.g. a health or admin page). */
export async function jobStatus(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('job_leases').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    holder: r.holder,
    leaseUntil: r.lease_until,
    lastRunAt: r.last_run_at,
    lastResult: r.last_result,
  }));
}
