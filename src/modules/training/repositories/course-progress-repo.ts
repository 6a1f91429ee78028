import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { TrainingCompletionTable, TrainingProgressTable } from '../schema.js';

/** SQL on the progress people make through online materials, and the completions they read back. */
type Q = Db | Trx;
export type ProgressRow = Selectable<TrainingProgressTable>;
export type CompletionRow = Selectable<TrainingCompletionTable>;

export async function findProgress(
  q: Q,
  userId: string,
  materialId: string,
  round: number,
): Promise<ProgressRow | undefined> {
  return q
    .selectFrom('training_progress')
    .selectAll()
    .where('user_id', '=', userId)
    .where('material_id', '=', materialId)
    .where('round', '=', round)
    .executeTakeFirst();
}

export async function progressOf(q: Q, userId: string, courseId: string, round: number): Promise<ProgressRow[]> {
  return q
    .selectFrom('training_progress')
    .selectAll()
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .where('round', '=', round)
    .execute();
}

export async function insertProgress(trx: Trx, row: Insertable<TrainingProgressTable>): Promise<void> {
  await trx.insertInto('training_progress').values(row).execute();
}

export async function updateProgress(
  trx: Trx,
  userId: string,
  materialId: string,
  round: number,
  set: Partial<Pick<ProgressRow, 'seconds_spent' | 'finished_at' | 'updated_at'>>,
): Promise<void> {
  await trx
    .updateTable('training_progress')
    .set(set)
    .where('user_id', '=', userId)
    .where('material_id', '=', materialId)
    .where('round', '=', round)
    .execute();
}

/** A person's completions of a course, the latest first. */
export async function completionsOf(q: Q, userId: string, courseId: string): Promise<CompletionRow[]> {
  return q
    .selectFrom('training_completions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .orderBy('round', 'desc')
    .execute();
}

/** A completion with the person's and the course's names (the certificate's facts). */
export async function findCompletionForCertificate(q: Q, id: string) {
  return q
    .selectFrom('training_completions as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('training_courses as tc', 'tc.id', 'c.course_id')
    .select([
      'c.id',
      'c.certificate_no',
      'c.user_id',
      'c.course_id',
      'c.round',
      'c.completed_on',
      'c.source',
      'c.minutes_spent',
      'u.display_name as user_name',
      'u.username',
      'u.department_id',
      'tc.title as course_title',
      'tc.kind as course_kind',
      'tc.mode as course_mode',
      'tc.topics as course_topics',
      'tc.duration_minutes',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
