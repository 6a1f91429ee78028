import { z } from 'zod';
import { isoDateTime, MAX_INT32, pageOf, pageQuery, settingVersionField } from '../contracts/common.js';

/** Why a job interval was refused (texts in the web's workbench namespace, `problem.<code>`). */
export const JOB_PROBLEMS = [
  'job_unknown',
  'interval_not_whole_seconds',
  'interval_below_minimum',
  'interval_above_maximum',
  // Run now: the job is turned off (scheduled backups), or a run of it holds its lease on some instance.
  'job_off',
  'job_running',
] as const;
export type JobProblem = (typeof JOB_PROBLEMS)[number];

declare module '../contracts/problems.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProblemRegistry extends Record<JobProblem, true> {}
}

export const JOB_OUTCOMES = ['ok', 'failed'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** A job's name: `<module>.<what>` or `backup`. */
export const jobName = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_.-]*$/, 'a job name');

export const jobRunFilter = {
  job: jobName.optional(),
  outcome: z.enum(JOB_OUTCOMES).optional(),
  /** Runs started at or after this instant. */
  from: isoDateTime.optional(),
};
export type JobRunFilter = { job?: string | undefined; outcome?: JobOutcome | undefined; from?: string | undefined };

export const jobRunListQuery = z.strictObject({ ...pageQuery, ...jobRunFilter });

export const jobRunSchema = z.object({
  id: z.string(),
  job: z.string(),
  instanceId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  outcome: z.enum(JOB_OUTCOMES),
  error: z.string().nullable(),
  /** Why it failed as a code (a backup's or a drill's: `backupFailure` code texts); `error` is the English detail. */
  errorCode: z.string().nullable(),
  summary: z.string().nullable(),
  bytes: z.number().int().nullable(),
});
export type JobRun = z.infer<typeof jobRunSchema>;
export const jobRunListResponse = pageOf(jobRunSchema).extend({ jobs: z.array(z.string()) });

/** A job's interval as the system administrator sees and sets it (seconds), with its built-in interval and bounds. */
export const jobIntervalSchema = z.object({
  name: z.string(),
  intervalSeconds: z.number(),
  defaultSeconds: z.number(),
  minSeconds: z.number().int(),
  maxSeconds: z.number().int(),
});
export const jobSettingsResponse = z.object({ version: z.number().int(), jobs: z.array(jobIntervalSchema) });
export type JobSettings = z.infer<typeof jobSettingsResponse>;

/** Every job's interval in whole seconds (a job left out runs at its built-in interval); bounds are checked per job. */
export const updateJobSettingsBody = z.strictObject({
  version: settingVersionField,
  intervals: z.record(jobName, z.number().int().min(1).max(MAX_INT32)),
});

/** POST /api/jobs/:name/run: the job, started now in the background on this instance. */
export const runJobParams = z.strictObject({ name: jobName });
export const runJobResponse = z.object({ job: z.string(), started: z.literal(true) });
