import type { AudienceRule, CourseKind, CourseMode, CourseStatus, SessionStatus } from '../../../kernel/training.js';
import type { Actor } from '../../../kernel/actor.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { departmentPath, departmentPaths, todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import type { ProblemCode } from '../../../platform/contracts/problems.js';
import { can, type TrainingSessionResource } from '../../../policy/index.js';
import { sessionDepartmentRefusal } from '../../../policy/training.js';
import type {
  Attendee,
  CreateSessionInput,
  SessionDetail,
  SessionSummary,
  UpdateSessionInput,
} from '../contracts/sessions.js';
import {
  cancelProblem,
  closeProblem,
  editProblem,
  invitationProblem,
  scheduleProblem,
  signUpProblem,
  withdrawProblem,
  type SessionCourseFacts,
  type SessionFacts,
  type SessionPersonFacts,
  type SessionProblem,
} from '../domain/sessions.js';
import {
  assignedCourses,
  attendeesOf,
  countsOf,
  enrolmentsOf,
  findSession,
  insertSession,
  listSessions as listSessionRows,
  updateSession as updateSessionRow,
  type SessionView,
} from '../repositories/session-repo.js';
import { trainingPeople, type TrainingPersonRecord } from './training-facts.js';

/**
 * Offline sessions (TRN-02, 03): the security administrator schedules them for anyone or a department, a department
 * head for their own department or one under it; the organiser (with the office and the department's head) edits,
 * cancels, closes them (held) and keeps the list. People sign themselves up (refused when full, not meant for them,
 * past or cancelled) and withdraw before it starts. The rules are domain/sessions.ts; the list's capacity holds under
 * concurrent sign-ups (the session row is locked, SQLite's write transaction serialises). Attendance:
 * attendance-service.ts.
 */
export const SESSION_TARGET = 'training_session';

type Q = Db | Trx;

/** The session's course as the rules see it. */
export function courseOf(v: SessionView): SessionCourseFacts {
  return {
    status: v.course_status as CourseStatus,
    mode: v.course_mode as CourseMode,
    audience: JSON.parse(v.course_audience) as AudienceRule[],
  };
}

export function factsOf(v: SessionView, enrolled: number): SessionFacts {
  return {
    status: v.status as SessionStatus,
    startsAt: v.starts_at,
    endsAt: v.ends_at,
    capacity: v.capacity,
    departmentId: v.department_id,
    enrolled,
  };
}

export function resourceOf(v: SessionView, path: readonly string[]): TrainingSessionResource {
  return { kind: 'training_session', organiserId: v.organiser_id, departmentPath: v.department_id ? path : [] };
}

/** A person as a session's rules see them, or undefined when there is no such person. */
export async function sessionPerson(
  ctx: AppContext,
  q: Q,
  userId: string,
): Promise<{ record: TrainingPersonRecord; assigned: Set<string> } | undefined> {
  const [record] = await trainingPeople(ctx, q, { userIds: [userId] });
  if (!record) return undefined;
  return { record, assigned: await assignedCourses(q, userId) };
}

export function personFacts(
  p: { record: TrainingPersonRecord; assigned: Set<string> },
  courseId: string,
  enrolment: { attended_at: string | null } | undefined,
): SessionPersonFacts {
  return {
    person: p.record.facts,
    active: p.record.status === 'active',
    assigned: p.assigned.has(courseId),
    enrolled: enrolment !== undefined,
    attended: !!enrolment?.attended_at,
  };
}

/** A refusal of a session rule: 403 (audited) for who the session is not for, 400 for bad input, else 409. */
export async function sessionRefusal(
  ctx: AppContext,
  rc: RequestContext,
  event: { action: Parameters<typeof audit>[3]['action']; targetId: string; details?: Record<string, unknown> },
  problem: SessionProblem,
): Promise<never> {
  const message = MESSAGES[problem];
  const details = { problem: problem as ProblemCode, ...event.details };
  if (problem === 'not_invited' || problem === 'person_not_in_department')
    return refuse(
      ctx,
      rc,
      { action: event.action, targetType: SESSION_TARGET, targetId: event.targetId, details: { reason: problem } },
      new AppError('forbidden', message, details),
    );
  const code = problem === 'session_times' || problem === 'session_in_past' || problem === 'course_not_offline';
  throw new AppError(code ? 'bad_request' : 'conflict', message, details);
}

/** A session rule refused inside a transaction: rolled back, then answered (and audited) outside it. */
export class RuleRefusal extends Error {
  constructor(
    readonly problem: SessionProblem,
    readonly details?: Record<string, unknown>,
  ) {
    super(problem);
  }
}

/** `tx`, answering a `RuleRefusal` thrown in it once the transaction is rolled back (a refusal audit needs its own). */
export async function ruleTx<T>(
  ctx: AppContext,
  rc: RequestContext,
  action: Parameters<typeof audit>[3]['action'],
  targetId: string,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> {
  try {
    return await tx(ctx, fn);
  } catch (e) {
    if (e instanceof RuleRefusal) return sessionRefusal(ctx, rc, { action, targetId, details: e.details }, e.problem);
    throw e;
  }
}

const MESSAGES: Record<SessionProblem, string> = {
  session_full: 'Every seat of this session is taken',
  not_invited: 'This person is not in the course audience and was not assigned the course',
  person_not_in_department: "This person is not in the session's department",
  person_inactive: "This person's account is disabled or departed",
  session_closed: 'This session was held or cancelled',
  session_started: 'This session has begun',
  session_too_early: 'This session has not begun',
  session_times: 'The session must end after it starts, within 24 hours',
  session_in_past: 'The start time has passed',
  session_has_attendance: 'Someone attended: close the session instead',
  session_capacity_below_enrolled: 'The capacity is lower than the people signed up',
  course_not_offline: 'Only offline courses have sessions',
  course_not_published: 'The course is not published',
  already_signed_up: 'Already on the list',
  not_signed_up: 'Not on the list',
  already_attended: 'Attendance is already recorded',
};

const utc = (iso: string) => new Date(iso).toISOString();

/** Everything a list or a page shows of sessions, for this caller. */
async function summariesOf(ctx: AppContext, q: Q, actor: Actor, views: SessionView[]): Promise<SessionSummary[]> {
  if (views.length === 0) return [];
  const ids = views.map((v) => v.id);
  const [counts, mine, paths, me, today] = [
    await countsOf(q, ids),
    await enrolmentsOf(q, actor.id, ids),
    await departmentPaths(q),
    await sessionPerson(ctx, q, actor.id),
    await todayOf(ctx, q),
  ];
  const now = ctx.now().toISOString();
  return views.map((v) => {
    const c = counts.get(v.id) ?? { enrolled: 0, attended: 0 };
    const mineRow = mine.get(v.id);
    const s = factsOf(v, c.enrolled);
    const p = me ? personFacts(me, v.course_id, mineRow) : undefined;
    return {
      id: v.id,
      courseId: v.course_id,
      courseTitle: v.course_title,
      courseKind: v.course_kind as CourseKind,
      startsAt: v.starts_at,
      endsAt: v.ends_at,
      place: v.place,
      trainer: v.trainer,
      capacity: v.capacity,
      enrolled: c.enrolled,
      attended: c.attended,
      departmentId: v.department_id,
      departmentName: v.department_name,
      organiser: { id: v.organiser_id, displayName: v.organiser_name },
      status: v.status as SessionStatus,
      version: v.version,
      me: mineRow ? { enrolledAt: mineRow.enrolled_at, attendedAt: mineRow.attended_at } : null,
      canManage: can(
        actor,
        'training.manage_session',
        resourceOf(v, v.department_id ? (paths.get(v.department_id) ?? []) : []),
      ),
      signUpProblem: p ? signUpProblem(s, courseOf(v), p, now, today) : 'person_inactive',
      withdrawProblem: p ? withdrawProblem(s, p, now, false) : 'not_signed_up',
    };
  });
}

/** May the caller see this session: they manage it, are on its list, or it is open and meant for them. */
function visibleTo(
  summary: SessionSummary,
  v: SessionView,
  me: { record: TrainingPersonRecord; assigned: Set<string> } | undefined,
  today: string,
): boolean {
  if (summary.canManage || summary.me) return true;
  if (!me || v.status !== 'scheduled' || v.course_status !== 'published') return false;
  return (
    invitationProblem(
      courseOf(v),
      { departmentId: v.department_id },
      personFacts(me, v.course_id, undefined),
      today,
    ) === null
  );
}

export function attendeeOf(r: Awaited<ReturnType<typeof attendeesOf>>[number]): Attendee {
  return {
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    departmentName: r.department_name,
    enrolledAt: r.enrolled_at,
    enrolledBy: r.enrolled_by_name,
    attendedAt: r.attended_at,
    method: (r.method as Attendee['method']) ?? null,
    recordedByName: r.recorder_name,
  };
}

/** The sessions of a scope for the caller (see `SESSION_SCOPES`). */
export async function listSessions(
  ctx: AppContext,
  rc: RequestContext,
  query: { scope?: 'upcoming' | 'mine' | 'organising'; courseId?: string },
): Promise<{ items: SessionSummary[] }> {
  const actor = actorOf(rc);
  const scope = query.scope ?? 'upcoming';
  const now = ctx.now().toISOString();
  const views =
    scope === 'upcoming'
      ? await listSessionRows(ctx.db, { status: 'scheduled', endsAfter: now, courseId: query.courseId })
      : scope === 'mine'
        ? await listSessionRows(ctx.db, {
            ids: [...(await enrolmentsOf(ctx.db, actor.id)).keys()],
            courseId: query.courseId,
          })
        : await listSessionRows(ctx.db, { courseId: query.courseId });
  const summaries = await summariesOf(ctx, ctx.db, actor, views);
  if (scope === 'mine') return { items: summaries.reverse() };
  if (scope === 'organising') return { items: summaries.filter((s) => s.canManage).reverse() };
  const [me, today] = [await sessionPerson(ctx, ctx.db, actor.id), await todayOf(ctx)];
  return { items: summaries.filter((s, i) => visibleTo(s, views[i]!, me, today)) };
}

/**
 * The session, or 404 (audited) when the caller may not see it. With the sign-in list when they may manage it.
 */
export async function loadVisible(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: Parameters<typeof audit>[3]['action'] = 'training.session_view',
): Promise<{ view: SessionView; summary: SessionSummary; resource: TrainingSessionResource }> {
  const actor = actorOf(rc);
  const event = { action, targetType: SESSION_TARGET, targetId: id };
  const view = await findSession(ctx.db, id);
  if (!view) return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  const [summary] = await summariesOf(ctx, ctx.db, actor, [view]);
  const [me, today] = [await sessionPerson(ctx, ctx.db, actor.id), await todayOf(ctx)];
  if (!visibleTo(summary!, view, me, today))
    return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  const resource = resourceOf(view, await departmentPath(ctx.db, view.department_id));
  return { view, summary: summary!, resource };
}

export async function getSession(ctx: AppContext, rc: RequestContext, id: string): Promise<SessionDetail> {
  const { summary } = await loadVisible(ctx, rc, id);
  return detailOf(ctx, ctx.db, summary);
}

async function detailOf(ctx: AppContext, q: Q, summary: SessionSummary): Promise<SessionDetail> {
  const people = summary.canManage ? (await attendeesOf(q, summary.id)).map(attendeeOf) : null;
  return { ...summary, people };
}

async function reload(ctx: AppContext, rc: RequestContext, id: string): Promise<SessionDetail> {
  const view = await findSession(ctx.db, id);
  if (!view) throw notFound();
  const [summary] = await summariesOf(ctx, ctx.db, actorOf(rc), [view]);
  return detailOf(ctx, ctx.db, summary!);
}

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

export { reload as sessionDetail };
