import type { CourseMode, CourseStatus } from '../../../kernel/training.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, forbidden, staleVersion } from '../../../platform/errors.js';
import { departmentPath } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import { sessionDepartmentRefusal } from '../../../policy/training.js';
import type { CreateSessionInput, SessionDetail, UpdateSessionInput } from '../contracts/sessions.js';
import { cancelProblem, closeProblem, editProblem, scheduleProblem } from '../domain/sessions.js';
import {
  attendeesOf,
  countsOf,
  findSession,
  insertSession,
  updateSession as updateSessionRow,
} from '../repositories/session-repo.js';
import { factsOf, RuleRefusal, ruleTx, sessionRefusal, SESSION_TARGET } from './session-facts.js';
import { loadVisible, sessionDetail as reload } from './session-reads.js';

/**
 * Offline sessions (TRN-02, 03): the security administrator schedules them for anyone or a department, a department
 * head for their own department or one under it; the organiser (with the office and the department's head) edits,
 * cancels, closes them (held) and keeps the list. People sign themselves up (refused when full, not meant for them,
 * past or cancelled) and withdraw before it starts. The rules are domain/sessions.ts; the list's capacity holds under
 * concurrent sign-ups (the session row is locked, SQLite's write transaction serialises). This file schedules, edits,
 * cancels and closes; the lists and a session's page are session-reads.ts, the facts the rules see and their refusals
 * session-facts.ts, the list's sign-ups session-people.ts, attendance attendance-service.ts.
 */

const utc = (iso: string) => new Date(iso).toISOString();

/** Schedules a session: the office for anyone or a department, a head for their own department or one under it. */
export async function createSession(
  ctx: AppContext,
  rc: RequestContext,
  input: CreateSessionInput,
): Promise<SessionDetail> {
  const actor = actorOf(rc);
  const event = { action: 'training.session_create' as const, targetType: 'training_course', targetId: input.courseId };
  await authorize(ctx, rc, 'training.manage_sessions', { kind: 'none' }, { audit: event });
  let path: string[] = [];
  if (input.departmentId !== null) {
    const exists = await ctx.db
      .selectFrom('departments')
      .select('id')
      .where('id', '=', input.departmentId)
      .executeTakeFirst();
    if (!exists)
      throw new AppError('bad_request', 'There is no such department', {
        field: 'departmentId',
        problem: 'department_unknown',
      });
    path = await departmentPath(ctx.db, input.departmentId);
  }
  const why = sessionDepartmentRefusal(actor, path);
  if (why)
    await refuse(
      ctx,
      rc,
      { ...event, details: { reason: why, departmentId: input.departmentId } },
      forbidden(
        input.departmentId === null
          ? 'Only the security office schedules sessions for the whole organisation'
          : 'You schedule sessions for your own department (or one under it) only',
      ),
    );
  const course = await ctx.db
    .selectFrom('training_courses')
    .select(['id', 'title', 'status', 'mode'])
    .where('id', '=', input.courseId)
    .executeTakeFirst();
  if (!course)
    throw new AppError('bad_request', 'There is no such course', { field: 'courseId', problem: 'course_unknown' });
  const startsAt = utc(input.startsAt);
  const endsAt = utc(input.endsAt);
  const problem = scheduleProblem(
    { status: course.status as CourseStatus, mode: course.mode as CourseMode },
    startsAt,
    endsAt,
    ctx.now().toISOString(),
  );
  if (problem) await sessionRefusal(ctx, rc, { action: event.action, targetId: course.id }, problem);
  const id = newId();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await insertSession(trx, {
      id,
      course_id: course.id,
      starts_at: startsAt,
      ends_at: endsAt,
      place: input.place,
      trainer: input.trainer,
      capacity: input.capacity,
      department_id: input.departmentId,
      organiser_id: actor.id,
      status: 'scheduled',
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await audit(trx, ctx, rc, {
      action: 'training.session_create',
      targetType: SESSION_TARGET,
      targetId: id,
      details: {
        courseId: course.id,
        startsAt,
        endsAt,
        place: input.place,
        trainer: input.trainer,
        capacity: input.capacity,
        departmentId: input.departmentId,
      },
    });
  });
  return reload(ctx, rc, id);
}

/** Loads the session for a change by whoever may manage it: 404 when not visible, 403 (audited) otherwise. */
export async function loadManaged(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: Parameters<typeof audit>[3]['action'],
  policyAction: 'training.manage_session' | 'training.record_attendance' = 'training.manage_session',
) {
  const loaded = await loadVisible(ctx, rc, id, action);
  await authorize(ctx, rc, policyAction, loaded.resource, {
    audit: { action, targetType: SESSION_TARGET, targetId: id },
  });
  return loaded;
}

/** Changes the times, place, trainer and capacity (the course and the department stay). */
export async function updateSession(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateSessionInput,
): Promise<SessionDetail> {
  await loadManaged(ctx, rc, id, 'training.session_update');
  const next = {
    startsAt: utc(input.startsAt),
    endsAt: utc(input.endsAt),
    place: input.place,
    trainer: input.trainer,
    capacity: input.capacity,
  };
  await ruleTx(ctx, rc, 'training.session_update', id, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', id);
    const v = (await findSession(trx, id))!;
    if (v.version !== input.version) throw staleVersion();
    const counts = (await countsOf(trx, [id])).get(id) ?? { enrolled: 0, attended: 0 };
    const problem = editProblem(factsOf(v, counts.enrolled), next, ctx.now().toISOString());
    if (problem) throw new RuleRefusal(problem);
    const set = {
      starts_at: next.startsAt,
      ends_at: next.endsAt,
      place: next.place,
      trainer: next.trainer,
      capacity: next.capacity,
    };
    if (!(await updateSessionRow(trx, id, input.version, set, ctx.now().toISOString()))) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'training.session_update',
      targetType: SESSION_TARGET,
      targetId: id,
      details: {
        before: { startsAt: v.starts_at, endsAt: v.ends_at, place: v.place, trainer: v.trainer, capacity: v.capacity },
        after: next,
      },
    });
  });
  return reload(ctx, rc, id);
}

/** Cancels a session nobody attended; the people on its list are told. */
export async function cancelSession(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number },
): Promise<SessionDetail> {
  await loadManaged(ctx, rc, id, 'training.session_cancel');
  await ruleTx(ctx, rc, 'training.session_cancel', id, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', id);
    const v = (await findSession(trx, id))!;
    if (v.version !== input.version) throw staleVersion();
    const counts = (await countsOf(trx, [id])).get(id) ?? { enrolled: 0, attended: 0 };
    const problem = cancelProblem(factsOf(v, counts.enrolled), counts.attended);
    if (problem) throw new RuleRefusal(problem);
    if (!(await updateSessionRow(trx, id, input.version, { status: 'cancelled' }, ctx.now().toISOString())))
      throw staleVersion();
    const people = (await attendeesOf(trx, id)).map((p) => p.user_id);
    await notifyUsers(trx, ctx, people, {
      notice: 'trainingSessionCancelled',
      params: { title: v.course_title, startsAt: v.starts_at, place: v.place },
      link: `/training/sessions/${id}`,
    });
    await audit(trx, ctx, rc, {
      action: 'training.session_cancel',
      targetType: SESSION_TARGET,
      targetId: id,
      details: { enrolled: people.length },
    });
  });
  return reload(ctx, rc, id);
}

/** Closes a session that began, as held: attendance ends. */
export async function closeSession(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number },
): Promise<SessionDetail> {
  await loadManaged(ctx, rc, id, 'training.session_close');
  await ruleTx(ctx, rc, 'training.session_close', id, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', id);
    const v = (await findSession(trx, id))!;
    if (v.version !== input.version) throw staleVersion();
    const counts = (await countsOf(trx, [id])).get(id) ?? { enrolled: 0, attended: 0 };
    const problem = closeProblem(factsOf(v, counts.enrolled), ctx.now().toISOString());
    if (problem) throw new RuleRefusal(problem);
    if (!(await updateSessionRow(trx, id, input.version, { status: 'held' }, ctx.now().toISOString())))
      throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'training.session_close',
      targetType: SESSION_TARGET,
      targetId: id,
      details: counts,
    });
  });
  return reload(ctx, rc, id);
}
