/** The workbench's own calls (the overview cards, the job-run history) on the typed client. */
import { BACKUP_FAILURES } from '../../../../src/platform/contracts/backup-failures.js';
import { BACKGROUND, api as client, call, type BodyOf, type QueryOf } from '../api/client.js';

export const workbenchApi = {
  overview: () => call(client.GET('/api/workbench/overview', { ...BACKGROUND })),
  jobRuns: (query: QueryOf<'/api/job-runs'>) => call(client.GET('/api/job-runs', { params: { query } })),
  jobSettings: () => call(client.GET('/api/settings/jobs')),
  saveJobSettings: (body: BodyOf<'/api/settings/jobs', 'put'>) => call(client.PUT('/api/settings/jobs', { body })),
  runJob: (name: string) => call(client.POST('/api/jobs/{name}/run', { params: { path: { name } } })),
  backupSchedule: () => call(client.GET('/api/settings/backup')),
  saveBackupSchedule: (body: BodyOf<'/api/settings/backup', 'put'>) =>
    call(client.PUT('/api/settings/backup', { body })),
};

export type OverviewCard = Awaited<ReturnType<typeof workbenchApi.overview>>['overviews'][number];
export type JobRunPage = Awaited<ReturnType<typeof workbenchApi.jobRuns>>;
export type JobSettings = Awaited<ReturnType<typeof workbenchApi.jobSettings>>;
export type BackupSchedule = Awaited<ReturnType<typeof workbenchApi.backupSchedule>>;

/** A fact of an overview card by name (and group: a job). */
export function factOf(card: OverviewCard, name: string, group: string | null = null) {
  return card.facts.find((f) => f.name === name && f.group === group)?.value ?? null;
}

/** The colour of a card's headline by its severity. */
export const SEVERITY_COLOUR = { normal: undefined, warning: '#d48806', danger: '#cf1322' } as const;

/** A job's text key: its name with the characters i18next reads as separators replaced (`mail.deliver` → `mail_deliver`). */
export const jobKey = (name: string) => `workbench:job.${name.replace(/[.-]/g, '_')}`;

/**
 * The text key of why a backup or a drill failed, by the run's code: a code this web does not know (a newer server's)
 * and a failure recorded before the codes read as the generic one; the run's error is then the only detail.
 */
export const failureKey = (code: string | null | undefined) =>
  `workbench:backupFailure.${BACKUP_FAILURES.find((c) => c === code) ?? 'unknown'}`;
