/**
 * The rules of scheduled backups (pure: no I/O, no clock — `now` is passed in): which backups the retention keeps,
 * and when the last good backup is overdue. ADR 0031.
 */

/** The system administrator's backup schedule (the interval itself is the `backup` job's interval setting). */
export interface BackupSchedule {
  /** Scheduled backups run only when turned on (off by default: ADR 0031). */
  enabled: boolean;
  /** When the schedule was last turned on: the overdue clock starts there while no good backup exists. */
  enabledAt: string | null;
  /** Keep at most this many backups (null: no limit by count). */
  keepCount: number | null;
  /** Keep backups at most this many days (null: no limit by age). */
  keepDays: number | null;
  /** Restore the latest backup into a scratch copy and verify it, at the `backup.drill` job's interval. */
  drillEnabled: boolean;
}

export const DEFAULT_SCHEDULE: BackupSchedule = {
  enabled: false,
  enabledAt: null,
  keepCount: 14,
  keepDays: null,
  drillEnabled: false,
};

/** Bounds of the retention settings (whole numbers). */
export const KEEP_COUNT_MAX = 1000;
export const KEEP_DAYS_MAX = 3650;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A finished backup folder found in the target directory. */
export interface BackupFolder {
  name: string;
  createdAt: string;
}

/** A run of the `backup.drill` job as the history holds it: its summary or error starts with the backup's name. */
export interface DrillRun {
  outcome: string;
  summary: string | null;
  error: string | null;
}

/** The backup a drill run names (`baomi-<stamp>[-n]: …`), or null (no backup to drill, or not a drill's text). */
export function drilledBackupOf(run: DrillRun): string | null {
  const m = /^(baomi-\d{8}T\d{6}Z(?:-\d+)?): /.exec((run.outcome === 'ok' ? run.summary : run.error) ?? '');
  return m ? m[1]! : null;
}

/**
 * The backups whose latest drill passed, from the drill runs newest first: a backup that passed and later failed
 * (its files changed since) counts as failed.
 */
export function backupsPassingDrill(newestFirst: readonly DrillRun[]): Set<string> {
  const seen = new Set<string>();
  const passed = new Set<string>();
  for (const run of newestFirst) {
    const name = drilledBackupOf(run);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    if (run.outcome === 'ok') passed.add(name);
  }
  return passed;
}

/**
 * The backups the retention deletes: those beyond the newest `keepCount`, and those older than `keepDays`. Two are
 * never deleted, whatever the settings: the newest backup (when backups stop, the last one must stay) and the newest
 * whose latest drill passed (`drillPassed`: the last backup known to restore must stay while newer ones are
 * undrilled or failed theirs). Folders are compared by their creation instant, then name (two in one second are
 * told apart by their suffix).
 */
export function backupsToPrune(
  backups: readonly BackupFolder[],
  rule: Pick<BackupSchedule, 'keepCount' | 'keepDays'>,
  now: Date,
  drillPassed: ReadonlySet<string> = new Set(),
): string[] {
  const newestFirst = [...backups].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name),
  );
  const newestPassed = newestFirst.find((b) => drillPassed.has(b.name))?.name;
  const cutoff = rule.keepDays === null ? null : new Date(now.getTime() - rule.keepDays * DAY_MS).toISOString();
  return newestFirst
    .filter((b, i) => {
      if (i === 0 || b.name === newestPassed) return false;
      const beyondCount = rule.keepCount !== null && i >= rule.keepCount;
      const tooOld = cutoff !== null && b.createdAt < cutoff;
      return beyondCount || tooOld;
    })
    .map((b) => b.name);
}

/**
 * The grace after a missed interval before a backup counts as overdue: a quarter of the interval, at least ten
 * minutes (a backup takes time, and a restart delays the job by a tick) and at most six hours (a daily backup
 * missed by a quarter of a day is news the same working day).
 */
export function graceMs(intervalMs: number): number {
  return Math.min(Math.max(intervalMs / 4, 10 * MINUTE_MS), 6 * 60 * MINUTE_MS);
}

/**
 * Whether the backups are overdue: the schedule is on and no good backup finished within the interval plus the
 * grace — counted from the last good backup, or from when the schedule was turned on if there is none yet.
 */
export function backupOverdue(
  schedule: Pick<BackupSchedule, 'enabled' | 'enabledAt'>,
  lastGoodAt: string | null,
  intervalMs: number,
  now: Date,
): boolean {
  if (!schedule.enabled) return false;
  const since = lastGoodAt ?? schedule.enabledAt;
  if (since === null) return false;
  return now.getTime() - new Date(since).getTime() > intervalMs + graceMs(intervalMs);
}

/**
 * The condition a notice is about, as its deduplication key: one notice per condition, not one per tick. A failure
 * or an overdue state is the same condition until a new good backup is made (or, with none yet, until the schedule
 * is turned on again).
 */
export function conditionKey(
  kind: 'failed' | 'overdue',
  lastGoodRunId: string | null,
  enabledAt: string | null,
): string {
  return `backup.${kind}:${lastGoodRunId ?? `never:${enabledAt ?? '-'}`}`;
}

/** A backup folder's creation instant from its name (`baomi-20261207T042041Z`, maybe `-2`); null if not one. */
export function createdAtOfName(name: string): string | null {
  const m = /^baomi-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-\d+)?$/.exec(name);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}
