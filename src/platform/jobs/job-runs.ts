import crypto from 'node:crypto';
import os from 'node:os';
import { offsetOf } from '../../kernel/pagination.js';
import { authorize } from '../authorize.js';
import type { AppContext, RequestContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { JobOutcome, JobRun, JobRunFilter } from './contracts.js';
import type { JobRunTable } from './schema.js';

/** How long the history keeps a run (the mail job alone runs every 30 s). */
export const JOB_RUN_RETENTION_DAYS = 90;
/** The history's name for `baomi backup`. */
export const BACKUP_JOB = 'backup';

export interface RunRecord {
  job: string;
  startedAt: string;
  outcome: JobOutcome;
  error?: string | null;
  /** The failure's code in the job's vocabulary (a backup's or a drill's: contracts/backup-failures.ts). */
  errorCode?: string | null;
  summary?: string | null;
  bytes?: number | null;
}

/** Records one finished run (now is its end) and drops this job's runs past the retention. */
export async function recordJobRun(ctx: AppContext, run: RunRecord): Promise<void> {
  const now = ctx.now();
  await ctx.db
    .insertInto('job_runs')
    .values({
      id: crypto.randomUUID(),
      job: run.job,
      // The host too: several instances on one database are told apart by where they run.
      instance_id: `${os.hostname()}/${ctx.instanceId}`,
      started_at: run.startedAt,
      finished_at: now.toISOString(),
      outcome: run.outcome,
      error: run.error ?? null,
      error_code: run.errorCode ?? null,
      summary: run.summary ?? null,
      bytes: run.bytes ?? null,
    })
    .execute();
  const cutoff = new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000).toISOString();
  await ctx.db.deleteFrom('job_runs').where('job', '=', run.job).where('started_at', '<', cutoff).execute();
}

function toDto(r: JobRunTable): JobRun {
  return {
    id: r.id,
    job: r.job,
    instanceId: r.instance_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome as JobOutcome,
    error: r.error,
    errorCode: r.error_code,
    summary: r.summary,
    bytes: r.bytes === null ? null : Number(r.bytes),
  };
}

function filtered(db: Db, f: JobRunFilter) {
  let q = db.selectFrom('job_runs');
  if (f.job) q = q.where('job', '=', f.job);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('started_at', '>=', new Date(f.from).toISOString());
  return q;
}

/** Running the installation is the system administrator's (三员): jobs and backups are configuration's kin. */
async function authorizeRuns(ctx: AppContext, rc: RequestContext): Promise<void> {
  await authorize(
    ctx,
    rc,
    'settings.manage',
    { kind: 'none' },
    { audit: { action: 'jobs.view_runs', targetType: 'job_runs' } },
  );
}

/** The names the history knows, and the jobs this server runs (a job that never ran is listed too). */
async function jobNames(ctx: AppContext, running: readonly string[]): Promise<string[]> {
  const rows = await ctx.db.selectFrom('job_runs').select('job').distinct().execute();
  return [...new Set([...running, BACKUP_JOB, ...rows.map((r) => r.job)])].sort();
}

/** GET /api/job-runs: the runs, newest first unless asked otherwise, filtered by job, outcome and start. */
export async function listJobRuns(
  ctx: AppContext,
  rc: RequestContext,
  f: JobRunFilter,
  { page, pageSize, order }: { page: number; pageSize: number; order: 'asc' | 'desc' },
  running: readonly string[],
) {
  await authorizeRuns(ctx, rc);
  const q = filtered(ctx.db, f);
  const [rows, total, jobs] = await Promise.all([
    q
      .selectAll()
      .orderBy('started_at', order)
      .orderBy('id', order)
      .limit(pageSize)
      .offset(offsetOf(page, pageSize))
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    jobNames(ctx, running),
  ]);
  return { items: rows.map(toDto), total: Number(total.n), page, pageSize, jobs };
}

/** The last run of each job and the last good backup, for the operations cards (after authorizeRuns' ability). */
export async function latestRuns(ctx: AppContext, running: readonly string[]) {
  const names = await jobNames(ctx, running);
  const last = await Promise.all(
    names.map((job) =>
      ctx.db
        .selectFrom('job_runs')
        .selectAll()
        .where('job', '=', job)
        .orderBy('started_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ),
  );
  const lastGoodBackup = await ctx.db
    .selectFrom('job_runs')
    .selectAll()
    .where('job', '=', BACKUP_JOB)
    .where('outcome', '=', 'ok')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    jobs: names.map((job, i) => ({ job, last: last[i] ? toDto(last[i]) : null })),
    lastGoodBackup: lastGoodBackup ? toDto(lastGoodBackup) : null,
  };
}
