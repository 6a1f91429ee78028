import { hasMaterials, type CourseMode } from '../../../kernel/training.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError } from '../../../platform/errors.js';
import { departmentPath, todayOf } from '../../../platform/organisation.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import type { Learning } from '../contracts/courses.js';
import { findMaterial, materialsOf, type CourseRow } from '../repositories/course-repo.js';
import {
  completionsOf,
  findProgress,
  insertProgress,
  progressOf,
  updateProgress,
} from '../repositories/course-progress-repo.js';
import { currentRound, insertCompletion } from './completion-writer.js';
import { COURSE_TARGET, visibleCourse } from './course-service.js';

/**
 * Online learning (TRN-03): the person opens a course's materials one by one; the page sends heartbeats of the time
 * it is in front of them (each counted up to HEARTBEAT_MAX_SECONDS, and never more than the wall-clock time since the
 * last heartbeat or the opening); a material is finished once its least time (`min_minutes`) is spent; when every
 * material of the round is finished the course is completed (`insertCompletion`, source `online`) in the same
 * transaction, which numbers the certificate. Only for oneself (`training.take`), on a published online course.
 * Progress is kept per round: a refresher after a completion is worked through again.
 */

/** The most a heartbeat counts (the page sends one every 30 seconds while visible). */
export const HEARTBEAT_MAX_SECONDS = 120;

type Q = Db | Trx;
type Who = { userId?: string | undefined };

/** The person learning: oneself; another is refused (403 `not_yours`, audited). */
async function learner(
  ctx: AppContext,
  rc: RequestContext,
  input: Who,
  action: AuditAction,
  targetId: string,
): Promise<string> {
  const actor = actorOf(rc);
  const userId = input.userId ?? actor.id;
  const u = await ctx.db
    .selectFrom('users')
    .select(['id', 'department_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
  await authorize(
    ctx,
    rc,
    'training.take',
    {
      kind: 'training_person',
      userId,
      departmentPath: u ? await departmentPath(ctx.db, u.department_id) : [],
    },
    { audit: { action, targetType: COURSE_TARGET, targetId, details: { userId } } },
  );
  return userId;
}

/** A course taken online now: published (not a draft, not retired), online or blended. */
function assertLearnable(c: CourseRow): void {
  if (!hasMaterials(c.mode as CourseMode))
    throw new AppError('conflict', 'An offline course is taken in a session', { problem: 'course_offline' });
  if (c.status !== 'published')
    throw new AppError('conflict', 'The course is not open for learning', {
      problem: c.status === 'retired' ? 'course_retired' : 'course_not_published',
    });
}

/** Where the person stands with the course this round. */
export async function learningOf(
  q: Q,
  userId: string,
  courseId: string,
  completedNow: Learning['completedNow'] = null,
): Promise<Learning> {
  const current = await currentRoundOf(q, userId, courseId);
  const completions = await completionsOf(q, userId, courseId);
  let round = current;
  let progress = await progressOf(q, userId, courseId, current);
  // Nothing opened yet since the last completion: show the round completed (opening a material starts the next).
  if (progress.length === 0 && current > 1) {
    round = current - 1;
    progress = await progressOf(q, userId, courseId, round);
  }
  const materials = await materialsOf(q, courseId);
  const byMaterial = new Map(progress.map((p) => [p.material_id, p]));
  const rows = materials.map((m) => {
    const p = byMaterial.get(m.id);
    return {
      materialId: m.id,
      secondsSpent: p?.seconds_spent ?? 0,
      openedAt: p?.opened_at ?? null,
      finishedAt: p?.finished_at ?? null,
    };
  });
  return {
    courseId,
    round,
    roundCompleted: round < current,
    materials: rows,
    finishedCount: rows.filter((r) => r.finishedAt !== null).length,
    totalCount: rows.length,
    secondsSpent: rows.reduce((s, r) => s + r.secondsSpent, 0),
    completions: completions.map((c) => ({
      id: c.id,
      certificateNo: c.certificate_no,
      completedOn: c.completed_on,
      round: c.round,
      source: c.source,
    })),
    completedNow,
  };
}

async function currentRoundOf(q: Q, userId: string, courseId: string): Promise<number> {
  return currentRound(q as Trx, userId, courseId);
}

/** My progress through an online course (its materials this round, my completions of it). */
export async function myLearning(ctx: AppContext, rc: RequestContext, courseId: string): Promise<Learning> {
  const userId = await learner(ctx, rc, {}, 'training.learn', courseId);
  const c = await visibleCourse(ctx, rc, 'training.learn', courseId);
  if (!hasMaterials(c.mode as CourseMode))
    throw new AppError('conflict', 'An offline course is taken in a session', { problem: 'course_offline' });
  return learningOf(ctx.db, userId, courseId);
}

/** Opens a material (starts its clock; opening again restarts the heartbeat clock, keeping the time spent). */
export async function openMaterial(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  materialId: string,
  input: Who,
): Promise<Learning> {
  const userId = await learner(ctx, rc, input, 'training.learn', courseId);
  const c = await visibleCourse(ctx, rc, 'training.learn', courseId);
  assertLearnable(c);
  if (!(await findMaterial(ctx.db, courseId, materialId)))
    throw new AppError('not_found', 'Not found or no access', { problem: 'material_unknown' });
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'users', userId);
    const round = await currentRound(trx, userId, courseId);
    const p = await findProgress(trx, userId, materialId, round);
    if (p) await updateProgress(trx, userId, materialId, round, { updated_at: now });
    else
      await insertProgress(trx, {
        user_id: userId,
        material_id: materialId,
        course_id: courseId,
        round,
        seconds_spent: 0,
        opened_at: now,
        finished_at: null,
        updated_at: now,
      });
  });
  return learningOf(ctx.db, userId, courseId);
}

/** Counts time spent on an opened material: at most the cap, and no more than the time since the last count. */
export async function heartbeat(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  materialId: string,
  input: Who & { seconds: number },
): Promise<Learning> {
  const userId = await learner(ctx, rc, input, 'training.learn', courseId);
  const c = await visibleCourse(ctx, rc, 'training.learn', courseId);
  assertLearnable(c);
  const now = ctx.now();
  await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'users', userId);
    const round = await currentRound(trx, userId, courseId);
    const p = await findProgress(trx, userId, materialId, round);
    if (!p || p.course_id !== courseId)
      throw new AppError('conflict', 'Open the material first', { problem: 'material_not_opened' });
    const elapsed = Math.max(0, Math.floor((now.getTime() - new Date(p.updated_at).getTime()) / 1000));
    const counted = Math.min(input.seconds, HEARTBEAT_MAX_SECONDS, elapsed);
    await updateProgress(trx, userId, materialId, round, {
      seconds_spent: p.seconds_spent + counted,
      updated_at: now.toISOString(),
    });
  });
  return learningOf(ctx.db, userId, courseId);
}

/**
 * Finishes a material once its least time is spent; finishing the last one of the round completes the course (the
 * completion and its certificate number written in the same transaction).
 */
export async function finishMaterial(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  materialId: string,
  input: Who,
): Promise<Learning> {
  const userId = await learner(ctx, rc, input, 'training.learn', courseId);
  const c = await visibleCourse(ctx, rc, 'training.learn', courseId);
  assertLearnable(c);
  const m = await findMaterial(ctx.db, courseId, materialId);
  if (!m) throw new AppError('not_found', 'Not found or no access', { problem: 'material_unknown' });
  const completed = await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'users', userId);
    const round = await currentRound(trx, userId, courseId);
    const p = await findProgress(trx, userId, materialId, round);
    if (!p) {
      // Finished in the round just completed, nothing opened since (a repeated request): nothing more to do.
      const previous = round > 1 ? await findProgress(trx, userId, materialId, round - 1) : undefined;
      if (previous?.finished_at && (await progressOf(trx, userId, courseId, round)).length === 0) return null;
      throw new AppError('conflict', 'Open the material first', { problem: 'material_not_opened' });
    }
    if (p.seconds_spent < m.min_minutes * 60)
      throw new AppError('conflict', 'Not enough time spent on the material yet', {
        problem: 'material_time_short',
        secondsSpent: p.seconds_spent,
        secondsRequired: m.min_minutes * 60,
      });
    if (p.finished_at !== null) return null;
    const now = ctx.now().toISOString();
    await updateProgress(trx, userId, materialId, round, { finished_at: now, updated_at: now });
    await audit(trx, ctx, rc, {
      action: 'training.learn',
      targetType: COURSE_TARGET,
      targetId: courseId,
      details: { materialId, round, secondsSpent: p.seconds_spent },
    });
    const [materials, progress] = [await materialsOf(trx, courseId), await progressOf(trx, userId, courseId, round)];
    const finished = new Set(progress.filter((x) => x.finished_at !== null).map((x) => x.material_id));
    if (!materials.every((x) => finished.has(x.id))) return null;
    const seconds = progress.reduce((s, x) => s + x.seconds_spent, 0);
    const done = await insertCompletion(trx, ctx, {
      userId,
      courseId,
      completedOn: await todayOf(ctx, trx),
      source: 'online',
      minutesSpent: Math.round(seconds / 60),
      recordedBy: userId,
    });
    await audit(trx, ctx, rc, {
      action: 'training.complete_online',
      targetType: 'training_completion',
      targetId: done.id,
      details: {
        courseId,
        userId,
        round: done.round,
        certificateNo: done.certificateNo,
        minutesSpent: Math.round(seconds / 60),
      },
    });
    return { id: done.id, certificateNo: done.certificateNo };
  });
  return learningOf(ctx.db, userId, courseId, completed);
}
