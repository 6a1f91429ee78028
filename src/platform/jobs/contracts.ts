import { z } from 'zod';
import { isoDateTime, pageOf, pageQuery } from '../contracts/common.js';

export const JOB_OUTCOMES = ['ok', 'failed'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** A job's name: `<module>.<what>` or `backup`. */
const jobName = z
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
  summary: z.string().nullable(),
  bytes: z.number().int().nullable(),
});
export type JobRun = z.infer<typeof jobRunSchema>;
export const jobRunListResponse = pageOf(jobRunSchema).extend({ jobs: z.array(z.string()) });
