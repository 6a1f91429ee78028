import type { CompletionSource } from '../../../kernel/training.js';
import type { AppContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { nextCounter } from '../../../platform/db/counters.js';
import { newId } from '../../../platform/context.js';
import { resolveTaskNotices } from '../../../platform/notifications/notification-service.js';

/** The task of a person's 「培训任务」 notice: the assignment, met by a completion or cancelled. */
export const assignmentTask = (assignmentId: string): string => `training.assignment:${assignmentId}`;

/**
 * Writes a completion (kept as recorded, never updated), in the caller's transaction: the one place a course becomes
 * completed, whether its online materials were finished, a session attended, or the office recorded it. Numbers the
 * certificate of completion (TRN-2026-000042: a per-year sequence, never reused), counts the round (the first time
 * through is 1; a refresher after a completion is 2, ...) and marks the open follow-up tasks of that course met.
 */
export interface NewCompletion {
  userId: string;
  courseId: string;
  /** The completion's id when the caller chose it (an upload's idempotency key); a new one otherwise. */
  id?: string;
  /** The organisation's calendar day it was completed. */
  completedOn: string;
  source: CompletionSource;
  sessionId?: string | null;
  minutesSpent?: number | null;
  evidenceBlobId?: string | null;
  note?: string | null;
  /** Who recorded it: the person (online), the organiser (a session), the office; null for the system. */
  recordedBy: string | null;
}

/** The round the person is in with the course: one more than their completions of it. */
export async function currentRound(q: Trx, userId: string, courseId: string): Promise<number> {
  const r = await q
    .selectFrom('training_completions')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId)
    .executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

export async function insertCompletion(
  trx: Trx,
  ctx: AppContext,
  c: NewCompletion,
): Promise<{ id: string; certificateNo: string; round: number }> {
  const year = c.completedOn.slice(0, 4);
  const seq = await nextCounter(trx, `training.certificate.${year}`);
  const certificateNo = `TRN-${year}-${String(seq).padStart(6, '0')}`;
  const round = await currentRound(trx, c.userId, c.courseId);
  const id = c.id ?? newId();
  const now = ctx.now().toISOString();
  // Unique (user, course, round): of two completions racing for one round, one is written, the other fails.
  await trx
    .insertInto('training_completions')
    .values({
      id,
      certificate_no: certificateNo,
      user_id: c.userId,
      course_id: c.courseId,
      round,
      completed_on: c.completedOn,
      source: c.source,
      session_id: c.sessionId ?? null,
      minutes_spent: c.minutesSpent ?? null,
      evidence_blob_id: c.evidenceBlobId ?? null,
      note: c.note ?? null,
      recorded_by: c.recordedBy,
      recorded_at: now,
    })
    .execute();
  const met = await trx
    .updateTable('training_assignments')
    .set((eb) => ({ completion_id: id, version: eb('version', '+', 1) }))
    .where('user_id', '=', c.userId)
    .where('course_id', '=', c.courseId)
    .where('completion_id', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('assigned_at', '<=', now)
    .returning('id')
    .execute();
  // Their 「培训任务」 notices are done: the task was met.
  for (const a of met) await resolveTaskNotices(trx, assignmentTask(a.id), now);
  return { id, certificateNo, round };
}
