import { can } from '../../policy/index.js';
import type { AppContext, RequestContext } from '../context.js';
import type { OverviewCardDef } from '../workbench/cards.js';
import type { OverviewFact, OverviewFigure } from '../workbench/contracts.js';
import { ageInDays, backupSeverity, jobsSeverity } from '../workbench/overview-rules.js';
import { runningJobNames } from './builtin.js';
import type { JobOutcome, JobRunFilter } from './contracts.js';
import { BACKUP_JOB, latestRuns, listJobRuns } from './job-runs.js';
import { backupOverdue } from '../backup/schedule-rules.js';
import { DRILL_JOB, intervalOf, readSchedule } from '../backup/schedule-settings.js';
import type { Severity } from '../workbench/overview-rules.js';

/** Failures within this many days are shown beside each job. */
const FAILURE_DAYS = 7;
/** Backups within this many days are counted on the backup card. */
const BACKUP_DAYS = 30;

const DAY_MS = 86_400_000;

/** One figure: counted by the history's own list for the same filter, linking to that list. */
async function figure(
  ctx: AppContext,
  rc: RequestContext,
  series: string,
  filter: JobRunFilter & { job: string },
  running: readonly string[],
): Promise<OverviewFigure> {
  const page = await listJobRuns(ctx, rc, filter, { page: 1, pageSize: 1, order: 'desc' }, running);
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();
  return {
    series,
    group: filter.job,
    count: page.total,
    link: { web: `/job-runs?${query}`, api: `/api/job-runs?${query}` },
  };
}

const RANK: Record<Severity, number> = { normal: 0, warning: 1, danger: 2 };
const worst = (...all: Severity[]): Severity => all.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'normal');

const sinceDays = (ctx: AppContext, days: number) => new Date(ctx.now().getTime() - days * DAY_MS).toISOString();

/**
 * The system administrator's overview cards (三员: running the installation is theirs): each scheduled job's last run
 * and its failures this week, and the backups — the last good one and its age, red when there is none, it is older
 * than a week or the schedule's interval plus grace has passed (ADR 0031); the last restore drill, amber when it failed.
 */
export const OPERATIONS_CARDS: OverviewCardDef[] = [
  {
    kind: 'overview',
    key: 'operations.jobs',
    visible: (actor) => can(actor, 'settings.manage'),
    async read(ctx, rc) {
      const running = runningJobNames(ctx);
      const { jobs } = await latestRuns(ctx, running);
      // Backups and their drills have their own card.
      const scheduled = jobs.filter((j) => j.job !== BACKUP_JOB && j.job !== DRILL_JOB);
      const from = sinceDays(ctx, FAILURE_DAYS);
      const figures = await Promise.all(
        scheduled.map((j) => figure(ctx, rc, 'failed', { job: j.job, outcome: 'failed', from }, running)),
      );
      const facts: OverviewFact[] = scheduled.flatMap((j) => [
        { name: 'last_run_at', group: j.job, value: j.last?.startedAt ?? null },
        { name: 'last_outcome', group: j.job, value: j.last?.outcome ?? null },
        { name: 'last_error', group: j.job, value: j.last?.error ?? null },
      ]);
      const outcomes = scheduled.flatMap((j) => (j.last ? [j.last.outcome] : [])) as JobOutcome[];
      return { severity: jobsSeverity(outcomes), figures, facts, web: '/job-runs' };
    },
  },
  {
    kind: 'overview',
    key: 'operations.backup',
    visible: (actor) => can(actor, 'settings.manage'),
    async read(ctx, rc) {
      const running = runningJobNames(ctx);
      const { jobs, lastGoodBackup: good } = await latestRuns(ctx, running);
      const last = jobs.find((j) => j.job === BACKUP_JOB)?.last ?? null;
      const drill = jobs.find((j) => j.job === DRILL_JOB)?.last ?? null;
      const [schedule, interval] = [await readSchedule(ctx), await intervalOf(ctx, BACKUP_JOB)];
      const overdue = backupOverdue(schedule, good?.finishedAt ?? null, interval, ctx.now());
      const from = sinceDays(ctx, BACKUP_DAYS);
      const figures = await Promise.all(
        (['ok', 'failed'] as const).map((outcome) =>
          figure(ctx, rc, outcome, { job: BACKUP_JOB, outcome, from }, running),
        ),
      );
      const facts: OverviewFact[] = [
        { name: 'last_good_at', group: null, value: good?.finishedAt ?? null },
        { name: 'last_good_where', group: null, value: good?.summary ?? null },
        { name: 'last_good_bytes', group: null, value: good?.bytes ?? null },
        { name: 'age_days', group: null, value: ageInDays(good?.finishedAt ?? null, ctx.now()) },
        { name: 'last_at', group: null, value: last?.finishedAt ?? null },
        { name: 'last_outcome', group: null, value: last?.outcome ?? null },
        { name: 'last_error', group: null, value: last?.error ?? null },
        // Why, as a code the web shows in the reader's language (contracts/backup-failures.ts); the error: detail.
        { name: 'last_error_code', group: null, value: last?.errorCode ?? null },
        { name: 'scheduled', group: null, value: schedule.enabled ? 'on' : 'off' },
        { name: 'overdue', group: null, value: overdue ? 'yes' : 'no' },
        { name: 'drill_at', group: null, value: drill?.finishedAt ?? null },
        { name: 'drill_outcome', group: null, value: drill?.outcome ?? null },
        { name: 'drill_error', group: null, value: drill?.error ?? null },
        { name: 'drill_error_code', group: null, value: drill?.errorCode ?? null },
        { name: 'drill_summary', group: null, value: drill?.summary ?? null },
        {
          name: 'drill_ms',
          group: null,
          value: drill ? Date.parse(drill.finishedAt) - Date.parse(drill.startedAt) : null,
        },
      ];
      return {
        severity: worst(
          backupSeverity(good?.finishedAt ?? null, ctx.now()),
          overdue ? 'danger' : 'normal',
          drill?.outcome === 'failed' ? 'warning' : 'normal',
        ),
        figures,
        facts,
        web: `/job-runs?job=${BACKUP_JOB}`,
      };
    },
  },
];
