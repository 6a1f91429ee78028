import type { Kysely } from 'kysely';

/**
 * The job-run history: one row per run of a scheduled job (written by the scheduler around every run) and per
 * `baomi backup`, with the instance that ran it, when, the outcome and the error, so the system administrator sees
 * what ran and what failed, and how old the last backup is. Runs older than the retention are pruned as new ones
 * are written (jobs/job-runs.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('summary', 'text')
    .addColumn('bytes', 'bigint')
    .execute();
  await db.schema.createIndex('job_runs_job_idx').on('job_runs').columns(['job', 'started_at']).execute();
  await db.schema.createIndex('job_runs_started_idx').on('job_runs').columns(['started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
}
