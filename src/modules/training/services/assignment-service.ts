import type { z } from 'zod';
import type { AssignmentSource } from '../../../kernel/training.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import {
  SYSTEM_CONTEXT,
  actorOf,
  audit,
  newId,
  tx,
  type AppContext,
  type RequestContext,
} from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { notifyUsers, resolveTaskNotices } from '../../../platform/notifications/notification-service.js';
import { assignmentTask } from './completion-writer.js';
import type { AssignmentDto, assignBody, assignmentListQuery, cancelAssignmentBody } from '../contracts/records.js';
import {
  assignments,
  cancelAssignmentRow,
  courseBrief,
  findAssignment,
  insertAssignment,
} from '../repositories/record-repo.js';
import { trainingSubject } from './record-access.js';

/**
 * Follow-up training tasks (TRN-13): after an incident or an inspection finding (or as the office decides), people
 * are assigned a course to complete by a date. The task makes the course due to them (the due rules) until a
 * completion on or after the day it was assigned (`insertCompletion` marks it met), or the office cancels it. The
 * person is notified. The incident module assigns through `assignFollowUpTraining`, in its own transaction.
 */
export interface FollowUpTraining {
  userIds: readonly string[];
  courseId: string;
  /** The day by which to complete it ('YYYY-MM-DD', the organisation's calendar; not before today). */
  dueOn: string;
  reason: string;
  source: AssignmentSource;
  /** The case it follows from, as the assigning module names it (an incident number, a finding). */
  sourceRef?: string | null;
  /** Who assigns it (the audit trail's actor): the request's context; the system when not given. */
  rc?: RequestContext;
}

/**
 * Assigns a course to people in the caller's transaction (the incident module's entry; the API's too): checks the
 * course (published) the people (existing, active) and the date (not before today); writes one task per person,
 * notifies them and audits each. Returns the tasks' ids, in the order of `userIds`. The caller decides who may.
 */
export async function assignFollowUpTraining(ctx: AppContext, trx: Trx, input: FollowUpTraining): Promise<string[]> {
  const rc = input.rc ?? SYSTEM_CONTEXT;
  const course = await courseBrief(trx, input.courseId);
  if (!course)
    throw new AppError('bad_request', 'There is no such course', { field: 'courseId', problem: 'course_unknown' });
  if (course.status !== 'published')
    throw new AppError('conflict', 'Only a published course is assigned', { problem: 'course_not_published' });
  if (input.dueOn < (await todayOf(ctx, trx)))
    throw new AppError('bad_request', 'The task is due before today', { field: 'dueOn', problem: 'due_on_past' });
  const userIds = [...new Set(input.userIds)];
  for (const userId of userIds) {
    const u = await trx.selectFrom('users').select(['id', 'status']).where('id', '=', userId).executeTakeFirst();
    if (!u)
      throw new AppError('bad_request', 'There is no such person', {
        field: 'userIds',
        problem: 'record_person_unknown',
      });
    if (u.status !== 'active')
      throw new AppError('conflict', 'Nothing new is assigned to a disabled or departed person', {
        problem: 'person_inactive',
      });
  }
  const assignedBy = rc.actor?.id ?? null;
  const at = ctx.now().toISOString();
  const ids: string[] = [];
  for (const userId of userIds) {
    const id = newId();
    await insertAssignment(trx, {
      id,
      user_id: userId,
      course_id: course.id,
      due_on: input.dueOn,
      source: input.source,
      source_ref: input.sourceRef ?? null,
      reason: input.reason,
      assigned_by: assignedBy,
      assigned_at: at,
    });
    await notifyUsers(trx, ctx, [userId], {
      notice: 'trainingAssigned',
      params: { title: course.title, dueOn: input.dueOn, reason: input.reason, source: input.source },
      link: '/training',
      taskKey: assignmentTask(id),
    });
    await audit(trx, ctx, rc, {
      action: 'training.assign',
      targetType: 'training_assignment',
      targetId: id,
      details: {
        userId,
        courseId: course.id,
        dueOn: input.dueOn,
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        reason: input.reason,
      },
    });
    ids.push(id);
  }
  return ids;
}

/** The office assigns follow-up training to people (never to itself). */
export async function assign(
  ctx: AppContext,
  rc: RequestContext,
  input: z.infer<typeof assignBody>,
): Promise<AssignmentDto[]> {
  const event = { action: 'training.assign' as const, targetType: 'training_course', targetId: input.courseId };
  await authorize(ctx, rc, 'training.assign', { kind: 'none' }, { audit: event });
  for (const userId of new Set(input.userIds)) {
    const subject = await trainingSubject(ctx.db, userId);
    if (!subject)
      throw new AppError('bad_request', 'There is no such person', {
        field: 'userIds',
        problem: 'record_person_unknown',
      });
    await authorize(
      ctx,
      rc,
      'training.assign',
      { kind: 'training_person', userId, departmentPath: subject.departmentPath },
      { audit: { ...event, details: { userId } }, message: 'Nobody assigns training on their own record' },
    );
  }
  const ids = await tx(ctx, (trx) =>
    assignFollowUpTraining(ctx, trx, {
      userIds: input.userIds,
      courseId: input.courseId,
      dueOn: input.dueOn,
      reason: input.reason,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      rc,
    }),
  );
  const rows = await assignments(ctx.db, { ids });
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

/** The follow-up tasks, for the office. */
export async function listAssignments(
  ctx: AppContext,
  rc: RequestContext,
  query: z.infer<typeof assignmentListQuery>,
): Promise<{ items: AssignmentDto[] }> {
  await authorize(
    ctx,
    rc,
    'training.assign',
    { kind: 'none' },
    { audit: { action: 'training.view_person', targetType: 'training_assignment', targetId: null } },
  );
  return {
    items: await assignments(ctx.db, {
      ...(query.state ? { state: query.state } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.courseId ? { courseId: query.courseId } : {}),
    }),
  };
}

/** The office cancels an open task (at its version); the person is told. */
export async function cancelAssignment(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: z.infer<typeof cancelAssignmentBody>,
): Promise<AssignmentDto> {
  const actor = actorOf(rc);
  const event = { action: 'training.cancel_assignment' as const, targetType: 'training_assignment', targetId: id };
  await authorize(ctx, rc, 'training.assign', { kind: 'none' }, { audit: event });
  const found = await findAssignment(ctx.db, id);
  if (!found) return refuse(ctx, rc, event, notFound());
  const subject = await trainingSubject(ctx.db, found.dto.userId);
  await authorize(
    ctx,
    rc,
    'training.assign',
    { kind: 'training_person', userId: found.dto.userId, departmentPath: subject?.departmentPath ?? [] },
    { audit: event, message: 'Nobody cancels training on their own record' },
  );
  const closed = () =>
    new AppError('conflict', 'The task was already met or cancelled', { problem: 'assignment_closed' });
  if (found.dto.state !== 'open') throw closed();
  await tx(ctx, async (trx) => {
    if (!(await cancelAssignmentRow(trx, id, input.version, actor.id, ctx.now().toISOString()))) {
      const now = await findAssignment(trx, id);
      if (now && now.dto.state !== 'open') throw closed();
      throw staleVersion();
    }
    await resolveTaskNotices(trx, assignmentTask(id), ctx.now().toISOString());
    await notifyUsers(trx, ctx, [found.dto.userId], {
      notice: 'trainingAssignmentCancelled',
      params: { title: found.dto.title },
      link: '/training',
    });
    await audit(trx, ctx, rc, {
      action: 'training.cancel_assignment',
      targetType: 'training_assignment',
      targetId: id,
      details: { userId: found.dto.userId, courseId: found.dto.courseId, dueOn: found.dto.dueOn },
    });
  });
  return (await findAssignment(ctx.db, id))!.dto;
}
