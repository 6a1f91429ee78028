/** Table shapes of the job-run history (migration 018). Conventions as in the platform's db/schema.ts. */
export interface JobRunTable {
  id: string;
  /** The job's name (`mail.deliver`, a module's job) or `backup` for `baomi backup`. */
  job: string;
  /** The server or CLI process that ran it (several instances may share one database). */
  instance_id: string;
  started_at: string;
  finished_at: string;
  outcome: string; // JobOutcome
  /** The failure's message; null when the run went well. */
  error: string | null;
  /** The failure's code in the job's vocabulary (backup failures), when it has one (migration 022). */
  error_code: string | null;
  /** What the run reported (a job's summary; a backup's folder). */
  summary: string | null;
  /** A backup's size in bytes; null for jobs. */
  bytes: number | null;
}

export interface JobTables {
  job_runs: JobRunTable;
}

declare module '../db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends JobTables {}
  /** When the current holder took the lease, by the database's clock (migration 020); null while free. */
  interface JobLeaseTable {
    taken_at: string | null;
  }
}
