import type { Kysely } from 'kysely';

/**
 * When the current holder took a job's lease, by the database's clock (jobs/scheduler.ts): a finished run records
 * it as the job's last run, so intervals count from run start to run start on one clock every instance shares,
 * whatever the instances' own clocks say (ADR 0027). Null while nobody holds the lease.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('job_leases').addColumn('taken_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('job_leases').dropColumn('taken_at').execute();
}
