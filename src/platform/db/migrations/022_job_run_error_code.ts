import type { Kysely } from 'kysely';

/**
 * Why a run failed, as a code of the job's vocabulary (contracts/backup-failures.ts: a full disk, a checksum that
 * differs, ...) beside its English message, so the workbench and the notices say it in the reader's language
 * (ADR 0035).
 * Null for a run that went well, a job without such codes, and the runs recorded before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('job_runs').addColumn('error_code', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('job_runs').dropColumn('error_code').execute();
}
